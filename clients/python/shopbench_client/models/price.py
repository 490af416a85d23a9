from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Price")


@_attrs_define
class Price:
    """The price of one billable operation.

    Attributes:
        credits_ (int): Credits drawn on success (errors and refusals are free).
        endpoint (str): `METHOD /path` it applies to.
        operation (str): Operation id, as recorded in the ledger (`diagnosis.run`).
    """

    credits_: int
    endpoint: str
    operation: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credits_ = self.credits_

        endpoint = self.endpoint

        operation = self.operation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "credits": credits_,
                "endpoint": endpoint,
                "operation": operation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        credits_ = d.pop("credits")

        endpoint = d.pop("endpoint")

        operation = d.pop("operation")

        price = cls(
            credits_=credits_,
            endpoint=endpoint,
            operation=operation,
        )

        price.additional_properties = d
        return price

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
