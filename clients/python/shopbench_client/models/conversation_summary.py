from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ConversationSummary")


@_attrs_define
class ConversationSummary:
    """A conversation in a list (`GET /v1/conversations`).

    Attributes:
        bookmarked (bool): Always false: bookmarking is not offered (kept for seed 003's shape).
        created_at (str): RFC 3339.
        id (str): `conv_…`.
        last_message_at (str): RFC 3339.
        message_count (int): Questions and answers in it.
        title (str): Its first question, shortened.
    """

    bookmarked: bool
    created_at: str
    id: str
    last_message_at: str
    message_count: int
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bookmarked = self.bookmarked

        created_at = self.created_at

        id = self.id

        last_message_at = self.last_message_at

        message_count = self.message_count

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bookmarked": bookmarked,
                "created_at": created_at,
                "id": id,
                "last_message_at": last_message_at,
                "message_count": message_count,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bookmarked = d.pop("bookmarked")

        created_at = d.pop("created_at")

        id = d.pop("id")

        last_message_at = d.pop("last_message_at")

        message_count = d.pop("message_count")

        title = d.pop("title")

        conversation_summary = cls(
            bookmarked=bookmarked,
            created_at=created_at,
            id=id,
            last_message_at=last_message_at,
            message_count=message_count,
            title=title,
        )

        conversation_summary.additional_properties = d
        return conversation_summary

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
