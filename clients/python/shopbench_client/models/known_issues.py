from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.issue import Issue


T = TypeVar("T", bound="KnownIssues")


@_attrs_define
class KnownIssues:
    """The known-issues answer (seed 002's `/v1/known-issues` shape).

    Attributes:
        complaint_count (int): Distinct complaints looked at.
        status (str): `ok`, `insufficient_data` or `synthesis_unavailable`.
        issues (list[Issue] | None | Unset): The failure modes (status `ok`).
        minimum (int | None | Unset): The threshold (status `insufficient_data`).
        model_version (None | str | Unset): The method (status `ok`).
        reason (None | str | Unset): Why nothing was produced (status `synthesis_unavailable`).
    """

    complaint_count: int
    status: str
    issues: list[Issue] | None | Unset = UNSET
    minimum: int | None | Unset = UNSET
    model_version: None | str | Unset = UNSET
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        complaint_count = self.complaint_count

        status = self.status

        issues: list[dict[str, Any]] | None | Unset
        if isinstance(self.issues, Unset):
            issues = UNSET
        elif isinstance(self.issues, list):
            issues = []
            for issues_type_0_item_data in self.issues:
                issues_type_0_item = issues_type_0_item_data.to_dict()
                issues.append(issues_type_0_item)

        else:
            issues = self.issues

        minimum: int | None | Unset
        if isinstance(self.minimum, Unset):
            minimum = UNSET
        else:
            minimum = self.minimum

        model_version: None | str | Unset
        if isinstance(self.model_version, Unset):
            model_version = UNSET
        else:
            model_version = self.model_version

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "complaintCount": complaint_count,
                "status": status,
            }
        )
        if issues is not UNSET:
            field_dict["issues"] = issues
        if minimum is not UNSET:
            field_dict["minimum"] = minimum
        if model_version is not UNSET:
            field_dict["modelVersion"] = model_version
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.issue import Issue  # noqa: PLC0415

        d = dict(src_dict)
        complaint_count = d.pop("complaintCount")

        status = d.pop("status")

        def _parse_issues(data: object) -> list[Issue] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                issues_type_0 = []
                _issues_type_0 = data
                for issues_type_0_item_data in _issues_type_0:
                    issues_type_0_item = Issue.from_dict(issues_type_0_item_data)

                    issues_type_0.append(issues_type_0_item)

                return issues_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Issue] | None | Unset, data)

        issues = _parse_issues(d.pop("issues", UNSET))

        def _parse_minimum(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        minimum = _parse_minimum(d.pop("minimum", UNSET))

        def _parse_model_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model_version = _parse_model_version(d.pop("modelVersion", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        known_issues = cls(
            complaint_count=complaint_count,
            status=status,
            issues=issues,
            minimum=minimum,
            model_version=model_version,
            reason=reason,
        )

        known_issues.additional_properties = d
        return known_issues

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
