from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.issue import Issue
    from ..models.recalls_vehicle import RecallsVehicle
    from ..models.source_status import SourceStatus


T = TypeVar("T", bound="KnownIssuesReport")


@_attrs_define
class KnownIssuesReport:
    """`shopbench vin known-issues` — seed 002's `/v1/known-issues` shape: the
    failure modes of [`KnownIssues`] with the vehicle and where its complaints
    came from.

        Attributes:
            complaint_count (int): Distinct complaints looked at.
            status (str): `ok`, `insufficient_data` or `synthesis_unavailable`.
            provenance (SourceStatus): Where one source's data came from this time.
            vehicle (RecallsVehicle): A vehicle as NHTSA and Transport Canada index it: make, model, model year.
            issues (list[Issue] | None | Unset): The failure modes (status `ok`).
            minimum (int | None | Unset): The threshold (status `insufficient_data`).
            model_version (None | str | Unset): The method (status `ok`).
            reason (None | str | Unset): Why nothing was produced (status `synthesis_unavailable`).
            synthesized_at (None | str | Unset): When the failure modes were grouped (RFC 3339, UTC); status `ok` only.
    """

    complaint_count: int
    status: str
    provenance: SourceStatus
    vehicle: RecallsVehicle
    issues: list[Issue] | None | Unset = UNSET
    minimum: int | None | Unset = UNSET
    model_version: None | str | Unset = UNSET
    reason: None | str | Unset = UNSET
    synthesized_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        complaint_count = self.complaint_count

        status = self.status

        provenance = self.provenance.to_dict()

        vehicle = self.vehicle.to_dict()

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

        synthesized_at: None | str | Unset
        if isinstance(self.synthesized_at, Unset):
            synthesized_at = UNSET
        else:
            synthesized_at = self.synthesized_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "complaintCount": complaint_count,
                "status": status,
                "provenance": provenance,
                "vehicle": vehicle,
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
        if synthesized_at is not UNSET:
            field_dict["synthesizedAt"] = synthesized_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.issue import Issue  # noqa: PLC0415
        from ..models.recalls_vehicle import RecallsVehicle  # noqa: PLC0415
        from ..models.source_status import SourceStatus  # noqa: PLC0415

        d = dict(src_dict)
        complaint_count = d.pop("complaintCount")

        status = d.pop("status")

        provenance = SourceStatus.from_dict(d.pop("provenance"))

        vehicle = RecallsVehicle.from_dict(d.pop("vehicle"))

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

        def _parse_synthesized_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        synthesized_at = _parse_synthesized_at(d.pop("synthesizedAt", UNSET))

        known_issues_report = cls(
            complaint_count=complaint_count,
            status=status,
            provenance=provenance,
            vehicle=vehicle,
            issues=issues,
            minimum=minimum,
            model_version=model_version,
            reason=reason,
            synthesized_at=synthesized_at,
        )

        known_issues_report.additional_properties = d
        return known_issues_report

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
