from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.decode_provenance import DecodeProvenance
    from ..models.decoded_vehicle import DecodedVehicle
    from ..models.missing_field import MissingField
    from ..models.variable import Variable
    from ..models.vin_warning_type_0 import VinWarningType0


T = TypeVar("T", bound="Decoded")


@_attrs_define
class Decoded:
    """A full offline decode.

    Attributes:
        missing_fields (list[MissingField]): Fields the offline data does not carry for this VIN.
        provenance (DecodeProvenance): Where a decode came from.
        safety (list[Variable]): Safety equipment the data records for this VIN (usually none offline).
        variables (list[Variable]): Everything decoded, in vPIC's element order.
        vehicle (DecodedVehicle): The decoded vehicle, in the shape of seed 002's `vehicle` object.
        vin (str): The VIN.
        warnings (list[VinWarningType0]): Suspicious things about the VIN (a failed check digit).
    """

    missing_fields: list[MissingField]
    provenance: DecodeProvenance
    safety: list[Variable]
    variables: list[Variable]
    vehicle: DecodedVehicle
    vin: str
    warnings: list[VinWarningType0]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.vin_warning_type_0 import VinWarningType0  # noqa: PLC0415

        missing_fields = []
        for missing_fields_item_data in self.missing_fields:
            missing_fields_item = missing_fields_item_data.to_dict()
            missing_fields.append(missing_fields_item)

        provenance = self.provenance.to_dict()

        safety = []
        for safety_item_data in self.safety:
            safety_item = safety_item_data.to_dict()
            safety.append(safety_item)

        variables = []
        for variables_item_data in self.variables:
            variables_item = variables_item_data.to_dict()
            variables.append(variables_item)

        vehicle = self.vehicle.to_dict()

        vin = self.vin

        warnings = []
        for warnings_item_data in self.warnings:
            warnings_item: dict[str, Any]
            if isinstance(warnings_item_data, VinWarningType0):
                warnings_item = warnings_item_data.to_dict()

            warnings.append(warnings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "missingFields": missing_fields,
                "provenance": provenance,
                "safety": safety,
                "variables": variables,
                "vehicle": vehicle,
                "vin": vin,
                "warnings": warnings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.decode_provenance import DecodeProvenance  # noqa: PLC0415
        from ..models.decoded_vehicle import DecodedVehicle  # noqa: PLC0415
        from ..models.missing_field import MissingField  # noqa: PLC0415
        from ..models.variable import Variable  # noqa: PLC0415
        from ..models.vin_warning_type_0 import VinWarningType0  # noqa: PLC0415

        d = dict(src_dict)
        missing_fields = []
        _missing_fields = d.pop("missingFields")
        for missing_fields_item_data in _missing_fields:
            missing_fields_item = MissingField.from_dict(missing_fields_item_data)

            missing_fields.append(missing_fields_item)

        provenance = DecodeProvenance.from_dict(d.pop("provenance"))

        safety = []
        _safety = d.pop("safety")
        for safety_item_data in _safety:
            safety_item = Variable.from_dict(safety_item_data)

            safety.append(safety_item)

        variables = []
        _variables = d.pop("variables")
        for variables_item_data in _variables:
            variables_item = Variable.from_dict(variables_item_data)

            variables.append(variables_item)

        vehicle = DecodedVehicle.from_dict(d.pop("vehicle"))

        vin = d.pop("vin")

        warnings = []
        _warnings = d.pop("warnings")
        for warnings_item_data in _warnings:

            def _parse_warnings_item(data: object) -> VinWarningType0:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_vin_warning_type_0 = VinWarningType0.from_dict(data)

                return componentsschemas_vin_warning_type_0

            warnings_item = _parse_warnings_item(warnings_item_data)

            warnings.append(warnings_item)

        decoded = cls(
            missing_fields=missing_fields,
            provenance=provenance,
            safety=safety,
            variables=variables,
            vehicle=vehicle,
            vin=vin,
            warnings=warnings,
        )

        decoded.additional_properties = d
        return decoded

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
