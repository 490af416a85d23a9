from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.endpoint import Endpoint


T = TypeVar("T", bound="Discovery")


@_attrs_define
class Discovery:
    """`GET /discovery`.

    Attributes:
        auth (str): How to authenticate.
        description (str): What the API does.
        disclaimer (str): Seed 002's disclaimer of the vehicle data.
        endpoints (list[Endpoint]): Every route, in path order.
        llms_txt (str): Where the same list is, as text for language models (`/llms.txt`).
        openapi (str): Where the OpenAPI 3.1 document is (`/openapi.json`).
        pricing (str): How charging works.
        sample_vin (str): The vehicle every `/v1/sample/*` route answers about.
        service (str): `shopbench`.
        version (str): The server's version.
    """

    auth: str
    description: str
    disclaimer: str
    endpoints: list[Endpoint]
    llms_txt: str
    openapi: str
    pricing: str
    sample_vin: str
    service: str
    version: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        auth = self.auth

        description = self.description

        disclaimer = self.disclaimer

        endpoints = []
        for endpoints_item_data in self.endpoints:
            endpoints_item = endpoints_item_data.to_dict()
            endpoints.append(endpoints_item)

        llms_txt = self.llms_txt

        openapi = self.openapi

        pricing = self.pricing

        sample_vin = self.sample_vin

        service = self.service

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "auth": auth,
                "description": description,
                "disclaimer": disclaimer,
                "endpoints": endpoints,
                "llms_txt": llms_txt,
                "openapi": openapi,
                "pricing": pricing,
                "sample_vin": sample_vin,
                "service": service,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.endpoint import Endpoint  # noqa: PLC0415

        d = dict(src_dict)
        auth = d.pop("auth")

        description = d.pop("description")

        disclaimer = d.pop("disclaimer")

        endpoints = []
        _endpoints = d.pop("endpoints")
        for endpoints_item_data in _endpoints:
            endpoints_item = Endpoint.from_dict(endpoints_item_data)

            endpoints.append(endpoints_item)

        llms_txt = d.pop("llms_txt")

        openapi = d.pop("openapi")

        pricing = d.pop("pricing")

        sample_vin = d.pop("sample_vin")

        service = d.pop("service")

        version = d.pop("version")

        discovery = cls(
            auth=auth,
            description=description,
            disclaimer=disclaimer,
            endpoints=endpoints,
            llms_txt=llms_txt,
            openapi=openapi,
            pricing=pricing,
            sample_vin=sample_vin,
            service=service,
            version=version,
        )

        discovery.additional_properties = d
        return discovery

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
