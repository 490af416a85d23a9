from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.parameter import Parameter


T = TypeVar("T", bound="Endpoint")


@_attrs_define
class Endpoint:
    """One route.

    Attributes:
        credits_ (int): Credits drawn by a billable success (0: free).
        key_required (bool): Whether it needs `Authorization: Bearer sk_…`.
        method (str): `GET`, `POST`.
        parameters (list[Parameter]): Its path and query parameters.
        path (str): `/v1/decode`, `/v1/cases/{id}`.
        summary (str): What a successful answer is.
        tag (str): Its group (`vehicle data`, `samples`, …).
    """

    credits_: int
    key_required: bool
    method: str
    parameters: list[Parameter]
    path: str
    summary: str
    tag: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credits_ = self.credits_

        key_required = self.key_required

        method = self.method

        parameters = []
        for parameters_item_data in self.parameters:
            parameters_item = parameters_item_data.to_dict()
            parameters.append(parameters_item)

        path = self.path

        summary = self.summary

        tag = self.tag

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "credits": credits_,
                "key_required": key_required,
                "method": method,
                "parameters": parameters,
                "path": path,
                "summary": summary,
                "tag": tag,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.parameter import Parameter  # noqa: PLC0415

        d = dict(src_dict)
        credits_ = d.pop("credits")

        key_required = d.pop("key_required")

        method = d.pop("method")

        parameters = []
        _parameters = d.pop("parameters")
        for parameters_item_data in _parameters:
            parameters_item = Parameter.from_dict(parameters_item_data)

            parameters.append(parameters_item)

        path = d.pop("path")

        summary = d.pop("summary")

        tag = d.pop("tag")

        endpoint = cls(
            credits_=credits_,
            key_required=key_required,
            method=method,
            parameters=parameters,
            path=path,
            summary=summary,
            tag=tag,
        )

        endpoint.additional_properties = d
        return endpoint

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
