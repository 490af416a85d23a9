from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.severity_signals import SeveritySignals


T = TypeVar("T", bound="Issue")


@_attrs_define
class Issue:
    """One failure mode found in the complaints.

    Attributes:
        component_tags (list[str]): NHTSA component strings drawn from the cited complaints.
        confidence (float): 0.5–1.0: how clearly the cited texts match (see the module docs).
        count (int): How many complaints are cited.
        odi_numbers (list[int]): The cited complaints (each exists in the input).
        severity_signals (SeveritySignals): Crash/fire/injury sums over complaints.
        title (str): Its name.
        trend (str): `rising`, `stable`, `declining` or `unknown`.
    """

    component_tags: list[str]
    confidence: float
    count: int
    odi_numbers: list[int]
    severity_signals: SeveritySignals
    title: str
    trend: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        component_tags = self.component_tags

        confidence = self.confidence

        count = self.count

        odi_numbers = self.odi_numbers

        severity_signals = self.severity_signals.to_dict()

        title = self.title

        trend = self.trend

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "componentTags": component_tags,
                "confidence": confidence,
                "count": count,
                "odiNumbers": odi_numbers,
                "severitySignals": severity_signals,
                "title": title,
                "trend": trend,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.severity_signals import SeveritySignals  # noqa: PLC0415

        d = dict(src_dict)
        component_tags = cast(list[str], d.pop("componentTags"))

        confidence = d.pop("confidence")

        count = d.pop("count")

        odi_numbers = cast(list[int], d.pop("odiNumbers"))

        severity_signals = SeveritySignals.from_dict(d.pop("severitySignals"))

        title = d.pop("title")

        trend = d.pop("trend")

        issue = cls(
            component_tags=component_tags,
            confidence=confidence,
            count=count,
            odi_numbers=odi_numbers,
            severity_signals=severity_signals,
            title=title,
            trend=trend,
        )

        issue.additional_properties = d
        return issue

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
