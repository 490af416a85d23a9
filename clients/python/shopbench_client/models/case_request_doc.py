from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.case_request_doc_dtcs_type_0_item import CaseRequestDocDtcsType0Item
    from ..models.case_request_doc_freeze_frame_type_0 import CaseRequestDocFreezeFrameType0
    from ..models.case_request_doc_mileage_type_0 import CaseRequestDocMileageType0
    from ..models.case_request_doc_readings_type_0 import CaseRequestDocReadingsType0
    from ..models.case_request_doc_test_results_type_0_item import CaseRequestDocTestResultsType0Item
    from ..models.case_request_doc_vehicle_type_0 import CaseRequestDocVehicleType0


T = TypeVar("T", bound="CaseRequestDoc")


@_attrs_define
class CaseRequestDoc:
    """The case `POST /v1/cases` takes, with its limits (the OpenAPI schema;
    the body is read as `shopbench_diagnosis::CaseInput`).

        Attributes:
            complaint (None | str | Unset): The customer's complaint, in their words.
            dtcs (list[CaseRequestDocDtcsType0Item] | None | Unset): Codes: `"P0171"` or `{code, status, ecu}`.
            findings (None | str | Unset): What the technician found.
            freeze_frame (CaseRequestDocFreezeFrameType0 | None | Unset): Freeze-frame values by name: at most 200.
            mileage (CaseRequestDocMileageType0 | None | Unset): Miles as a number (`120000`), or `{value, unit:
                "mi"|"km"}`.
            readings (CaseRequestDocReadingsType0 | None | Unset): Readings by name (`ltft_b1`, `fuel_pressure_psi`): at
                most 200.
            symptoms (list[str] | None | Unset): Symptom tags (`rough_idle`, …); more are read from the complaint.
            test_results (list[CaseRequestDocTestResultsType0Item] | None | Unset): Plan steps done: `{step_id, outcome:
                "pass"|"fail", note}`.
            vehicle (CaseRequestDocVehicleType0 | None | Unset): `{vin, make, model, year, engine}`; a malformed VIN is
                refused.
    """

    complaint: None | str | Unset = UNSET
    dtcs: list[CaseRequestDocDtcsType0Item] | None | Unset = UNSET
    findings: None | str | Unset = UNSET
    freeze_frame: CaseRequestDocFreezeFrameType0 | None | Unset = UNSET
    mileage: CaseRequestDocMileageType0 | None | Unset = UNSET
    readings: CaseRequestDocReadingsType0 | None | Unset = UNSET
    symptoms: list[str] | None | Unset = UNSET
    test_results: list[CaseRequestDocTestResultsType0Item] | None | Unset = UNSET
    vehicle: CaseRequestDocVehicleType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.case_request_doc_freeze_frame_type_0 import CaseRequestDocFreezeFrameType0  # noqa: PLC0415
        from ..models.case_request_doc_mileage_type_0 import CaseRequestDocMileageType0  # noqa: PLC0415
        from ..models.case_request_doc_readings_type_0 import CaseRequestDocReadingsType0  # noqa: PLC0415
        from ..models.case_request_doc_vehicle_type_0 import CaseRequestDocVehicleType0  # noqa: PLC0415

        complaint: None | str | Unset
        if isinstance(self.complaint, Unset):
            complaint = UNSET
        else:
            complaint = self.complaint

        dtcs: list[dict[str, Any]] | None | Unset
        if isinstance(self.dtcs, Unset):
            dtcs = UNSET
        elif isinstance(self.dtcs, list):
            dtcs = []
            for dtcs_type_0_item_data in self.dtcs:
                dtcs_type_0_item = dtcs_type_0_item_data.to_dict()
                dtcs.append(dtcs_type_0_item)

        else:
            dtcs = self.dtcs

        findings: None | str | Unset
        if isinstance(self.findings, Unset):
            findings = UNSET
        else:
            findings = self.findings

        freeze_frame: dict[str, Any] | None | Unset
        if isinstance(self.freeze_frame, Unset):
            freeze_frame = UNSET
        elif isinstance(self.freeze_frame, CaseRequestDocFreezeFrameType0):
            freeze_frame = self.freeze_frame.to_dict()
        else:
            freeze_frame = self.freeze_frame

        mileage: dict[str, Any] | None | Unset
        if isinstance(self.mileage, Unset):
            mileage = UNSET
        elif isinstance(self.mileage, CaseRequestDocMileageType0):
            mileage = self.mileage.to_dict()
        else:
            mileage = self.mileage

        readings: dict[str, Any] | None | Unset
        if isinstance(self.readings, Unset):
            readings = UNSET
        elif isinstance(self.readings, CaseRequestDocReadingsType0):
            readings = self.readings.to_dict()
        else:
            readings = self.readings

        symptoms: list[str] | None | Unset
        if isinstance(self.symptoms, Unset):
            symptoms = UNSET
        elif isinstance(self.symptoms, list):
            symptoms = self.symptoms

        else:
            symptoms = self.symptoms

        test_results: list[dict[str, Any]] | None | Unset
        if isinstance(self.test_results, Unset):
            test_results = UNSET
        elif isinstance(self.test_results, list):
            test_results = []
            for test_results_type_0_item_data in self.test_results:
                test_results_type_0_item = test_results_type_0_item_data.to_dict()
                test_results.append(test_results_type_0_item)

        else:
            test_results = self.test_results

        vehicle: dict[str, Any] | None | Unset
        if isinstance(self.vehicle, Unset):
            vehicle = UNSET
        elif isinstance(self.vehicle, CaseRequestDocVehicleType0):
            vehicle = self.vehicle.to_dict()
        else:
            vehicle = self.vehicle

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if complaint is not UNSET:
            field_dict["complaint"] = complaint
        if dtcs is not UNSET:
            field_dict["dtcs"] = dtcs
        if findings is not UNSET:
            field_dict["findings"] = findings
        if freeze_frame is not UNSET:
            field_dict["freeze_frame"] = freeze_frame
        if mileage is not UNSET:
            field_dict["mileage"] = mileage
        if readings is not UNSET:
            field_dict["readings"] = readings
        if symptoms is not UNSET:
            field_dict["symptoms"] = symptoms
        if test_results is not UNSET:
            field_dict["test_results"] = test_results
        if vehicle is not UNSET:
            field_dict["vehicle"] = vehicle

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.case_request_doc_dtcs_type_0_item import CaseRequestDocDtcsType0Item  # noqa: PLC0415
        from ..models.case_request_doc_freeze_frame_type_0 import CaseRequestDocFreezeFrameType0  # noqa: PLC0415
        from ..models.case_request_doc_mileage_type_0 import CaseRequestDocMileageType0  # noqa: PLC0415
        from ..models.case_request_doc_readings_type_0 import CaseRequestDocReadingsType0  # noqa: PLC0415
        from ..models.case_request_doc_test_results_type_0_item import CaseRequestDocTestResultsType0Item  # noqa: PLC0415
        from ..models.case_request_doc_vehicle_type_0 import CaseRequestDocVehicleType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_complaint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        complaint = _parse_complaint(d.pop("complaint", UNSET))

        def _parse_dtcs(data: object) -> list[CaseRequestDocDtcsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                dtcs_type_0 = []
                _dtcs_type_0 = data
                for dtcs_type_0_item_data in _dtcs_type_0:
                    dtcs_type_0_item = CaseRequestDocDtcsType0Item.from_dict(dtcs_type_0_item_data)

                    dtcs_type_0.append(dtcs_type_0_item)

                return dtcs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[CaseRequestDocDtcsType0Item] | None | Unset, data)

        dtcs = _parse_dtcs(d.pop("dtcs", UNSET))

        def _parse_findings(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        findings = _parse_findings(d.pop("findings", UNSET))

        def _parse_freeze_frame(data: object) -> CaseRequestDocFreezeFrameType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                freeze_frame_type_0 = CaseRequestDocFreezeFrameType0.from_dict(data)

                return freeze_frame_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CaseRequestDocFreezeFrameType0 | None | Unset, data)

        freeze_frame = _parse_freeze_frame(d.pop("freeze_frame", UNSET))

        def _parse_mileage(data: object) -> CaseRequestDocMileageType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                mileage_type_0 = CaseRequestDocMileageType0.from_dict(data)

                return mileage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CaseRequestDocMileageType0 | None | Unset, data)

        mileage = _parse_mileage(d.pop("mileage", UNSET))

        def _parse_readings(data: object) -> CaseRequestDocReadingsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                readings_type_0 = CaseRequestDocReadingsType0.from_dict(data)

                return readings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CaseRequestDocReadingsType0 | None | Unset, data)

        readings = _parse_readings(d.pop("readings", UNSET))

        def _parse_symptoms(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                symptoms_type_0 = cast(list[str], data)

                return symptoms_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        symptoms = _parse_symptoms(d.pop("symptoms", UNSET))

        def _parse_test_results(data: object) -> list[CaseRequestDocTestResultsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                test_results_type_0 = []
                _test_results_type_0 = data
                for test_results_type_0_item_data in _test_results_type_0:
                    test_results_type_0_item = CaseRequestDocTestResultsType0Item.from_dict(
                        test_results_type_0_item_data
                    )

                    test_results_type_0.append(test_results_type_0_item)

                return test_results_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[CaseRequestDocTestResultsType0Item] | None | Unset, data)

        test_results = _parse_test_results(d.pop("test_results", UNSET))

        def _parse_vehicle(data: object) -> CaseRequestDocVehicleType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                vehicle_type_0 = CaseRequestDocVehicleType0.from_dict(data)

                return vehicle_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CaseRequestDocVehicleType0 | None | Unset, data)

        vehicle = _parse_vehicle(d.pop("vehicle", UNSET))

        case_request_doc = cls(
            complaint=complaint,
            dtcs=dtcs,
            findings=findings,
            freeze_frame=freeze_frame,
            mileage=mileage,
            readings=readings,
            symptoms=symptoms,
            test_results=test_results,
            vehicle=vehicle,
        )

        case_request_doc.additional_properties = d
        return case_request_doc

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
