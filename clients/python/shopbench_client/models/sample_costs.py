from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.ca_costs import CaCosts
    from ..models.us_costs import UsCosts


T = TypeVar("T", bound="SampleCosts")


@_attrs_define
class SampleCosts:
    """`GET /v1/sample/purchase-costs`: one preview per country, $25,000 private
    sales in Ontario and in California.

        Attributes:
            ca (CaCosts): The itemized answer (seed 002's `/v1/ca/purchase-costs` shape).
            us (UsCosts): The itemized answer (seed 002's `/v1/us/purchase-costs` shape).
    """

    ca: CaCosts
    us: UsCosts
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ca = self.ca.to_dict()

        us = self.us.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ca": ca,
                "us": us,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ca_costs import CaCosts  # noqa: PLC0415
        from ..models.us_costs import UsCosts  # noqa: PLC0415

        d = dict(src_dict)
        ca = CaCosts.from_dict(d.pop("ca"))

        us = UsCosts.from_dict(d.pop("us"))

        sample_costs = cls(
            ca=ca,
            us=us,
        )

        sample_costs.additional_properties = d
        return sample_costs

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
