from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.damage_type_data import DamageTypeData


T = TypeVar("T", bound="DamageTypeDetail")


@_attrs_define
class DamageTypeDetail:
    """`GET /v1/damage-types/{type}`.

    Attributes:
        data (DamageTypeData): One damage type.
    """

    data: DamageTypeData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.damage_type_data import DamageTypeData  # noqa: PLC0415

        d = dict(src_dict)
        data = DamageTypeData.from_dict(d.pop("data"))

        damage_type_detail = cls(
            data=data,
        )

        damage_type_detail.additional_properties = d
        return damage_type_detail

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
