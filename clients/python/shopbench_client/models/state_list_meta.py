from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.national_averages import NationalAverages


T = TypeVar("T", bound="StateListMeta")


@_attrs_define
class StateListMeta:
    """State list meta.

    Attributes:
        national_averages (NationalAverages): National averages ($/h).
        total_states (int): Number of states (51 with DC).
    """

    national_averages: NationalAverages
    total_states: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        national_averages = self.national_averages.to_dict()

        total_states = self.total_states

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "nationalAverages": national_averages,
                "totalStates": total_states,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.national_averages import NationalAverages  # noqa: PLC0415

        d = dict(src_dict)
        national_averages = NationalAverages.from_dict(d.pop("nationalAverages"))

        total_states = d.pop("totalStates")

        state_list_meta = cls(
            national_averages=national_averages,
            total_states=total_states,
        )

        state_list_meta.additional_properties = d
        return state_list_meta

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
