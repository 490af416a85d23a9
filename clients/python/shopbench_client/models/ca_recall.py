from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CaRecall")


@_attrs_define
class CaRecall:
    """A Transport Canada recall for one vehicle.

    Attributes:
        recall_number (str): Transport Canada recall number, e.g. `2013123`.
        recall_date (None | str | Unset): Recall date, `YYYY-MM-DD`.
        summary (None | str | Unset): Transport Canada's comment.
        system_type (None | str | Unset): System type ("Electrical").
        units_affected (int | None | Unset): Units affected in Canada.
    """

    recall_number: str
    recall_date: None | str | Unset = UNSET
    summary: None | str | Unset = UNSET
    system_type: None | str | Unset = UNSET
    units_affected: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        recall_number = self.recall_number

        recall_date: None | str | Unset
        if isinstance(self.recall_date, Unset):
            recall_date = UNSET
        else:
            recall_date = self.recall_date

        summary: None | str | Unset
        if isinstance(self.summary, Unset):
            summary = UNSET
        else:
            summary = self.summary

        system_type: None | str | Unset
        if isinstance(self.system_type, Unset):
            system_type = UNSET
        else:
            system_type = self.system_type

        units_affected: int | None | Unset
        if isinstance(self.units_affected, Unset):
            units_affected = UNSET
        else:
            units_affected = self.units_affected

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "recallNumber": recall_number,
            }
        )
        if recall_date is not UNSET:
            field_dict["recallDate"] = recall_date
        if summary is not UNSET:
            field_dict["summary"] = summary
        if system_type is not UNSET:
            field_dict["systemType"] = system_type
        if units_affected is not UNSET:
            field_dict["unitsAffected"] = units_affected

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        recall_number = d.pop("recallNumber")

        def _parse_recall_date(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        recall_date = _parse_recall_date(d.pop("recallDate", UNSET))

        def _parse_summary(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        summary = _parse_summary(d.pop("summary", UNSET))

        def _parse_system_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        system_type = _parse_system_type(d.pop("systemType", UNSET))

        def _parse_units_affected(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        units_affected = _parse_units_affected(d.pop("unitsAffected", UNSET))

        ca_recall = cls(
            recall_number=recall_number,
            recall_date=recall_date,
            summary=summary,
            system_type=system_type,
            units_affected=units_affected,
        )

        ca_recall.additional_properties = d
        return ca_recall

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
