from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.vin_warning_type_0_kind import VinWarningType0Kind

T = TypeVar("T", bound="VinWarningType0")


@_attrs_define
class VinWarningType0:
    """Position 9 does not match the 49 CFR 565 check-digit computation.

    Attributes:
        expected (str): What the computation gives.
        found (str): The character in position 9.
        kind (VinWarningType0Kind):
    """

    expected: str
    found: str
    kind: VinWarningType0Kind
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expected = self.expected

        found = self.found

        kind = self.kind.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expected": expected,
                "found": found,
                "kind": kind,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        expected = d.pop("expected")

        found = d.pop("found")

        kind = VinWarningType0Kind(d.pop("kind"))

        vin_warning_type_0 = cls(
            expected=expected,
            found=found,
            kind=kind,
        )

        vin_warning_type_0.additional_properties = d
        return vin_warning_type_0

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
