from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.vehicle_class import VehicleClass

if TYPE_CHECKING:
    from ..models.common_repair import CommonRepair
    from ..models.damage_pattern_out import DamagePatternOut
    from ..models.detail_rates import DetailRates
    from ..models.part_pricing import PartPricing
    from ..models.vehicle_detail_data_severity_cost_ranges import VehicleDetailDataSeverityCostRanges
    from ..models.vehicle_id import VehicleId


T = TypeVar("T", bound="VehicleDetailData")


@_attrs_define
class VehicleDetailData:
    """Vehicle detail body.

    Attributes:
        basis (str): How the figures were made.
        common_damage_patterns (list[DamagePatternOut]): Typical damage patterns.
        common_repairs (list[CommonRepair]): Typical replacements, OEM parts at national rates.
        data_quality (str): `high`, `medium` or `low`.
        labor_rates (DetailRates): Labor rates in $/h.
        parts_pricing (list[PartPricing]): Part price ranges for this vehicle.
        severity_cost_ranges (VehicleDetailDataSeverityCostRanges): Cost range per severity across damage types, scaled
            by the model's parts factor.
        sources (list[str]): Where they come from.
        vehicle (VehicleId): Make, model, years.
        vehicle_class (VehicleClass): Vehicle size/price class; selects hours and part prices.
    """

    basis: str
    common_damage_patterns: list[DamagePatternOut]
    common_repairs: list[CommonRepair]
    data_quality: str
    labor_rates: DetailRates
    parts_pricing: list[PartPricing]
    severity_cost_ranges: VehicleDetailDataSeverityCostRanges
    sources: list[str]
    vehicle: VehicleId
    vehicle_class: VehicleClass
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        basis = self.basis

        common_damage_patterns = []
        for common_damage_patterns_item_data in self.common_damage_patterns:
            common_damage_patterns_item = common_damage_patterns_item_data.to_dict()
            common_damage_patterns.append(common_damage_patterns_item)

        common_repairs = []
        for common_repairs_item_data in self.common_repairs:
            common_repairs_item = common_repairs_item_data.to_dict()
            common_repairs.append(common_repairs_item)

        data_quality = self.data_quality

        labor_rates = self.labor_rates.to_dict()

        parts_pricing = []
        for parts_pricing_item_data in self.parts_pricing:
            parts_pricing_item = parts_pricing_item_data.to_dict()
            parts_pricing.append(parts_pricing_item)

        severity_cost_ranges = self.severity_cost_ranges.to_dict()

        sources = self.sources

        vehicle = self.vehicle.to_dict()

        vehicle_class = self.vehicle_class.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "basis": basis,
                "commonDamagePatterns": common_damage_patterns,
                "commonRepairs": common_repairs,
                "dataQuality": data_quality,
                "laborRates": labor_rates,
                "partsPricing": parts_pricing,
                "severityCostRanges": severity_cost_ranges,
                "sources": sources,
                "vehicle": vehicle,
                "vehicleClass": vehicle_class,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.common_repair import CommonRepair  # noqa: PLC0415
        from ..models.damage_pattern_out import DamagePatternOut  # noqa: PLC0415
        from ..models.detail_rates import DetailRates  # noqa: PLC0415
        from ..models.part_pricing import PartPricing  # noqa: PLC0415
        from ..models.vehicle_detail_data_severity_cost_ranges import VehicleDetailDataSeverityCostRanges  # noqa: PLC0415
        from ..models.vehicle_id import VehicleId  # noqa: PLC0415

        d = dict(src_dict)
        basis = d.pop("basis")

        common_damage_patterns = []
        _common_damage_patterns = d.pop("commonDamagePatterns")
        for common_damage_patterns_item_data in _common_damage_patterns:
            common_damage_patterns_item = DamagePatternOut.from_dict(common_damage_patterns_item_data)

            common_damage_patterns.append(common_damage_patterns_item)

        common_repairs = []
        _common_repairs = d.pop("commonRepairs")
        for common_repairs_item_data in _common_repairs:
            common_repairs_item = CommonRepair.from_dict(common_repairs_item_data)

            common_repairs.append(common_repairs_item)

        data_quality = d.pop("dataQuality")

        labor_rates = DetailRates.from_dict(d.pop("laborRates"))

        parts_pricing = []
        _parts_pricing = d.pop("partsPricing")
        for parts_pricing_item_data in _parts_pricing:
            parts_pricing_item = PartPricing.from_dict(parts_pricing_item_data)

            parts_pricing.append(parts_pricing_item)

        severity_cost_ranges = VehicleDetailDataSeverityCostRanges.from_dict(d.pop("severityCostRanges"))

        sources = cast(list[str], d.pop("sources"))

        vehicle = VehicleId.from_dict(d.pop("vehicle"))

        vehicle_class = VehicleClass(d.pop("vehicleClass"))

        vehicle_detail_data = cls(
            basis=basis,
            common_damage_patterns=common_damage_patterns,
            common_repairs=common_repairs,
            data_quality=data_quality,
            labor_rates=labor_rates,
            parts_pricing=parts_pricing,
            severity_cost_ranges=severity_cost_ranges,
            sources=sources,
            vehicle=vehicle,
            vehicle_class=vehicle_class,
        )

        vehicle_detail_data.additional_properties = d
        return vehicle_detail_data

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
