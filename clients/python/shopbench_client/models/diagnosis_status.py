from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mode import Mode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.diagnosis_error import DiagnosisError
    from ..models.diagnosis_status_result_type_0 import DiagnosisStatusResultType0


T = TypeVar("T", bound="DiagnosisStatus")


@_attrs_define
class DiagnosisStatus:
    """`GET /v1/diagnoses/{id}`.

    Attributes:
        case_id (str): The case.
        created_at (str): RFC 3339.
        diagnosis_id (str): `dgn_…`.
        mode (Mode): Which side of a partner's account a key works on.
        object_ (str): `diagnosis`.
        progress (float): 0–1.
        stage (str): Current stage (`loading_case`, `ranking_causes`, `planning_tests`, `done`).
        status (str): `processing`, `complete` or `failed`.
        completed_at (None | str | Unset): RFC 3339, once finished.
        error (DiagnosisError | None | Unset):
        result (DiagnosisStatusResultType0 | None | Unset): The engine's result, once complete: ranked causes with
            evidence, the
            test plan, confidence (the same as `shopbench diagnose --json`).
    """

    case_id: str
    created_at: str
    diagnosis_id: str
    mode: Mode
    object_: str
    progress: float
    stage: str
    status: str
    completed_at: None | str | Unset = UNSET
    error: DiagnosisError | None | Unset = UNSET
    result: DiagnosisStatusResultType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.diagnosis_error import DiagnosisError  # noqa: PLC0415
        from ..models.diagnosis_status_result_type_0 import DiagnosisStatusResultType0  # noqa: PLC0415

        case_id = self.case_id

        created_at = self.created_at

        diagnosis_id = self.diagnosis_id

        mode = self.mode.value

        object_ = self.object_

        progress = self.progress

        stage = self.stage

        status = self.status

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = self.completed_at

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, DiagnosisError):
            error = self.error.to_dict()
        else:
            error = self.error

        result: dict[str, Any] | None | Unset
        if isinstance(self.result, Unset):
            result = UNSET
        elif isinstance(self.result, DiagnosisStatusResultType0):
            result = self.result.to_dict()
        else:
            result = self.result

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "case_id": case_id,
                "created_at": created_at,
                "diagnosis_id": diagnosis_id,
                "mode": mode,
                "object": object_,
                "progress": progress,
                "stage": stage,
                "status": status,
            }
        )
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if error is not UNSET:
            field_dict["error"] = error
        if result is not UNSET:
            field_dict["result"] = result

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.diagnosis_error import DiagnosisError  # noqa: PLC0415
        from ..models.diagnosis_status_result_type_0 import DiagnosisStatusResultType0  # noqa: PLC0415

        d = dict(src_dict)
        case_id = d.pop("case_id")

        created_at = d.pop("created_at")

        diagnosis_id = d.pop("diagnosis_id")

        mode = Mode(d.pop("mode"))

        object_ = d.pop("object")

        progress = d.pop("progress")

        stage = d.pop("stage")

        status = d.pop("status")

        def _parse_completed_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        completed_at = _parse_completed_at(d.pop("completed_at", UNSET))

        def _parse_error(data: object) -> DiagnosisError | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_1 = DiagnosisError.from_dict(data)

                return error_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DiagnosisError | None | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_result(data: object) -> DiagnosisStatusResultType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = DiagnosisStatusResultType0.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DiagnosisStatusResultType0 | None | Unset, data)

        result = _parse_result(d.pop("result", UNSET))

        diagnosis_status = cls(
            case_id=case_id,
            created_at=created_at,
            diagnosis_id=diagnosis_id,
            mode=mode,
            object_=object_,
            progress=progress,
            stage=stage,
            status=status,
            completed_at=completed_at,
            error=error,
            result=result,
        )

        diagnosis_status.additional_properties = d
        return diagnosis_status

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
