from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sale_type import SaleType
from ..types import UNSET, Unset

T = TypeVar("T", bound="UsInput")


@_attrs_define
class UsInput:
    """The echoed, normalized input.

    Attributes:
        price_usd (float): Sale price.
        sale_type (SaleType): Who sells the vehicle.
        state (str): Upper-cased state code.
        trade_in_usd (float): Trade-in value.
        local_rate_pct (float | None | Unset):
        year (int | None | Unset): The delivery year, when the caller gave one ([`us_purchase_costs_for_year`]).
    """

    price_usd: float
    sale_type: SaleType
    state: str
    trade_in_usd: float
    local_rate_pct: float | None | Unset = UNSET
    year: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        price_usd = self.price_usd

        sale_type = self.sale_type.value

        state = self.state

        trade_in_usd = self.trade_in_usd

        local_rate_pct: float | None | Unset
        if isinstance(self.local_rate_pct, Unset):
            local_rate_pct = UNSET
        else:
            local_rate_pct = self.local_rate_pct

        year: int | None | Unset
        if isinstance(self.year, Unset):
            year = UNSET
        else:
            year = self.year

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "priceUsd": price_usd,
                "saleType": sale_type,
                "state": state,
                "tradeInUsd": trade_in_usd,
            }
        )
        if local_rate_pct is not UNSET:
            field_dict["localRatePct"] = local_rate_pct
        if year is not UNSET:
            field_dict["year"] = year

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        price_usd = d.pop("priceUsd")

        sale_type = SaleType(d.pop("saleType"))

        state = d.pop("state")

        trade_in_usd = d.pop("tradeInUsd")

        def _parse_local_rate_pct(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        local_rate_pct = _parse_local_rate_pct(d.pop("localRatePct", UNSET))

        def _parse_year(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        year = _parse_year(d.pop("year", UNSET))

        us_input = cls(
            price_usd=price_usd,
            sale_type=sale_type,
            state=state,
            trade_in_usd=trade_in_usd,
            local_rate_pct=local_rate_pct,
            year=year,
        )

        us_input.additional_properties = d
        return us_input

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
