from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.money_range import MoneyRange
    from ..models.us_input import UsInput
    from ..models.us_line import UsLine


T = TypeVar("T", bound="UsCosts")


@_attrs_define
class UsCosts:
    """The itemized answer (seed 002's `/v1/us/purchase-costs` shape).

    Attributes:
        caveats (list[str]): Assumptions the reader must know.
        country (str): Always `US`.
        estimated_total_range_usd (MoneyRange): An inclusive money range (dollars on the wire).
        input_ (UsInput): The echoed, normalized input.
        lines (list[UsLine]): The lines.
        rules_as_of (str): When the state's figures were last checked.
        state (str): State code.
        state_name (str): State name.
        total_known_usd (float): Σ non-null `tax` + `fee` amounts.
    """

    caveats: list[str]
    country: str
    estimated_total_range_usd: MoneyRange
    input_: UsInput
    lines: list[UsLine]
    rules_as_of: str
    state: str
    state_name: str
    total_known_usd: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        caveats = self.caveats

        country = self.country

        estimated_total_range_usd = self.estimated_total_range_usd.to_dict()

        input_ = self.input_.to_dict()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        rules_as_of = self.rules_as_of

        state = self.state

        state_name = self.state_name

        total_known_usd = self.total_known_usd

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "caveats": caveats,
                "country": country,
                "estimatedTotalRangeUsd": estimated_total_range_usd,
                "input": input_,
                "lines": lines,
                "rulesAsOf": rules_as_of,
                "state": state,
                "stateName": state_name,
                "totalKnownUsd": total_known_usd,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_range import MoneyRange  # noqa: PLC0415
        from ..models.us_input import UsInput  # noqa: PLC0415
        from ..models.us_line import UsLine  # noqa: PLC0415

        d = dict(src_dict)
        caveats = cast(list[str], d.pop("caveats"))

        country = d.pop("country")

        estimated_total_range_usd = MoneyRange.from_dict(d.pop("estimatedTotalRangeUsd"))

        input_ = UsInput.from_dict(d.pop("input"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = UsLine.from_dict(lines_item_data)

            lines.append(lines_item)

        rules_as_of = d.pop("rulesAsOf")

        state = d.pop("state")

        state_name = d.pop("stateName")

        total_known_usd = d.pop("totalKnownUsd")

        us_costs = cls(
            caveats=caveats,
            country=country,
            estimated_total_range_usd=estimated_total_range_usd,
            input_=input_,
            lines=lines,
            rules_as_of=rules_as_of,
            state=state,
            state_name=state_name,
            total_known_usd=total_known_usd,
        )

        us_costs.additional_properties = d
        return us_costs

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
