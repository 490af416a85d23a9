from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="UsRecall")


@_attrs_define
class UsRecall:
    """A US (NHTSA) recall campaign for one vehicle.

    Attributes:
        campaign (str): NHTSA campaign number, e.g. `13V100000`.
        component (str): Component(s), `; `-joined when the campaign names several.
        consequence (str): Consequence of the defect.
        remedy (str): The remedy.
        reported_date (str): Report received date, `YYYY-MM-DD` (empty when unknown).
        summary (str): Defect summary.
    """

    campaign: str
    component: str
    consequence: str
    remedy: str
    reported_date: str
    summary: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        campaign = self.campaign

        component = self.component

        consequence = self.consequence

        remedy = self.remedy

        reported_date = self.reported_date

        summary = self.summary

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "campaign": campaign,
                "component": component,
                "consequence": consequence,
                "remedy": remedy,
                "reportedDate": reported_date,
                "summary": summary,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        campaign = d.pop("campaign")

        component = d.pop("component")

        consequence = d.pop("consequence")

        remedy = d.pop("remedy")

        reported_date = d.pop("reportedDate")

        summary = d.pop("summary")

        us_recall = cls(
            campaign=campaign,
            component=component,
            consequence=consequence,
            remedy=remedy,
            reported_date=reported_date,
            summary=summary,
        )

        us_recall.additional_properties = d
        return us_recall

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
