from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mode import Mode

if TYPE_CHECKING:
    from ..models.photo_meta import PhotoMeta


T = TypeVar("T", bound="EstimateAccepted")


@_attrs_define
class EstimateAccepted:
    """`202` from `POST /v1/estimates` without `areas`: seed 001's "processing" answer.

    Attributes:
        created_at (str): RFC 3339.
        estimated_seconds (int): A guess at how long detection and pricing take.
        id (str): `est_…`.
        mode (Mode): Which side of a partner's account a key works on.
        object_ (str): `estimate`.
        photos (list[PhotoMeta]): The photos, in the order sent.
        poll_url (str): Where to poll.
        status (str): `processing`.
    """

    created_at: str
    estimated_seconds: int
    id: str
    mode: Mode
    object_: str
    photos: list[PhotoMeta]
    poll_url: str
    status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        estimated_seconds = self.estimated_seconds

        id = self.id

        mode = self.mode.value

        object_ = self.object_

        photos = []
        for photos_item_data in self.photos:
            photos_item = photos_item_data.to_dict()
            photos.append(photos_item)

        poll_url = self.poll_url

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "estimated_seconds": estimated_seconds,
                "id": id,
                "mode": mode,
                "object": object_,
                "photos": photos,
                "poll_url": poll_url,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.photo_meta import PhotoMeta  # noqa: PLC0415

        d = dict(src_dict)
        created_at = d.pop("created_at")

        estimated_seconds = d.pop("estimated_seconds")

        id = d.pop("id")

        mode = Mode(d.pop("mode"))

        object_ = d.pop("object")

        photos = []
        _photos = d.pop("photos")
        for photos_item_data in _photos:
            photos_item = PhotoMeta.from_dict(photos_item_data)

            photos.append(photos_item)

        poll_url = d.pop("poll_url")

        status = d.pop("status")

        estimate_accepted = cls(
            created_at=created_at,
            estimated_seconds=estimated_seconds,
            id=id,
            mode=mode,
            object_=object_,
            photos=photos,
            poll_url=poll_url,
            status=status,
        )

        estimate_accepted.additional_properties = d
        return estimate_accepted

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
