from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_citation import ChatCitation


T = TypeVar("T", bound="ChatDone")


@_attrs_define
class ChatDone:
    """The last event of a stream: `data: {"done": true, …}`.

    Attributes:
        citations (list[ChatCitation]): Every source the answer cites, in the order first cited.
        conversation_id (str): The conversation it is saved in.
        credits_charged (int): Credits drawn for it (the engine's multiplier applied to the tokens).
        done (bool): Always true.
        engine (str): The engine that wrote it.
        request_id (str): The request id (also the `X-Request-ID` header).
        tokens_used (int): Tokens the answer took (the model server's count, or the facts engine's words).
        note (None | str | Unset): Why a language model's answer was replaced by the offline one, if it was.
    """

    citations: list[ChatCitation]
    conversation_id: str
    credits_charged: int
    done: bool
    engine: str
    request_id: str
    tokens_used: int
    note: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        citations = []
        for citations_item_data in self.citations:
            citations_item = citations_item_data.to_dict()
            citations.append(citations_item)

        conversation_id = self.conversation_id

        credits_charged = self.credits_charged

        done = self.done

        engine = self.engine

        request_id = self.request_id

        tokens_used = self.tokens_used

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "citations": citations,
                "conversation_id": conversation_id,
                "credits_charged": credits_charged,
                "done": done,
                "engine": engine,
                "request_id": request_id,
                "tokens_used": tokens_used,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

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

        conversation_id = d.pop("conversation_id")

        credits_charged = d.pop("credits_charged")

        done = d.pop("done")

        engine = d.pop("engine")

        request_id = d.pop("request_id")

        tokens_used = d.pop("tokens_used")

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        chat_done = cls(
            citations=citations,
            conversation_id=conversation_id,
            credits_charged=credits_charged,
            done=done,
            engine=engine,
            request_id=request_id,
            tokens_used=tokens_used,
            note=note,
        )

        chat_done.additional_properties = d
        return chat_done

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
