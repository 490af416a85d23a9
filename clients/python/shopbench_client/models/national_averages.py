from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="NationalAverages")


@_attrs_define
class NationalAverages:
    """National averages ($/h).

    Attributes:
        body (int): Body.
        frame (int): Frame.
        mechanical (int): Mechanical.
        paint (int): Paint.
    """

    body: int
    frame: int
    mechanical: int
    paint: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        body = self.body

        frame = self.frame

        mechanical = self.mechanical

        paint = self.paint

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "body": body,
                "frame": frame,
                "mechanical": mechanical,
                "paint": paint,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body = d.pop("body")

        frame = d.pop("frame")

        mechanical = d.pop("mechanical")

        paint = d.pop("paint")

        national_averages = cls(
            body=body,
            frame=frame,
            mechanical=mechanical,
            paint=paint,
        )

        national_averages.additional_properties = d
        return national_averages

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
