from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VehicleListMeta")


@_attrs_define
class VehicleListMeta:
    """Vehicle list counts.

    Attributes:
        total_makes (int): Number of makes.
        total_models (int): Number of models.
    """

    total_makes: int
    total_models: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_makes = self.total_makes

        total_models = self.total_models

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "totalMakes": total_makes,
                "totalModels": total_models,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total_makes = d.pop("totalMakes")

        total_models = d.pop("totalModels")

        vehicle_list_meta = cls(
            total_makes=total_makes,
            total_models=total_models,
        )

        vehicle_list_meta.additional_properties = d
        return vehicle_list_meta

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
