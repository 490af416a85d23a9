from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mode import Mode

T = TypeVar("T", bound="CaseCreated")


@_attrs_define
class CaseCreated:
    """`201` from `POST /v1/cases`.

    Attributes:
        case_id (str): `case_…`.
        created_at (str): RFC 3339.
        mode (Mode): Which side of a partner's account a key works on.
        object_ (str): `case`.
    """

    case_id: str
    created_at: str
    mode: Mode
    object_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_id = self.case_id

        created_at = self.created_at

        mode = self.mode.value

        object_ = self.object_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case_id": case_id,
                "created_at": created_at,
                "mode": mode,
                "object": object_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        case_id = d.pop("case_id")

        created_at = d.pop("created_at")

        mode = Mode(d.pop("mode"))

        object_ = d.pop("object")

        case_created = cls(
            case_id=case_id,
            created_at=created_at,
            mode=mode,
            object_=object_,
        )

        case_created.additional_properties = d
        return case_created

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
