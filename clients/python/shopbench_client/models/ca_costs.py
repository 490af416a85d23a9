from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.ca_input import CaInput
    from ..models.ca_line import CaLine
    from ..models.money_range import MoneyRange


T = TypeVar("T", bound="CaCosts")


@_attrs_define
class CaCosts:
    """The itemized answer (seed 002's `/v1/ca/purchase-costs` shape).

    Attributes:
        caveats (list[str]): Assumptions the reader must know.
        country (str): Always `CA`.
        estimated_total_range_cad (MoneyRange): An inclusive money range (dollars on the wire).
        input_ (CaInput): The echoed, normalized input.
        lines (list[CaLine]): The lines.
        province (str): Province code.
        province_name (str): Province name.
        rules_as_of (str): When the province's figures were last checked.
        total_known_cad (float): Σ non-null `tax` + `fee` amounts.
    """

    caveats: list[str]
    country: str
    estimated_total_range_cad: MoneyRange
    input_: CaInput
    lines: list[CaLine]
    province: str
    province_name: str
    rules_as_of: str
    total_known_cad: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        caveats = self.caveats

        country = self.country

        estimated_total_range_cad = self.estimated_total_range_cad.to_dict()

        input_ = self.input_.to_dict()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        province = self.province

        province_name = self.province_name

        rules_as_of = self.rules_as_of

        total_known_cad = self.total_known_cad

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "caveats": caveats,
                "country": country,
                "estimatedTotalRangeCad": estimated_total_range_cad,
                "input": input_,
                "lines": lines,
                "province": province,
                "provinceName": province_name,
                "rulesAsOf": rules_as_of,
                "totalKnownCad": total_known_cad,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ca_input import CaInput  # noqa: PLC0415
        from ..models.ca_line import CaLine  # noqa: PLC0415
        from ..models.money_range import MoneyRange  # noqa: PLC0415

        d = dict(src_dict)
        caveats = cast(list[str], d.pop("caveats"))

        country = d.pop("country")

        estimated_total_range_cad = MoneyRange.from_dict(d.pop("estimatedTotalRangeCad"))

        input_ = CaInput.from_dict(d.pop("input"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = CaLine.from_dict(lines_item_data)

            lines.append(lines_item)

        province = d.pop("province")

        province_name = d.pop("provinceName")

        rules_as_of = d.pop("rulesAsOf")

        total_known_cad = d.pop("totalKnownCad")

        ca_costs = cls(
            caveats=caveats,
            country=country,
            estimated_total_range_cad=estimated_total_range_cad,
            input_=input_,
            lines=lines,
            province=province,
            province_name=province_name,
            rules_as_of=rules_as_of,
            total_known_cad=total_known_cad,
        )

        ca_costs.additional_properties = d
        return ca_costs

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
