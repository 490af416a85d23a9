from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PhotoMeta")


@_attrs_define
class PhotoMeta:
    """What the server kept of one photo.

    Attributes:
        bytes_ (int): Size of the original.
        file_name (str): The file name sent.
        format_ (str): `jpeg`, `png` or `webp` (sniffed from the content).
        height (int): Displayed height.
        photo_id (str): `photo_0`, `photo_1`, … in the order sent.
        sha256 (str): SHA-256 of the original, lower-case hex.
        width (int): Displayed width (EXIF orientation applied).
    """

    bytes_: int
    file_name: str
    format_: str
    height: int
    photo_id: str
    sha256: str
    width: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bytes_ = self.bytes_

        file_name = self.file_name

        format_ = self.format_

        height = self.height

        photo_id = self.photo_id

        sha256 = self.sha256

        width = self.width

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bytes": bytes_,
                "file_name": file_name,
                "format": format_,
                "height": height,
                "photo_id": photo_id,
                "sha256": sha256,
                "width": width,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bytes_ = d.pop("bytes")

        file_name = d.pop("file_name")

        format_ = d.pop("format")

        height = d.pop("height")

        photo_id = d.pop("photo_id")

        sha256 = d.pop("sha256")

        width = d.pop("width")

        photo_meta = cls(
            bytes_=bytes_,
            file_name=file_name,
            format_=format_,
            height=height,
            photo_id=photo_id,
            sha256=sha256,
            width=width,
        )

        photo_meta.additional_properties = d
        return photo_meta

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
