from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.source_status import SourceStatus


T = TypeVar("T", bound="RecallsProvenance")


@_attrs_define
class RecallsProvenance:
    """Provenance of a recalls answer.

    Attributes:
        attribution (str): OGL–Canada notice.
        sources (list[SourceStatus]): Per source.
        stale (bool): Any source served stale.
        nhtsa_fetched_at (None | str | Unset): Last NHTSA recalls fetch.
        tc_fetched_at (None | str | Unset): Last Transport Canada fetch.
    """

    attribution: str
    sources: list[SourceStatus]
    stale: bool
    nhtsa_fetched_at: None | str | Unset = UNSET
    tc_fetched_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attribution = self.attribution

        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.to_dict()
            sources.append(sources_item)

        stale = self.stale

        nhtsa_fetched_at: None | str | Unset
        if isinstance(self.nhtsa_fetched_at, Unset):
            nhtsa_fetched_at = UNSET
        else:
            nhtsa_fetched_at = self.nhtsa_fetched_at

        tc_fetched_at: None | str | Unset
        if isinstance(self.tc_fetched_at, Unset):
            tc_fetched_at = UNSET
        else:
            tc_fetched_at = self.tc_fetched_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attribution": attribution,
                "sources": sources,
                "stale": stale,
            }
        )
        if nhtsa_fetched_at is not UNSET:
            field_dict["nhtsaFetchedAt"] = nhtsa_fetched_at
        if tc_fetched_at is not UNSET:
            field_dict["tcFetchedAt"] = tc_fetched_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.source_status import SourceStatus  # noqa: PLC0415

        d = dict(src_dict)
        attribution = d.pop("attribution")

        sources = []
        _sources = d.pop("sources")
        for sources_item_data in _sources:
            sources_item = SourceStatus.from_dict(sources_item_data)

            sources.append(sources_item)

        stale = d.pop("stale")

        def _parse_nhtsa_fetched_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        nhtsa_fetched_at = _parse_nhtsa_fetched_at(d.pop("nhtsaFetchedAt", UNSET))

        def _parse_tc_fetched_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tc_fetched_at = _parse_tc_fetched_at(d.pop("tcFetchedAt", UNSET))

        recalls_provenance = cls(
            attribution=attribution,
            sources=sources,
            stale=stale,
            nhtsa_fetched_at=nhtsa_fetched_at,
            tc_fetched_at=tc_fetched_at,
        )

        recalls_provenance.additional_properties = d
        return recalls_provenance

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
