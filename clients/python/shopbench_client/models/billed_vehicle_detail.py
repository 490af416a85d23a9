from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.vehicle_detail_data import VehicleDetailData


T = TypeVar("T", bound="BilledVehicleDetail")


@_attrs_define
class BilledVehicleDetail:
    """A charged answer: the body, and what it cost (seed 002's `charged` fields).

    Attributes:
        data (VehicleDetailData): Vehicle detail body.
        charged (bool): True when the answer was charged (false: an answer that is free by
            rule, e.g. known issues refused below the complaint threshold).
        credits_charged (int): Credits drawn.
    """

    data: VehicleDetailData
    charged: bool
    credits_charged: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        charged = self.charged

        credits_charged = self.credits_charged

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "charged": charged,
                "credits_charged": credits_charged,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.vehicle_detail_data import VehicleDetailData  # noqa: PLC0415

        d = dict(src_dict)
        data = VehicleDetailData.from_dict(d.pop("data"))

        charged = d.pop("charged")

        credits_charged = d.pop("credits_charged")

        billed_vehicle_detail = cls(
            data=data,
            charged=charged,
            credits_charged=credits_charged,
        )

        billed_vehicle_detail.additional_properties = d
        return billed_vehicle_detail

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
