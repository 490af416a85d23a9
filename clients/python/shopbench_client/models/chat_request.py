from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_turn import ChatTurn


T = TypeVar("T", bound="ChatRequest")


@_attrs_define
class ChatRequest:
    """`POST /v1/chat`.

    Attributes:
        message (str): The question (1 to 4,000 characters).
        conversation_id (None | str | Unset): Continue this conversation (`conv_…`); omit to start one.
        engine (None | str | Unset): Engine id (`shopbench-facts`, the default, or `shopbench-model`).
        history (list[ChatTurn] | None | Unset): Earlier turns, oldest first (at most 50), when the partner keeps the
            conversation itself; not with `conversation_id` (the stored one is used).
        stream (bool | None | Unset): Stream the answer as server-sent events (default true) or answer one JSON object.
    """

    message: str
    conversation_id: None | str | Unset = UNSET
    engine: None | str | Unset = UNSET
    history: list[ChatTurn] | None | Unset = UNSET
    stream: bool | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        conversation_id: None | str | Unset
        if isinstance(self.conversation_id, Unset):
            conversation_id = UNSET
        else:
            conversation_id = self.conversation_id

        engine: None | str | Unset
        if isinstance(self.engine, Unset):
            engine = UNSET
        else:
            engine = self.engine

        history: list[dict[str, Any]] | None | Unset
        if isinstance(self.history, Unset):
            history = UNSET
        elif isinstance(self.history, list):
            history = []
            for history_type_0_item_data in self.history:
                history_type_0_item = history_type_0_item_data.to_dict()
                history.append(history_type_0_item)

        else:
            history = self.history

        stream: bool | None | Unset
        if isinstance(self.stream, Unset):
            stream = UNSET
        else:
            stream = self.stream

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "message": message,
            }
        )
        if conversation_id is not UNSET:
            field_dict["conversation_id"] = conversation_id
        if engine is not UNSET:
            field_dict["engine"] = engine
        if history is not UNSET:
            field_dict["history"] = history
        if stream is not UNSET:
            field_dict["stream"] = stream

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_turn import ChatTurn  # noqa: PLC0415

        d = dict(src_dict)
        message = d.pop("message")

        def _parse_conversation_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        conversation_id = _parse_conversation_id(d.pop("conversation_id", UNSET))

        def _parse_engine(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        engine = _parse_engine(d.pop("engine", UNSET))

        def _parse_history(data: object) -> list[ChatTurn] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                history_type_0 = []
                _history_type_0 = data
                for history_type_0_item_data in _history_type_0:
                    history_type_0_item = ChatTurn.from_dict(history_type_0_item_data)

                    history_type_0.append(history_type_0_item)

                return history_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ChatTurn] | None | Unset, data)

        history = _parse_history(d.pop("history", UNSET))

        def _parse_stream(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        stream = _parse_stream(d.pop("stream", UNSET))

        chat_request = cls(
            message=message,
            conversation_id=conversation_id,
            engine=engine,
            history=history,
            stream=stream,
        )

        return chat_request
