from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RecallCounts")


@_attrs_define
class RecallCounts:
    """Counts of [`Recalls`] (Canada counts every listed recall, beyond the 25 shown).

    Attributes:
        canada (int): Transport Canada recall numbers.
        us (int): NHTSA campaigns.
    """

    canada: int
    us: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        canada = self.canada

        us = self.us

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "canada": canada,
                "us": us,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        canada = d.pop("canada")

        us = d.pop("us")

        recall_counts = cls(
            canada=canada,
            us=us,
        )

        recall_counts.additional_properties = d
        return recall_counts

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
