from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.damage_type import DamageType

T = TypeVar("T", bound="DamagePatternOut")


@_attrs_define
class DamagePatternOut:
    """A typical damage pattern.

    Attributes:
        damage_types (list[DamageType]): Damage usually seen.
        panels (list[str]): Panels usually hit.
        pattern (str): Name.
    """

    damage_types: list[DamageType]
    panels: list[str]
    pattern: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        damage_types = []
        for damage_types_item_data in self.damage_types:
            damage_types_item = damage_types_item_data.value
            damage_types.append(damage_types_item)

        panels = self.panels

        pattern = self.pattern

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "damageTypes": damage_types,
                "panels": panels,
                "pattern": pattern,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        damage_types = []
        _damage_types = d.pop("damageTypes")
        for damage_types_item_data in _damage_types:
            damage_types_item = DamageType(damage_types_item_data)

            damage_types.append(damage_types_item)

        panels = cast(list[str], d.pop("panels"))

        pattern = d.pop("pattern")

        damage_pattern_out = cls(
            damage_types=damage_types,
            panels=panels,
            pattern=pattern,
        )

        damage_pattern_out.additional_properties = d
        return damage_pattern_out

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
