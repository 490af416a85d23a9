from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mode import Mode

if TYPE_CHECKING:
    from ..models.estimate_failure import EstimateFailure


T = TypeVar("T", bound="EstimateFailed")


@_attrs_define
class EstimateFailed:
    """`GET /v1/estimates/{id}` of an estimate that failed; its credits were refunded.

    Attributes:
        completed_at (str): RFC 3339.
        created_at (str): RFC 3339.
        credits_refunded (int): Credits given back (the whole charge).
        error (EstimateFailure): Why an estimate failed (seed 001's error catalogue).
        id (str): `est_…`.
        mode (Mode): Which side of a partner's account a key works on.
        object_ (str): `estimate`.
        status (str): `failed`.
    """

    completed_at: str
    created_at: str
    credits_refunded: int
    error: EstimateFailure
    id: str
    mode: Mode
    object_: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completed_at = self.completed_at

        created_at = self.created_at

        credits_refunded = self.credits_refunded

        error = self.error.to_dict()

        id = self.id

        mode = self.mode.value

        object_ = self.object_

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completed_at": completed_at,
                "created_at": created_at,
                "credits_refunded": credits_refunded,
                "error": error,
                "id": id,
                "mode": mode,
                "object": object_,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.estimate_failure import EstimateFailure  # noqa: PLC0415

        d = dict(src_dict)
        completed_at = d.pop("completed_at")

        created_at = d.pop("created_at")

        credits_refunded = d.pop("credits_refunded")

        error = EstimateFailure.from_dict(d.pop("error"))

        id = d.pop("id")

        mode = Mode(d.pop("mode"))

        object_ = d.pop("object")

        status = d.pop("status")

        estimate_failed = cls(
            completed_at=completed_at,
            created_at=created_at,
            credits_refunded=credits_refunded,
            error=error,
            id=id,
            mode=mode,
            object_=object_,
            status=status,
        )

        estimate_failed.additional_properties = d
        return estimate_failed

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
