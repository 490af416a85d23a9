from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.ca_recall import CaRecall
    from ..models.us_recall import UsRecall


T = TypeVar("T", bound="Recalls")


@_attrs_define
class Recalls:
    """US and Canadian recalls side by side.

    Attributes:
        canada (list[CaRecall]): Transport Canada recalls, newest first, at most 25 (seed 002's cap).
        us (list[UsRecall]): NHTSA campaigns, newest first.
    """

    canada: list[CaRecall]
    us: list[UsRecall]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        canada = []
        for canada_item_data in self.canada:
            canada_item = canada_item_data.to_dict()
            canada.append(canada_item)

        us = []
        for us_item_data in self.us:
            us_item = us_item_data.to_dict()
            us.append(us_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "canada": canada,
                "us": us,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ca_recall import CaRecall  # noqa: PLC0415
        from ..models.us_recall import UsRecall  # noqa: PLC0415

        d = dict(src_dict)
        canada = []
        _canada = d.pop("canada")
        for canada_item_data in _canada:
            canada_item = CaRecall.from_dict(canada_item_data)

            canada.append(canada_item)

        us = []
        _us = d.pop("us")
        for us_item_data in _us:
            us_item = UsRecall.from_dict(us_item_data)

            us.append(us_item)

        recalls = cls(
            canada=canada,
            us=us,
        )

        recalls.additional_properties = d
        return recalls

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
