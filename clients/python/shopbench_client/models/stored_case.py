from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mode import Mode

if TYPE_CHECKING:
    from ..models.stored_case_input import StoredCaseInput


T = TypeVar("T", bound="StoredCase")


@_attrs_define
class StoredCase:
    """`GET /v1/cases/{id}`: the case as stored.

    Attributes:
        case_id (str): `case_…`.
        created_at (str): RFC 3339.
        input_ (StoredCaseInput): The case exactly as it will be diagnosed.
        mode (Mode): Which side of a partner's account a key works on.
        object_ (str): `case`.
    """

    case_id: str
    created_at: str
    input_: StoredCaseInput
    mode: Mode
    object_: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        case_id = self.case_id

        created_at = self.created_at

        input_ = self.input_.to_dict()

        mode = self.mode.value

        object_ = self.object_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case_id": case_id,
                "created_at": created_at,
                "input": input_,
                "mode": mode,
                "object": object_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stored_case_input import StoredCaseInput  # noqa: PLC0415

        d = dict(src_dict)
        case_id = d.pop("case_id")

        created_at = d.pop("created_at")

        input_ = StoredCaseInput.from_dict(d.pop("input"))

        mode = Mode(d.pop("mode"))

        object_ = d.pop("object")

        stored_case = cls(
            case_id=case_id,
            created_at=created_at,
            input_=input_,
            mode=mode,
            object_=object_,
        )

        stored_case.additional_properties = d
        return stored_case

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
