from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.conversation_message import ConversationMessage


T = TypeVar("T", bound="ConversationDetail")


@_attrs_define
class ConversationDetail:
    """`GET /v1/conversations/{id}`: every message in order.

    Attributes:
        bookmarked (bool): Always false (see [`ConversationSummary::bookmarked`]).
        created_at (str): RFC 3339.
        id (str): `conv_…`.
        last_message_at (str): RFC 3339.
        message_count (int): Messages in it.
        messages (list[ConversationMessage]): Oldest first.
        title (str): Its first question, shortened.
    """

    bookmarked: bool
    created_at: str
    id: str
    last_message_at: str
    message_count: int
    messages: list[ConversationMessage]
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bookmarked = self.bookmarked

        created_at = self.created_at

        id = self.id

        last_message_at = self.last_message_at

        message_count = self.message_count

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

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
                "messages": messages,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.conversation_message import ConversationMessage  # noqa: PLC0415

        d = dict(src_dict)
        bookmarked = d.pop("bookmarked")

        created_at = d.pop("created_at")

        id = d.pop("id")

        last_message_at = d.pop("last_message_at")

        message_count = d.pop("message_count")

        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = ConversationMessage.from_dict(messages_item_data)

            messages.append(messages_item)

        title = d.pop("title")

        conversation_detail = cls(
            bookmarked=bookmarked,
            created_at=created_at,
            id=id,
            last_message_at=last_message_at,
            message_count=message_count,
            messages=messages,
            title=title,
        )

        conversation_detail.additional_properties = d
        return conversation_detail

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
