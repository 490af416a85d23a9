from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CentsRange")


@_attrs_define
class CentsRange:
    """Min/max cents.

    Attributes:
        max_cents (int): An amount of money in cents (USD or CAD; the currency is the context's).
        min_cents (int): An amount of money in cents (USD or CAD; the currency is the context's).
    """

    max_cents: int
    min_cents: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        max_cents = self.max_cents

        min_cents = self.min_cents

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "maxCents": max_cents,
                "minCents": min_cents,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        max_cents = d.pop("maxCents")

        min_cents = d.pop("minCents")

        cents_range = cls(
            max_cents=max_cents,
            min_cents=min_cents,
        )

        cents_range.additional_properties = d
        return cents_range

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
