from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ModelEntry")


@_attrs_define
class ModelEntry:
    """One model.

    Attributes:
        data_quality (str): `high`, `medium` or `low`.
        model (str): Model.
        years (str): Year range, e.g. `2018-2024`.
    """

    data_quality: str
    model: str
    years: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data_quality = self.data_quality

        model = self.model

        years = self.years

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "dataQuality": data_quality,
                "model": model,
                "years": years,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data_quality = d.pop("dataQuality")

        model = d.pop("model")

        years = d.pop("years")

        model_entry = cls(
            data_quality=data_quality,
            model=model,
            years=years,
        )

        model_entry.additional_properties = d
        return model_entry

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
