from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.confidence import Confidence
from ..models.line_kind import LineKind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money_range import MoneyRange


T = TypeVar("T", bound="CaLine")


@_attrs_define
class CaLine:
    """One cost line (seed 002's `CostLine`, CAD).

    Attributes:
        confidence (Confidence): `high`: read on the agency's page; `medium`: from public knowledge, a
            secondary source or an industry range, not confirmed on the agency's page
            (the line's notes say which).
        id (str): Stable machine id (`sales_tax`, `uvip`, `permit_plus_plate`, …).
        kind (LineKind): What a line is, which decides how it counts in the totals.
        label (str): Human label naming the actual tax, e.g. `PST (12%)`.
        notes (str): Basis and assumptions.
        paid_to (str): Who is paid.
        source_url (str): The official page the figure comes from.
        amount_cad (float | None | Unset): The amount, or null when only a range is known.
        range_cad (MoneyRange | None | Unset):
    """

    confidence: Confidence
    id: str
    kind: LineKind
    label: str
    notes: str
    paid_to: str
    source_url: str
    amount_cad: float | None | Unset = UNSET
    range_cad: MoneyRange | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.money_range import MoneyRange  # noqa: PLC0415

        confidence = self.confidence.value

        id = self.id

        kind = self.kind.value

        label = self.label

        notes = self.notes

        paid_to = self.paid_to

        source_url = self.source_url

        amount_cad: float | None | Unset
        if isinstance(self.amount_cad, Unset):
            amount_cad = UNSET
        else:
            amount_cad = self.amount_cad

        range_cad: dict[str, Any] | None | Unset
        if isinstance(self.range_cad, Unset):
            range_cad = UNSET
        elif isinstance(self.range_cad, MoneyRange):
            range_cad = self.range_cad.to_dict()
        else:
            range_cad = self.range_cad

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "confidence": confidence,
                "id": id,
                "kind": kind,
                "label": label,
                "notes": notes,
                "paidTo": paid_to,
                "sourceUrl": source_url,
            }
        )
        if amount_cad is not UNSET:
            field_dict["amountCad"] = amount_cad
        if range_cad is not UNSET:
            field_dict["rangeCad"] = range_cad

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.money_range import MoneyRange  # noqa: PLC0415

        d = dict(src_dict)
        confidence = Confidence(d.pop("confidence"))

        id = d.pop("id")

        kind = LineKind(d.pop("kind"))

        label = d.pop("label")

        notes = d.pop("notes")

        paid_to = d.pop("paidTo")

        source_url = d.pop("sourceUrl")

        def _parse_amount_cad(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        amount_cad = _parse_amount_cad(d.pop("amountCad", UNSET))

        def _parse_range_cad(data: object) -> MoneyRange | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                range_cad_type_1 = MoneyRange.from_dict(data)

                return range_cad_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MoneyRange | None | Unset, data)

        range_cad = _parse_range_cad(d.pop("rangeCad", UNSET))

        ca_line = cls(
            confidence=confidence,
            id=id,
            kind=kind,
            label=label,
            notes=notes,
            paid_to=paid_to,
            source_url=source_url,
            amount_cad=amount_cad,
            range_cad=range_cad,
        )

        ca_line.additional_properties = d
        return ca_line

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
