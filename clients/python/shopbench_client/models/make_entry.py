from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.model_entry import ModelEntry


T = TypeVar("T", bound="MakeEntry")


@_attrs_define
class MakeEntry:
    """One make.

    Attributes:
        make (str): Make.
        models (list[ModelEntry]): Its models.
    """

    make: str
    models: list[ModelEntry]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        make = self.make

        models = []
        for models_item_data in self.models:
            models_item = models_item_data.to_dict()
            models.append(models_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "make": make,
                "models": models,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_entry import ModelEntry  # noqa: PLC0415

        d = dict(src_dict)
        make = d.pop("make")

        models = []
        _models = d.pop("models")
        for models_item_data in _models:
            models_item = ModelEntry.from_dict(models_item_data)

            models.append(models_item)

        make_entry = cls(
            make=make,
            models=models,
        )

        make_entry.additional_properties = d
        return make_entry

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
