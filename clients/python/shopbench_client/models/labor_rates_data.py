from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LaborRatesData")


@_attrs_define
class LaborRatesData:
    """One state's full rates.

    Attributes:
        body (int): Body $/h.
        frame (int): Frame $/h.
        general_labor_rate (int): General auto repair $/h.
        mechanical (int): Mechanical $/h.
        metro_premium (float): Metro multiplier.
        paint (int): Paint $/h.
        source (str): Basis of this row.
        state (str): Two-letter code.
    """

    body: int
    frame: int
    general_labor_rate: int
    mechanical: int
    metro_premium: float
    paint: int
    source: str
    state: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body = self.body

        frame = self.frame

        general_labor_rate = self.general_labor_rate

        mechanical = self.mechanical

        metro_premium = self.metro_premium

        paint = self.paint

        source = self.source

        state = self.state

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "body": body,
                "frame": frame,
                "generalLaborRate": general_labor_rate,
                "mechanical": mechanical,
                "metroPremium": metro_premium,
                "paint": paint,
                "source": source,
                "state": state,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body = d.pop("body")

        frame = d.pop("frame")

        general_labor_rate = d.pop("generalLaborRate")

        mechanical = d.pop("mechanical")

        metro_premium = d.pop("metroPremium")

        paint = d.pop("paint")

        source = d.pop("source")

        state = d.pop("state")

        labor_rates_data = cls(
            body=body,
            frame=frame,
            general_labor_rate=general_labor_rate,
            mechanical=mechanical,
            metro_premium=metro_premium,
            paint=paint,
            source=source,
            state=state,
        )

        labor_rates_data.additional_properties = d
        return labor_rates_data

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
