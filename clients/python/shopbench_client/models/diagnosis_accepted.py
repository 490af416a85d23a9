from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mode import Mode

T = TypeVar("T", bound="DiagnosisAccepted")


@_attrs_define
class DiagnosisAccepted:
    """`202` from `POST /v1/diagnose`.

    Attributes:
        case_id (str): The case.
        created_at (str): RFC 3339.
        credits_charged (int): Credits drawn.
        diagnosis_id (str): `dgn_…`.
        mode (Mode): Which side of a partner's account a key works on.
        object_ (str): `diagnosis`.
        poll_url (str): Where to poll.
        status (str): `processing`.
    """

    case_id: str
    created_at: str
    credits_charged: int
    diagnosis_id: str
    mode: Mode
    object_: str
    poll_url: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_id = self.case_id

        created_at = self.created_at

        credits_charged = self.credits_charged

        diagnosis_id = self.diagnosis_id

        mode = self.mode.value

        object_ = self.object_

        poll_url = self.poll_url

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case_id": case_id,
                "created_at": created_at,
                "credits_charged": credits_charged,
                "diagnosis_id": diagnosis_id,
                "mode": mode,
                "object": object_,
                "poll_url": poll_url,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        case_id = d.pop("case_id")

        created_at = d.pop("created_at")

        credits_charged = d.pop("credits_charged")

        diagnosis_id = d.pop("diagnosis_id")

        mode = Mode(d.pop("mode"))

        object_ = d.pop("object")

        poll_url = d.pop("poll_url")

        status = d.pop("status")

        diagnosis_accepted = cls(
            case_id=case_id,
            created_at=created_at,
            credits_charged=credits_charged,
            diagnosis_id=diagnosis_id,
            mode=mode,
            object_=object_,
            poll_url=poll_url,
            status=status,
        )

        diagnosis_accepted.additional_properties = d
        return diagnosis_accepted

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
