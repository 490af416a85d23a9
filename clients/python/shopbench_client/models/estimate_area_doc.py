from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.estimate_area_doc_region_type_0 import EstimateAreaDocRegionType0


T = TypeVar("T", bound="EstimateAreaDoc")


@_attrs_define
class EstimateAreaDoc:
    """One marked damage area.

    Attributes:
        location (str): Panel, e.g. `front_bumper`, `front_fender_left`.
        severity (str): `minor`, `moderate` or `severe`.
        type_ (str): Damage type (`GET /v1/damage-types`), e.g. `dent`.
        photo (int | None | Unset): Index of the photo it is marked on (0 = `photo`).
        region (EstimateAreaDocRegionType0 | None | Unset): Box on that photo as fractions: `{x, y, w, h}`.
    """

    location: str
    severity: str
    type_: str
    photo: int | None | Unset = UNSET
    region: EstimateAreaDocRegionType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.estimate_area_doc_region_type_0 import EstimateAreaDocRegionType0  # noqa: PLC0415

        location = self.location

        severity = self.severity

        type_ = self.type_

        photo: int | None | Unset
        if isinstance(self.photo, Unset):
            photo = UNSET
        else:
            photo = self.photo

        region: dict[str, Any] | None | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        elif isinstance(self.region, EstimateAreaDocRegionType0):
            region = self.region.to_dict()
        else:
            region = self.region

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "location": location,
                "severity": severity,
                "type": type_,
            }
        )
        if photo is not UNSET:
            field_dict["photo"] = photo
        if region is not UNSET:
            field_dict["region"] = region

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.estimate_area_doc_region_type_0 import EstimateAreaDocRegionType0  # noqa: PLC0415

        d = dict(src_dict)
        location = d.pop("location")

        severity = d.pop("severity")

        type_ = d.pop("type")

        def _parse_photo(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        photo = _parse_photo(d.pop("photo", UNSET))

        def _parse_region(data: object) -> EstimateAreaDocRegionType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                region_type_0 = EstimateAreaDocRegionType0.from_dict(data)

                return region_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EstimateAreaDocRegionType0 | None | Unset, data)

        region = _parse_region(d.pop("region", UNSET))

        estimate_area_doc = cls(
            location=location,
            severity=severity,
            type_=type_,
            photo=photo,
            region=region,
        )

        estimate_area_doc.additional_properties = d
        return estimate_area_doc

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
