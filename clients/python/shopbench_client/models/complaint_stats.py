from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.component_count import ComponentCount
    from ..models.severity_signals import SeveritySignals


T = TypeVar("T", bound="ComplaintStats")


@_attrs_define
class ComplaintStats:
    """Complaint statistics of a reliability snapshot.

    Attributes:
        severity (SeveritySignals): Crash/fire/injury sums over complaints.
        top_components (list[ComponentCount]): The most frequent components, at most 10.
        total (int): Distinct complaints (ODI numbers).
    """

    severity: SeveritySignals
    top_components: list[ComponentCount]
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        severity = self.severity.to_dict()

        top_components = []
        for top_components_item_data in self.top_components:
            top_components_item = top_components_item_data.to_dict()
            top_components.append(top_components_item)

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "severity": severity,
                "topComponents": top_components,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.component_count import ComponentCount  # noqa: PLC0415
        from ..models.severity_signals import SeveritySignals  # noqa: PLC0415

        d = dict(src_dict)
        severity = SeveritySignals.from_dict(d.pop("severity"))

        top_components = []
        _top_components = d.pop("topComponents")
        for top_components_item_data in _top_components:
            top_components_item = ComponentCount.from_dict(top_components_item_data)

            top_components.append(top_components_item)

        total = d.pop("total")

        complaint_stats = cls(
            severity=severity,
            top_components=top_components,
            total=total,
        )

        complaint_stats.additional_properties = d
        return complaint_stats

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
