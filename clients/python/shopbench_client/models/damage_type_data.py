from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.damage_type import DamageType

if TYPE_CHECKING:
    from ..models.severity_range import SeverityRange


T = TypeVar("T", bound="DamageTypeData")


@_attrs_define
class DamageTypeData:
    """One damage type.

    Attributes:
        description (str): Description.
        name (str): Display name.
        severities (list[SeverityRange]): Minor, moderate, severe.
        type_ (DamageType): The nine damage types of seed 001's data API.
    """

    description: str
    name: str
    severities: list[SeverityRange]
    type_: DamageType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        name = self.name

        severities = []
        for severities_item_data in self.severities:
            severities_item = severities_item_data.to_dict()
            severities.append(severities_item)

        type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description": description,
                "name": name,
                "severities": severities,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.severity_range import SeverityRange  # noqa: PLC0415

        d = dict(src_dict)
        description = d.pop("description")

        name = d.pop("name")

        severities = []
        _severities = d.pop("severities")
        for severities_item_data in _severities:
            severities_item = SeverityRange.from_dict(severities_item_data)

            severities.append(severities_item)

        type_ = DamageType(d.pop("type"))

        damage_type_data = cls(
            description=description,
            name=name,
            severities=severities,
            type_=type_,
        )

        damage_type_data.additional_properties = d
        return damage_type_data

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
