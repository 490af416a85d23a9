from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DecodedEngine")


@_attrs_define
class DecodedEngine:
    """Engine fields of [`Vehicle`].

    Attributes:
        cylinders (int | None | Unset): Number of cylinders.
        displacement_l (float | None | Unset): Displacement in litres.
        fuel_type (None | str | Unset): Primary fuel type.
        model (None | str | Unset): Engine model code.
    """

    cylinders: int | None | Unset = UNSET
    displacement_l: float | None | Unset = UNSET
    fuel_type: None | str | Unset = UNSET
    model: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cylinders: int | None | Unset
        if isinstance(self.cylinders, Unset):
            cylinders = UNSET
        else:
            cylinders = self.cylinders

        displacement_l: float | None | Unset
        if isinstance(self.displacement_l, Unset):
            displacement_l = UNSET
        else:
            displacement_l = self.displacement_l

        fuel_type: None | str | Unset
        if isinstance(self.fuel_type, Unset):
            fuel_type = UNSET
        else:
            fuel_type = self.fuel_type

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if cylinders is not UNSET:
            field_dict["cylinders"] = cylinders
        if displacement_l is not UNSET:
            field_dict["displacementL"] = displacement_l
        if fuel_type is not UNSET:
            field_dict["fuelType"] = fuel_type
        if model is not UNSET:
            field_dict["model"] = model

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_cylinders(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cylinders = _parse_cylinders(d.pop("cylinders", UNSET))

        def _parse_displacement_l(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        displacement_l = _parse_displacement_l(d.pop("displacementL", UNSET))

        def _parse_fuel_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fuel_type = _parse_fuel_type(d.pop("fuelType", UNSET))

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        decoded_engine = cls(
            cylinders=cylinders,
            displacement_l=displacement_l,
            fuel_type=fuel_type,
            model=model,
        )

        decoded_engine.additional_properties = d
        return decoded_engine

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
