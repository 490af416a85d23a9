from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.recall_counts import RecallCounts
    from ..models.recalls import Recalls
    from ..models.recalls_provenance import RecallsProvenance
    from ..models.recalls_vehicle import RecallsVehicle


T = TypeVar("T", bound="RecallsReport")


@_attrs_define
class RecallsReport:
    """`shopbench vin recalls` — seed 002's `/v1/recalls` shape.

    Attributes:
        counts (RecallCounts): Counts of [`Recalls`] (Canada counts every listed recall, beyond the 25 shown).
        provenance (RecallsProvenance): Provenance of a recalls answer.
        recalls (Recalls): US and Canadian recalls side by side.
        vehicle (RecallsVehicle): A vehicle as NHTSA and Transport Canada index it: make, model, model year.
    """

    counts: RecallCounts
    provenance: RecallsProvenance
    recalls: Recalls
    vehicle: RecallsVehicle
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        counts = self.counts.to_dict()

        provenance = self.provenance.to_dict()

        recalls = self.recalls.to_dict()

        vehicle = self.vehicle.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "counts": counts,
                "provenance": provenance,
                "recalls": recalls,
                "vehicle": vehicle,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.recall_counts import RecallCounts  # noqa: PLC0415
        from ..models.recalls import Recalls  # noqa: PLC0415
        from ..models.recalls_provenance import RecallsProvenance  # noqa: PLC0415
        from ..models.recalls_vehicle import RecallsVehicle  # noqa: PLC0415

        d = dict(src_dict)
        counts = RecallCounts.from_dict(d.pop("counts"))

        provenance = RecallsProvenance.from_dict(d.pop("provenance"))

        recalls = Recalls.from_dict(d.pop("recalls"))

        vehicle = RecallsVehicle.from_dict(d.pop("vehicle"))

        recalls_report = cls(
            counts=counts,
            provenance=provenance,
            recalls=recalls,
            vehicle=vehicle,
        )

        recalls_report.additional_properties = d
        return recalls_report

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
