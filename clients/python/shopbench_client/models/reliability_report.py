from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.complaint_stats import ComplaintStats
    from ..models.recall_stats import RecallStats
    from ..models.recalls_vehicle import RecallsVehicle
    from ..models.reliability_provenance import ReliabilityProvenance


T = TypeVar("T", bound="ReliabilityReport")


@_attrs_define
class ReliabilityReport:
    """`shopbench vin reliability` — seed 002's `/v1/reliability` shape.

    Attributes:
        complaints (ComplaintStats): Complaint statistics of a reliability snapshot.
        provenance (ReliabilityProvenance): Provenance of a reliability answer.
        recalls (RecallStats): Recall counts of a reliability snapshot.
        vehicle (RecallsVehicle): A vehicle as NHTSA and Transport Canada index it: make, model, model year.
    """

    complaints: ComplaintStats
    provenance: ReliabilityProvenance
    recalls: RecallStats
    vehicle: RecallsVehicle
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        complaints = self.complaints.to_dict()

        provenance = self.provenance.to_dict()

        recalls = self.recalls.to_dict()

        vehicle = self.vehicle.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "complaints": complaints,
                "provenance": provenance,
                "recalls": recalls,
                "vehicle": vehicle,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.complaint_stats import ComplaintStats  # noqa: PLC0415
        from ..models.recall_stats import RecallStats  # noqa: PLC0415
        from ..models.recalls_vehicle import RecallsVehicle  # noqa: PLC0415
        from ..models.reliability_provenance import ReliabilityProvenance  # noqa: PLC0415

        d = dict(src_dict)
        complaints = ComplaintStats.from_dict(d.pop("complaints"))

        provenance = ReliabilityProvenance.from_dict(d.pop("provenance"))

        recalls = RecallStats.from_dict(d.pop("recalls"))

        vehicle = RecallsVehicle.from_dict(d.pop("vehicle"))

        reliability_report = cls(
            complaints=complaints,
            provenance=provenance,
            recalls=recalls,
            vehicle=vehicle,
        )

        reliability_report.additional_properties = d
        return reliability_report

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
