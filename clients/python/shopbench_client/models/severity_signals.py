from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SeveritySignals")


@_attrs_define
class SeveritySignals:
    """Crash/fire/injury sums over complaints.

    Attributes:
        crashes (int): Complaints reporting a crash.
        fires (int): Complaints reporting a fire.
        injuries (int): Persons injured, summed.
    """

    crashes: int
    fires: int
    injuries: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        crashes = self.crashes

        fires = self.fires

        injuries = self.injuries

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "crashes": crashes,
                "fires": fires,
                "injuries": injuries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        crashes = d.pop("crashes")

        fires = d.pop("fires")

        injuries = d.pop("injuries")

        severity_signals = cls(
            crashes=crashes,
            fires=fires,
            injuries=injuries,
        )

        severity_signals.additional_properties = d
        return severity_signals

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
