from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PartPricing")


@_attrs_define
class PartPricing:
    """Price ranges of one part group in cents (`null` when that part type is not offered).

    Attributes:
        part (str): Part group, e.g. `bumper_cover`.
        aftermarket (list[int] | None | Unset): Aftermarket `[min, max]`.
        oem (list[int] | None | Unset): OEM `[min, max]`.
        used (list[int] | None | Unset): Used `[min, max]`.
    """

    part: str
    aftermarket: list[int] | None | Unset = UNSET
    oem: list[int] | None | Unset = UNSET
    used: list[int] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        part = self.part

        aftermarket: list[int] | None | Unset
        if isinstance(self.aftermarket, Unset):
            aftermarket = UNSET
        elif isinstance(self.aftermarket, list):
            aftermarket = self.aftermarket

        else:
            aftermarket = self.aftermarket

        oem: list[int] | None | Unset
        if isinstance(self.oem, Unset):
            oem = UNSET
        elif isinstance(self.oem, list):
            oem = self.oem

        else:
            oem = self.oem

        used: list[int] | None | Unset
        if isinstance(self.used, Unset):
            used = UNSET
        elif isinstance(self.used, list):
            used = self.used

        else:
            used = self.used

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "part": part,
            }
        )
        if aftermarket is not UNSET:
            field_dict["aftermarket"] = aftermarket
        if oem is not UNSET:
            field_dict["oem"] = oem
        if used is not UNSET:
            field_dict["used"] = used

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        part = d.pop("part")

        def _parse_aftermarket(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                aftermarket_type_0 = cast(list[int], data)

                return aftermarket_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        aftermarket = _parse_aftermarket(d.pop("aftermarket", UNSET))

        def _parse_oem(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                oem_type_0 = cast(list[int], data)

                return oem_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        oem = _parse_oem(d.pop("oem", UNSET))

        def _parse_used(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                used_type_0 = cast(list[int], data)

                return used_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        used = _parse_used(d.pop("used", UNSET))

        part_pricing = cls(
            part=part,
            aftermarket=aftermarket,
            oem=oem,
            used=used,
        )

        part_pricing.additional_properties = d
        return part_pricing

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
