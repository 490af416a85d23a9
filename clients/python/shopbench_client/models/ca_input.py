from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.sale_type import SaleType
from ..types import UNSET, Unset

T = TypeVar("T", bound="CaInput")


@_attrs_define
class CaInput:
    """The echoed, normalized input.

    Attributes:
        buyer_has_plates (bool): Buyer already has plates.
        family_gift (bool): Family-gift exemption requested.
        price_cad (float): Sale price.
        province (str): Upper-cased province code.
        sale_type (SaleType): Who sells the vehicle.
        trade_in_cad (float | None | Unset): The trade-in, when the caller gave one
            ([`ca_purchase_costs_with_trade_in`]).
    """

    buyer_has_plates: bool
    family_gift: bool
    price_cad: float
    province: str
    sale_type: SaleType
    trade_in_cad: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        buyer_has_plates = self.buyer_has_plates

        family_gift = self.family_gift

        price_cad = self.price_cad

        province = self.province

        sale_type = self.sale_type.value

        trade_in_cad: float | None | Unset
        if isinstance(self.trade_in_cad, Unset):
            trade_in_cad = UNSET
        else:
            trade_in_cad = self.trade_in_cad

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "buyerHasPlates": buyer_has_plates,
                "familyGift": family_gift,
                "priceCad": price_cad,
                "province": province,
                "saleType": sale_type,
            }
        )
        if trade_in_cad is not UNSET:
            field_dict["tradeInCad"] = trade_in_cad

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        buyer_has_plates = d.pop("buyerHasPlates")

        family_gift = d.pop("familyGift")

        price_cad = d.pop("priceCad")

        province = d.pop("province")

        sale_type = SaleType(d.pop("saleType"))

        def _parse_trade_in_cad(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        trade_in_cad = _parse_trade_in_cad(d.pop("tradeInCad", UNSET))

        ca_input = cls(
            buyer_has_plates=buyer_has_plates,
            family_gift=family_gift,
            price_cad=price_cad,
            province=province,
            sale_type=sale_type,
            trade_in_cad=trade_in_cad,
        )

        ca_input.additional_properties = d
        return ca_input

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
