from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RecallsVehicle")


@_attrs_define
class RecallsVehicle:
    """A vehicle as NHTSA and Transport Canada index it: make, model, model year.

    Attributes:
        make (str): Make, upper-cased ("FORD").
        model (str): Model, upper-cased ("F-150").
        year (int): Model year.
    """

    make: str
    model: str
    year: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        make = self.make

        model = self.model

        year = self.year

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "make": make,
                "model": model,
                "year": year,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        make = d.pop("make")

        model = d.pop("model")

        year = d.pop("year")

        recalls_vehicle = cls(
            make=make,
            model=model,
            year=year,
        )

        recalls_vehicle.additional_properties = d
        return recalls_vehicle

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
