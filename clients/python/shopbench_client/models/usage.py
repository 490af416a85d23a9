from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Usage")


@_attrs_define
class Usage:
    """Usage this month.

    Attributes:
        billable_calls (int): Billable calls.
        credits_spent (int): Credits spent (net of refunds).
        period_start (str): RFC 3339 start of the month.
    """

    billable_calls: int
    credits_spent: int
    period_start: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        billable_calls = self.billable_calls

        credits_spent = self.credits_spent

        period_start = self.period_start

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "billable_calls": billable_calls,
                "credits_spent": credits_spent,
                "period_start": period_start,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        billable_calls = d.pop("billable_calls")

        credits_spent = d.pop("credits_spent")

        period_start = d.pop("period_start")

        usage = cls(
            billable_calls=billable_calls,
            credits_spent=credits_spent,
            period_start=period_start,
        )

        usage.additional_properties = d
        return usage

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
