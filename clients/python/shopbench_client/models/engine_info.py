from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EngineInfo")


@_attrs_define
class EngineInfo:
    """An answering engine as `GET /v1/account` lists it (seed 003's pricing table).

    Attributes:
        available (bool): Whether this server can run it now (the model engine needs a model server).
        id (str): Engine id.
        minimum_plan (str): The lowest plan that may use it.
        multiplier (float): Its price multiplier on tokens (1 credit per 100 tokens at 1×).
        use_case (str): What it is for.
    """

    available: bool
    id: str
    minimum_plan: str
    multiplier: float
    use_case: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        available = self.available

        id = self.id

        minimum_plan = self.minimum_plan

        multiplier = self.multiplier

        use_case = self.use_case

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "available": available,
                "id": id,
                "minimum_plan": minimum_plan,
                "multiplier": multiplier,
                "use_case": use_case,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        available = d.pop("available")

        id = d.pop("id")

        minimum_plan = d.pop("minimum_plan")

        multiplier = d.pop("multiplier")

        use_case = d.pop("use_case")

        engine_info = cls(
            available=available,
            id=id,
            minimum_plan=minimum_plan,
            multiplier=multiplier,
            use_case=use_case,
        )

        engine_info.additional_properties = d
        return engine_info

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
