from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.severity import Severity

T = TypeVar("T", bound="SeverityRange")


@_attrs_define
class SeverityRange:
    """One severity of a damage type.

    Attributes:
        avg_cents (int): Typical, cents.
        description (str): What it looks like.
        max_cents (int): High end, cents.
        min_cents (int): Low end, cents.
        repair_methods (list[str]): How it is fixed.
        severity (Severity): How bad one damage area is.
    """

    avg_cents: int
    description: str
    max_cents: int
    min_cents: int
    repair_methods: list[str]
    severity: Severity
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        avg_cents = self.avg_cents

        description = self.description

        max_cents = self.max_cents

        min_cents = self.min_cents

        repair_methods = self.repair_methods

        severity = self.severity.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "avgCents": avg_cents,
                "description": description,
                "maxCents": max_cents,
                "minCents": min_cents,
                "repairMethods": repair_methods,
                "severity": severity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        avg_cents = d.pop("avgCents")

        description = d.pop("description")

        max_cents = d.pop("maxCents")

        min_cents = d.pop("minCents")

        repair_methods = cast(list[str], d.pop("repairMethods"))

        severity = Severity(d.pop("severity"))

        severity_range = cls(
            avg_cents=avg_cents,
            description=description,
            max_cents=max_cents,
            min_cents=min_cents,
            repair_methods=repair_methods,
            severity=severity,
        )

        severity_range.additional_properties = d
        return severity_range

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
