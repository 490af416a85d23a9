from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mode import Mode

T = TypeVar("T", bound="EstimateProcessing")


@_attrs_define
class EstimateProcessing:
    """`GET /v1/estimates/{id}` while the detector runs.

    Attributes:
        created_at (str): RFC 3339.
        id (str): `est_…`.
        mode (Mode): Which side of a partner's account a key works on.
        object_ (str): `estimate`.
        poll_url (str): Where to poll.
        progress (float): 0–1.
        stage (str): `queued`, `loading_photos`, `damage_detection` or `pricing`.
        status (str): `processing`.
    """

    created_at: str
    id: str
    mode: Mode
    object_: str
    poll_url: str
    progress: float
    stage: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        id = self.id

        mode = self.mode.value

        object_ = self.object_

        poll_url = self.poll_url

        progress = self.progress

        stage = self.stage

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "mode": mode,
                "object": object_,
                "poll_url": poll_url,
                "progress": progress,
                "stage": stage,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = d.pop("created_at")

        id = d.pop("id")

        mode = Mode(d.pop("mode"))

        object_ = d.pop("object")

        poll_url = d.pop("poll_url")

        progress = d.pop("progress")

        stage = d.pop("stage")

        status = d.pop("status")

        estimate_processing = cls(
            created_at=created_at,
            id=id,
            mode=mode,
            object_=object_,
            poll_url=poll_url,
            progress=progress,
            stage=stage,
            status=status,
        )

        estimate_processing.additional_properties = d
        return estimate_processing

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
