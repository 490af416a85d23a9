from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mode import Mode

if TYPE_CHECKING:
    from ..models.event_data import EventData


T = TypeVar("T", bound="Event")


@_attrs_define
class Event:
    """A webhook event as POSTed to the partner's endpoint (signed with
    `Shopbench-Signature: t=…,v1=…`, HMAC-SHA256 of `t.body`).

        Attributes:
            created_at (str): RFC 3339.
            data (EventData): What happened: the object's id, status and link (`url`).
            id (str): `evt_…`, unique; a redelivery carries the same id.
            mode (Mode): Which side of a partner's account a key works on.
            type_ (str): `diagnosis.completed`, `diagnosis.failed`, `estimate.completed`.
    """

    created_at: str
    data: EventData
    id: str
    mode: Mode
    type_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        data = self.data.to_dict()

        id = self.id

        mode = self.mode.value

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "data": data,
                "id": id,
                "mode": mode,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_data import EventData  # noqa: PLC0415

        d = dict(src_dict)
        created_at = d.pop("created_at")

        data = EventData.from_dict(d.pop("data"))

        id = d.pop("id")

        mode = Mode(d.pop("mode"))

        type_ = d.pop("type")

        event = cls(
            created_at=created_at,
            data=data,
            id=id,
            mode=mode,
            type_=type_,
        )

        event.additional_properties = d
        return event

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
