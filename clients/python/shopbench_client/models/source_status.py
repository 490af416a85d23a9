from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SourceStatus")


@_attrs_define
class SourceStatus:
    """Where one source's data came from this time.

    Attributes:
        cache (str): `miss` (fetched now), `hit` (cached within its window), `stale`
            (the upstream failed; older data served), `offline` (network not
            used), `none` (nothing fetched or imported).
        source (str): `nhtsa-recalls`, `nhtsa-complaints` or `tc-recalls`.
        stale (bool): Older than the source's cache window (24 h recalls, 7 d complaints),
            or served because the upstream failed.
        error (None | str | Unset): The upstream error, when a refresh failed.
        fetched_at (None | str | Unset): When the data was last fetched online (RFC 3339, UTC).
        imported_at (None | str | Unset): When a flat file was last imported for this source (RFC 3339, UTC).
    """

    cache: str
    source: str
    stale: bool
    error: None | str | Unset = UNSET
    fetched_at: None | str | Unset = UNSET
    imported_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cache = self.cache

        source = self.source

        stale = self.stale

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        fetched_at: None | str | Unset
        if isinstance(self.fetched_at, Unset):
            fetched_at = UNSET
        else:
            fetched_at = self.fetched_at

        imported_at: None | str | Unset
        if isinstance(self.imported_at, Unset):
            imported_at = UNSET
        else:
            imported_at = self.imported_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cache": cache,
                "source": source,
                "stale": stale,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if fetched_at is not UNSET:
            field_dict["fetchedAt"] = fetched_at
        if imported_at is not UNSET:
            field_dict["importedAt"] = imported_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cache = d.pop("cache")

        source = d.pop("source")

        stale = d.pop("stale")

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_fetched_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fetched_at = _parse_fetched_at(d.pop("fetchedAt", UNSET))

        def _parse_imported_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        imported_at = _parse_imported_at(d.pop("importedAt", UNSET))

        source_status = cls(
            cache=cache,
            source=source,
            stale=stale,
            error=error,
            fetched_at=fetched_at,
            imported_at=imported_at,
        )

        source_status.additional_properties = d
        return source_status

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
