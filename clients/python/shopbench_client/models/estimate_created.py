from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mode import Mode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.estimate_created_proposals_item import EstimateCreatedProposalsItem
    from ..models.photo_meta import PhotoMeta


T = TypeVar("T", bound="EstimateCreated")


@_attrs_define
class EstimateCreated:
    """`201` from `POST /v1/estimates`, and `GET /v1/estimates/{id}`: seed 001's
    complete estimate plus where it was priced, its photos and its links.

        Attributes:
            created_at (str): RFC 3339.
            insurance_url (str): Its insurance view.
            mode (Mode): Which side of a partner's account a key works on.
            object_ (str): `estimate`.
            photos (list[PhotoMeta]): The photos, in the order sent.
            poll_url (str): This estimate.
            state (str): The state whose labor rates priced it.
            proposals (list[EstimateCreatedProposalsItem] | Unset): What the detector found but could not price (no side of
                the car known for its
                photo, or a class with no damage type); empty when the partner marked the areas.
    """

    created_at: str
    insurance_url: str
    mode: Mode
    object_: str
    photos: list[PhotoMeta]
    poll_url: str
    state: str
    proposals: list[EstimateCreatedProposalsItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at

        insurance_url = self.insurance_url

        mode = self.mode.value

        object_ = self.object_

        photos = []
        for photos_item_data in self.photos:
            photos_item = photos_item_data.to_dict()
            photos.append(photos_item)

        poll_url = self.poll_url

        state = self.state

        proposals: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.proposals, Unset):
            proposals = []
            for proposals_item_data in self.proposals:
                proposals_item = proposals_item_data.to_dict()
                proposals.append(proposals_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "insurance_url": insurance_url,
                "mode": mode,
                "object": object_,
                "photos": photos,
                "poll_url": poll_url,
                "state": state,
            }
        )
        if proposals is not UNSET:
            field_dict["proposals"] = proposals

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.estimate_created_proposals_item import EstimateCreatedProposalsItem  # noqa: PLC0415
        from ..models.photo_meta import PhotoMeta  # noqa: PLC0415

        d = dict(src_dict)
        created_at = d.pop("created_at")

        insurance_url = d.pop("insurance_url")

        mode = Mode(d.pop("mode"))

        object_ = d.pop("object")

        photos = []
        _photos = d.pop("photos")
        for photos_item_data in _photos:
            photos_item = PhotoMeta.from_dict(photos_item_data)

            photos.append(photos_item)

        poll_url = d.pop("poll_url")

        state = d.pop("state")

        _proposals = d.pop("proposals", UNSET)
        proposals: list[EstimateCreatedProposalsItem] | Unset = UNSET
        if _proposals is not UNSET:
            proposals = []
            for proposals_item_data in _proposals:
                proposals_item = EstimateCreatedProposalsItem.from_dict(proposals_item_data)

                proposals.append(proposals_item)

        estimate_created = cls(
            created_at=created_at,
            insurance_url=insurance_url,
            mode=mode,
            object_=object_,
            photos=photos,
            poll_url=poll_url,
            state=state,
            proposals=proposals,
        )

        estimate_created.additional_properties = d
        return estimate_created

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
