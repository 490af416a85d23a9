from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.decoded_engine import DecodedEngine


T = TypeVar("T", bound="DecodedVehicle")


@_attrs_define
class DecodedVehicle:
    """The decoded vehicle, in the shape of seed 002's `vehicle` object.

    Attributes:
        engine (DecodedEngine): Engine fields of [`Vehicle`].
        vin (str): The VIN as decoded (upper case).
        vpic_error_code (str): vPIC-style error code: `0` clean, `1` check digit does not compute.
        body_class (None | str | Unset): Body class (`Pickup`, `Sedan/Saloon`).
        drive_type (None | str | Unset): Drive type — almost never present in the offline data.
        make (None | str | Unset): Make, upper case as vPIC gives it (`FORD`).
        manufacturer (None | str | Unset): Manufacturer registered for the WMI.
        model (None | str | Unset): Model (`F-150`).
        plant_city (None | str | Unset): Plant city.
        plant_country (None | str | Unset): Plant country (`UNITED STATES (USA)`).
        plant_state (None | str | Unset): Plant state or province.
        series (None | str | Unset): Series.
        trim (None | str | Unset): Trim.
        vehicle_type (None | str | Unset): Vehicle type from the WMI (`PASSENGER CAR`, `TRUCK`).
        vpic_error_text (None | str | Unset): Text of the error code when it is not `0`.
        year (int | None | Unset): Model year.
    """

    engine: DecodedEngine
    vin: str
    vpic_error_code: str
    body_class: None | str | Unset = UNSET
    drive_type: None | str | Unset = UNSET
    make: None | str | Unset = UNSET
    manufacturer: None | str | Unset = UNSET
    model: None | str | Unset = UNSET
    plant_city: None | str | Unset = UNSET
    plant_country: None | str | Unset = UNSET
    plant_state: None | str | Unset = UNSET
    series: None | str | Unset = UNSET
    trim: None | str | Unset = UNSET
    vehicle_type: None | str | Unset = UNSET
    vpic_error_text: None | str | Unset = UNSET
    year: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        engine = self.engine.to_dict()

        vin = self.vin

        vpic_error_code = self.vpic_error_code

        body_class: None | str | Unset
        if isinstance(self.body_class, Unset):
            body_class = UNSET
        else:
            body_class = self.body_class

        drive_type: None | str | Unset
        if isinstance(self.drive_type, Unset):
            drive_type = UNSET
        else:
            drive_type = self.drive_type

        make: None | str | Unset
        if isinstance(self.make, Unset):
            make = UNSET
        else:
            make = self.make

        manufacturer: None | str | Unset
        if isinstance(self.manufacturer, Unset):
            manufacturer = UNSET
        else:
            manufacturer = self.manufacturer

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        plant_city: None | str | Unset
        if isinstance(self.plant_city, Unset):
            plant_city = UNSET
        else:
            plant_city = self.plant_city

        plant_country: None | str | Unset
        if isinstance(self.plant_country, Unset):
            plant_country = UNSET
        else:
            plant_country = self.plant_country

        plant_state: None | str | Unset
        if isinstance(self.plant_state, Unset):
            plant_state = UNSET
        else:
            plant_state = self.plant_state

        series: None | str | Unset
        if isinstance(self.series, Unset):
            series = UNSET
        else:
            series = self.series

        trim: None | str | Unset
        if isinstance(self.trim, Unset):
            trim = UNSET
        else:
            trim = self.trim

        vehicle_type: None | str | Unset
        if isinstance(self.vehicle_type, Unset):
            vehicle_type = UNSET
        else:
            vehicle_type = self.vehicle_type

        vpic_error_text: None | str | Unset
        if isinstance(self.vpic_error_text, Unset):
            vpic_error_text = UNSET
        else:
            vpic_error_text = self.vpic_error_text

        year: int | None | Unset
        if isinstance(self.year, Unset):
            year = UNSET
        else:
            year = self.year

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "engine": engine,
                "vin": vin,
                "vpicErrorCode": vpic_error_code,
            }
        )
        if body_class is not UNSET:
            field_dict["bodyClass"] = body_class
        if drive_type is not UNSET:
            field_dict["driveType"] = drive_type
        if make is not UNSET:
            field_dict["make"] = make
        if manufacturer is not UNSET:
            field_dict["manufacturer"] = manufacturer
        if model is not UNSET:
            field_dict["model"] = model
        if plant_city is not UNSET:
            field_dict["plantCity"] = plant_city
        if plant_country is not UNSET:
            field_dict["plantCountry"] = plant_country
        if plant_state is not UNSET:
            field_dict["plantState"] = plant_state
        if series is not UNSET:
            field_dict["series"] = series
        if trim is not UNSET:
            field_dict["trim"] = trim
        if vehicle_type is not UNSET:
            field_dict["vehicleType"] = vehicle_type
        if vpic_error_text is not UNSET:
            field_dict["vpicErrorText"] = vpic_error_text
        if year is not UNSET:
            field_dict["year"] = year

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.decoded_engine import DecodedEngine  # noqa: PLC0415

        d = dict(src_dict)
        engine = DecodedEngine.from_dict(d.pop("engine"))

        vin = d.pop("vin")

        vpic_error_code = d.pop("vpicErrorCode")

        def _parse_body_class(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        body_class = _parse_body_class(d.pop("bodyClass", UNSET))

        def _parse_drive_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        drive_type = _parse_drive_type(d.pop("driveType", UNSET))

        def _parse_make(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        make = _parse_make(d.pop("make", UNSET))

        def _parse_manufacturer(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        manufacturer = _parse_manufacturer(d.pop("manufacturer", UNSET))

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_plant_city(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        plant_city = _parse_plant_city(d.pop("plantCity", UNSET))

        def _parse_plant_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        plant_country = _parse_plant_country(d.pop("plantCountry", UNSET))

        def _parse_plant_state(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        plant_state = _parse_plant_state(d.pop("plantState", UNSET))

        def _parse_series(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        series = _parse_series(d.pop("series", UNSET))

        def _parse_trim(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        trim = _parse_trim(d.pop("trim", UNSET))

        def _parse_vehicle_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vehicle_type = _parse_vehicle_type(d.pop("vehicleType", UNSET))

        def _parse_vpic_error_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vpic_error_text = _parse_vpic_error_text(d.pop("vpicErrorText", UNSET))

        def _parse_year(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        year = _parse_year(d.pop("year", UNSET))

        decoded_vehicle = cls(
            engine=engine,
            vin=vin,
            vpic_error_code=vpic_error_code,
            body_class=body_class,
            drive_type=drive_type,
            make=make,
            manufacturer=manufacturer,
            model=model,
            plant_city=plant_city,
            plant_country=plant_country,
            plant_state=plant_state,
            series=series,
            trim=trim,
            vehicle_type=vehicle_type,
            vpic_error_text=vpic_error_text,
            year=year,
        )

        decoded_vehicle.additional_properties = d
        return decoded_vehicle

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
