from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="DiagnoseRequest")


@_attrs_define
class DiagnoseRequest:
    """The body of `POST /v1/diagnose`.

    Attributes:
        case_id (str): The case to diagnose (`case_…`).
    """

    case_id: str

    def to_dict(self) -> dict[str, Any]:
        case_id = self.case_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "case_id": case_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        case_id = d.pop("case_id")

        diagnose_request = cls(
            case_id=case_id,
        )

        return diagnose_request
