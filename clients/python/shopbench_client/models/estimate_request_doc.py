from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.estimate_area_doc import EstimateAreaDoc


T = TypeVar("T", bound="EstimateRequestDoc")


@_attrs_define
class EstimateRequestDoc:
    """The body of `POST /v1/estimates` (JSON; the same fields as multipart form parts).

    Attributes:
        vehicle_make (str): Make, e.g. `Toyota`.
        vehicle_model (str): Model, e.g. `Camry`.
        vehicle_year (int): Model year.
        additional_photos (list[str] | None | Unset): Up to four more photos, the same way.
        areas (list[EstimateAreaDoc] | None | Unset): The damage the partner marked (multipart: a JSON array as text).
            Leave it out to have
            the server's damage detector find the damage (seed 001's photo-only request): `202`,
            then poll or wait for the webhook.
        callback_url (None | str | Unset): seed 001's per-request webhook: `estimate.completed` / `estimate.failed` are
            POSTed here
            too, signed with the partner's webhook secret for the key's mode (the partner needs
            one: `422` otherwise). http or https, at most 2,048 characters, no loopback or private
            address.
        metro (bool | None | Unset): The shop is in a metro area (the state's metro premium applies).
        part_preference (None | str | Unset): `oem` (default), `aftermarket` or `used`.
        photo (None | str | Unset): The main photo: base64 or a `data:image/jpeg;base64,…` URL (multipart: a file part).
            JPEG, PNG or WebP, ≤ 10 MB.
        state (None | str | Unset): Two-letter state (default `CA`); sets the labor rates.
        vehicle_class (None | str | Unset): Vehicle class, needed only for a vehicle not in `GET /v1/vehicles`.
        views (list[None | str] | None | Unset): Without `areas`: the side of the car each photo shows (`front`, `rear`,
            `left`,
            `right` or null), one per photo in order — the detector names the panel under a box
            only on a photo whose side it knows (multipart: a JSON array as text).
    """

    vehicle_make: str
    vehicle_model: str
    vehicle_year: int
    additional_photos: list[str] | None | Unset = UNSET
    areas: list[EstimateAreaDoc] | None | Unset = UNSET
    callback_url: None | str | Unset = UNSET
    metro: bool | None | Unset = UNSET
    part_preference: None | str | Unset = UNSET
    photo: None | str | Unset = UNSET
    state: None | str | Unset = UNSET
    vehicle_class: None | str | Unset = UNSET
    views: list[None | str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        vehicle_make = self.vehicle_make

        vehicle_model = self.vehicle_model

        vehicle_year = self.vehicle_year

        additional_photos: list[str] | None | Unset
        if isinstance(self.additional_photos, Unset):
            additional_photos = UNSET
        elif isinstance(self.additional_photos, list):
            additional_photos = self.additional_photos

        else:
            additional_photos = self.additional_photos

        areas: list[dict[str, Any]] | None | Unset
        if isinstance(self.areas, Unset):
            areas = UNSET
        elif isinstance(self.areas, list):
            areas = []
            for areas_type_0_item_data in self.areas:
                areas_type_0_item = areas_type_0_item_data.to_dict()
                areas.append(areas_type_0_item)

        else:
            areas = self.areas

        callback_url: None | str | Unset
        if isinstance(self.callback_url, Unset):
            callback_url = UNSET
        else:
            callback_url = self.callback_url

        metro: bool | None | Unset
        if isinstance(self.metro, Unset):
            metro = UNSET
        else:
            metro = self.metro

        part_preference: None | str | Unset
        if isinstance(self.part_preference, Unset):
            part_preference = UNSET
        else:
            part_preference = self.part_preference

        photo: None | str | Unset
        if isinstance(self.photo, Unset):
            photo = UNSET
        else:
            photo = self.photo

        state: None | str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        else:
            state = self.state

        vehicle_class: None | str | Unset
        if isinstance(self.vehicle_class, Unset):
            vehicle_class = UNSET
        else:
            vehicle_class = self.vehicle_class

        views: list[None | str] | None | Unset
        if isinstance(self.views, Unset):
            views = UNSET
        elif isinstance(self.views, list):
            views = []
            for views_type_0_item_data in self.views:
                views_type_0_item: None | str
                views_type_0_item = views_type_0_item_data
                views.append(views_type_0_item)

        else:
            views = self.views

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "vehicle_make": vehicle_make,
                "vehicle_model": vehicle_model,
                "vehicle_year": vehicle_year,
            }
        )
        if additional_photos is not UNSET:
            field_dict["additional_photos"] = additional_photos
        if areas is not UNSET:
            field_dict["areas"] = areas
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url
        if metro is not UNSET:
            field_dict["metro"] = metro
        if part_preference is not UNSET:
            field_dict["part_preference"] = part_preference
        if photo is not UNSET:
            field_dict["photo"] = photo
        if state is not UNSET:
            field_dict["state"] = state
        if vehicle_class is not UNSET:
            field_dict["vehicle_class"] = vehicle_class
        if views is not UNSET:
            field_dict["views"] = views

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("vehicle_make", (None, str(self.vehicle_make).encode(), "text/plain")))

        files.append(("vehicle_model", (None, str(self.vehicle_model).encode(), "text/plain")))

        files.append(("vehicle_year", (None, str(self.vehicle_year).encode(), "text/plain")))

        if not isinstance(self.additional_photos, Unset):
            if isinstance(self.additional_photos, list):
                for additional_photos_type_0_item_element in self.additional_photos:
                    files.append(
                        ("additional_photos", (None, str(additional_photos_type_0_item_element).encode(), "text/plain"))
                    )
            else:
                files.append(("additional_photos", (None, str(self.additional_photos).encode(), "text/plain")))

        if not isinstance(self.areas, Unset):
            if isinstance(self.areas, list):
                for areas_type_0_item_element in self.areas:
                    files.append(
                        ("areas", (None, json.dumps(areas_type_0_item_element.to_dict()).encode(), "application/json"))
                    )
            else:
                files.append(("areas", (None, str(self.areas).encode(), "text/plain")))

        if not isinstance(self.callback_url, Unset):
            if isinstance(self.callback_url, str):
                files.append(("callback_url", (None, str(self.callback_url).encode(), "text/plain")))
            else:
                files.append(("callback_url", (None, str(self.callback_url).encode(), "text/plain")))

        if not isinstance(self.metro, Unset):
            if isinstance(self.metro, bool):
                files.append(("metro", (None, str(self.metro).encode(), "text/plain")))
            else:
                files.append(("metro", (None, str(self.metro).encode(), "text/plain")))

        if not isinstance(self.part_preference, Unset):
            if isinstance(self.part_preference, str):
                files.append(("part_preference", (None, str(self.part_preference).encode(), "text/plain")))
            else:
                files.append(("part_preference", (None, str(self.part_preference).encode(), "text/plain")))

        if not isinstance(self.photo, Unset):
            if isinstance(self.photo, str):
                files.append(("photo", (None, str(self.photo).encode(), "text/plain")))
            else:
                files.append(("photo", (None, str(self.photo).encode(), "text/plain")))

        if not isinstance(self.state, Unset):
            if isinstance(self.state, str):
                files.append(("state", (None, str(self.state).encode(), "text/plain")))
            else:
                files.append(("state", (None, str(self.state).encode(), "text/plain")))

        if not isinstance(self.vehicle_class, Unset):
            if isinstance(self.vehicle_class, str):
                files.append(("vehicle_class", (None, str(self.vehicle_class).encode(), "text/plain")))
            else:
                files.append(("vehicle_class", (None, str(self.vehicle_class).encode(), "text/plain")))

        if not isinstance(self.views, Unset):
            if isinstance(self.views, list):
                for views_type_0_item_element in self.views:
                    if isinstance(views_type_0_item_element, str):
                        files.append(("views", (None, str(views_type_0_item_element).encode(), "text/plain")))
                    else:
                        files.append(("views", (None, str(views_type_0_item_element).encode(), "text/plain")))
            else:
                files.append(("views", (None, str(self.views).encode(), "text/plain")))

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.estimate_area_doc import EstimateAreaDoc  # noqa: PLC0415

        d = dict(src_dict)
        vehicle_make = d.pop("vehicle_make")

        vehicle_model = d.pop("vehicle_model")

        vehicle_year = d.pop("vehicle_year")

        def _parse_additional_photos(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                additional_photos_type_0 = cast(list[str], data)

                return additional_photos_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        additional_photos = _parse_additional_photos(d.pop("additional_photos", UNSET))

        def _parse_areas(data: object) -> list[EstimateAreaDoc] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                areas_type_0 = []
                _areas_type_0 = data
                for areas_type_0_item_data in _areas_type_0:
                    areas_type_0_item = EstimateAreaDoc.from_dict(areas_type_0_item_data)

                    areas_type_0.append(areas_type_0_item)

                return areas_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[EstimateAreaDoc] | None | Unset, data)

        areas = _parse_areas(d.pop("areas", UNSET))

        def _parse_callback_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        callback_url = _parse_callback_url(d.pop("callback_url", UNSET))

        def _parse_metro(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        metro = _parse_metro(d.pop("metro", UNSET))

        def _parse_part_preference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        part_preference = _parse_part_preference(d.pop("part_preference", UNSET))

        def _parse_photo(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        photo = _parse_photo(d.pop("photo", UNSET))

        def _parse_state(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        state = _parse_state(d.pop("state", UNSET))

        def _parse_vehicle_class(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vehicle_class = _parse_vehicle_class(d.pop("vehicle_class", UNSET))

        def _parse_views(data: object) -> list[None | str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                views_type_0 = []
                _views_type_0 = data
                for views_type_0_item_data in _views_type_0:

                    def _parse_views_type_0_item(data: object) -> None | str:
                        if data is None:
                            return data
                        return cast(None | str, data)

                    views_type_0_item = _parse_views_type_0_item(views_type_0_item_data)

                    views_type_0.append(views_type_0_item)

                return views_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[None | str] | None | Unset, data)

        views = _parse_views(d.pop("views", UNSET))

        estimate_request_doc = cls(
            vehicle_make=vehicle_make,
            vehicle_model=vehicle_model,
            vehicle_year=vehicle_year,
            additional_photos=additional_photos,
            areas=areas,
            callback_url=callback_url,
            metro=metro,
            part_preference=part_preference,
            photo=photo,
            state=state,
            vehicle_class=vehicle_class,
            views=views,
        )

        estimate_request_doc.additional_properties = d
        return estimate_request_doc

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
