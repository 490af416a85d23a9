from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RecallStats")


@_attrs_define
class RecallStats:
    """Recall counts of a reliability snapshot.

    Attributes:
        canada_count (int): Transport Canada recalls.
        canada_units_affected (int): Sum of units affected over the Canadian recalls.
        us_count (int): NHTSA campaigns.
    """

    canada_count: int
    canada_units_affected: int
    us_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        canada_count = self.canada_count

        canada_units_affected = self.canada_units_affected

        us_count = self.us_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "canadaCount": canada_count,
                "canadaUnitsAffected": canada_units_affected,
                "usCount": us_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        canada_count = d.pop("canadaCount")

        canada_units_affected = d.pop("canadaUnitsAffected")

        us_count = d.pop("usCount")

        recall_stats = cls(
            canada_count=canada_count,
            canada_units_affected=canada_units_affected,
            us_count=us_count,
        )

        recall_stats.additional_properties = d
        return recall_stats

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
