from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_citation import ChatCitation


T = TypeVar("T", bound="ConversationMessage")


@_attrs_define
class ConversationMessage:
    """One message of a conversation.

    Attributes:
        citations (list[ChatCitation]): The sources an answer cites (empty for a question).
        content (str): What was said.
        created_at (str): RFC 3339.
        id (str): `msg_…`.
        role (str): `user` or `assistant`.
        tokens_used (int): Tokens (0 for a question).
        engine (None | str | Unset): The engine id for an answer, null for a question (never a model or provider name).
    """

    citations: list[ChatCitation]
    content: str
    created_at: str
    id: str
    role: str
    tokens_used: int
    engine: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        citations = []
        for citations_item_data in self.citations:
            citations_item = citations_item_data.to_dict()
            citations.append(citations_item)

        content = self.content

        created_at = self.created_at

        id = self.id

        role = self.role

        tokens_used = self.tokens_used

        engine: None | str | Unset
        if isinstance(self.engine, Unset):
            engine = UNSET
        else:
            engine = self.engine

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "citations": citations,
                "content": content,
                "created_at": created_at,
                "id": id,
                "role": role,
                "tokens_used": tokens_used,
            }
        )
        if engine is not UNSET:
            field_dict["engine"] = engine

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_citation import ChatCitation  # noqa: PLC0415

        d = dict(src_dict)
        citations = []
        _citations = d.pop("citations")
        for citations_item_data in _citations:
            citations_item = ChatCitation.from_dict(citations_item_data)

            citations.append(citations_item)

        content = d.pop("content")

        created_at = d.pop("created_at")

        id = d.pop("id")

        role = d.pop("role")

        tokens_used = d.pop("tokens_used")

        def _parse_engine(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        engine = _parse_engine(d.pop("engine", UNSET))

        conversation_message = cls(
            citations=citations,
            content=content,
            created_at=created_at,
            id=id,
            role=role,
            tokens_used=tokens_used,
            engine=engine,
        )

        conversation_message.additional_properties = d
        return conversation_message

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
