from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ChatTurn")


@_attrs_define
class ChatTurn:
    """One earlier turn a partner sends along (`history`).

    Attributes:
        content (str): What was said.
        role (str): `user` or `assistant`.
    """

    content: str
    role: str

    def to_dict(self) -> dict[str, Any]:
        content = self.content

        role = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content": content,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content = d.pop("content")

        role = d.pop("role")

        chat_turn = cls(
            content=content,
            role=role,
        )

        return chat_turn
