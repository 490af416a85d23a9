"""Contains all the data models used in inputs/outputs"""

from .account import Account
from .attempt import Attempt
from .billed_damage_type_detail import BilledDamageTypeDetail
from .billed_labor_rates import BilledLaborRates
from .billed_vehicle_data_ca_costs import BilledVehicleDataCaCosts
from .billed_vehicle_data_decoded import BilledVehicleDataDecoded
from .billed_vehicle_data_for_vin_known_issues_report import BilledVehicleDataForVinKnownIssuesReport
from .billed_vehicle_data_for_vin_recalls_report import BilledVehicleDataForVinRecallsReport
from .billed_vehicle_data_for_vin_reliability_report import BilledVehicleDataForVinReliabilityReport
from .billed_vehicle_data_us_costs import BilledVehicleDataUsCosts
from .billed_vehicle_detail import BilledVehicleDetail
from .ca_costs import CaCosts
from .ca_input import CaInput
from .ca_line import CaLine
from .ca_recall import CaRecall
from .case_created import CaseCreated
from .case_request_doc import CaseRequestDoc
from .case_request_doc_dtcs_type_0_item import CaseRequestDocDtcsType0Item
from .case_request_doc_freeze_frame_type_0 import CaseRequestDocFreezeFrameType0
from .case_request_doc_mileage_type_0 import CaseRequestDocMileageType0
from .case_request_doc_readings_type_0 import CaseRequestDocReadingsType0
from .case_request_doc_test_results_type_0_item import CaseRequestDocTestResultsType0Item
from .case_request_doc_vehicle_type_0 import CaseRequestDocVehicleType0
from .cents_range import CentsRange
from .chat_answer import ChatAnswer
from .chat_citation import ChatCitation
from .chat_delta import ChatDelta
from .chat_done import ChatDone
from .chat_request import ChatRequest
from .chat_turn import ChatTurn
from .common_repair import CommonRepair
from .complaint_stats import ComplaintStats
from .component_count import ComponentCount
from .confidence import Confidence
from .conversation_detail import ConversationDetail
from .conversation_list import ConversationList
from .conversation_message import ConversationMessage
from .conversation_summary import ConversationSummary
from .damage_pattern_out import DamagePatternOut
from .damage_type import DamageType
from .damage_type_data import DamageTypeData
from .damage_type_detail import DamageTypeDetail
from .damage_type_list import DamageTypeList
from .damage_type_list_meta import DamageTypeListMeta
from .decode_provenance import DecodeProvenance
from .decoded import Decoded
from .decoded_engine import DecodedEngine
from .decoded_vehicle import DecodedVehicle
from .delivery import Delivery
from .delivery_list import DeliveryList
from .detail_rates import DetailRates
from .diagnose_request import DiagnoseRequest
from .diagnosis_accepted import DiagnosisAccepted
from .diagnosis_error import DiagnosisError
from .diagnosis_status import DiagnosisStatus
from .diagnosis_status_result_type_0 import DiagnosisStatusResultType0
from .discovery import Discovery
from .endpoint import Endpoint
from .engine_info import EngineInfo
from .estimate_accepted import EstimateAccepted
from .estimate_area_doc import EstimateAreaDoc
from .estimate_area_doc_region_type_0 import EstimateAreaDocRegionType0
from .estimate_created import EstimateCreated
from .estimate_created_proposals_item import EstimateCreatedProposalsItem
from .estimate_failed import EstimateFailed
from .estimate_failure import EstimateFailure
from .estimate_processing import EstimateProcessing
from .estimate_request_doc import EstimateRequestDoc
from .event import Event
from .event_data import EventData
from .get_insurance_response_200 import GetInsuranceResponse200
from .health import Health
from .issue import Issue
from .known_issues import KnownIssues
from .known_issues_report import KnownIssuesReport
from .labor_rates import LaborRates
from .labor_rates_data import LaborRatesData
from .line_kind import LineKind
from .make_entry import MakeEntry
from .missing_field import MissingField
from .mode import Mode
from .model_entry import ModelEntry
from .money_range import MoneyRange
from .national_averages import NationalAverages
from .openapi_document_response_200 import OpenapiDocumentResponse200
from .parameter import Parameter
from .part_pricing import PartPricing
from .photo_meta import PhotoMeta
from .price import Price
from .problem_doc import ProblemDoc
from .rate_limits import RateLimits
from .recall_counts import RecallCounts
from .recall_stats import RecallStats
from .recalls import Recalls
from .recalls_provenance import RecallsProvenance
from .recalls_report import RecallsReport
from .recalls_vehicle import RecallsVehicle
from .reliability_provenance import ReliabilityProvenance
from .reliability_report import ReliabilityReport
from .sale_type import SaleType
from .sample_costs import SampleCosts
from .sample_vehicle_data_decoded import SampleVehicleDataDecoded
from .sample_vehicle_data_for_vin_known_issues_report import SampleVehicleDataForVinKnownIssuesReport
from .sample_vehicle_data_for_vin_recalls_report import SampleVehicleDataForVinRecallsReport
from .sample_vehicle_data_for_vin_reliability_report import SampleVehicleDataForVinReliabilityReport
from .sample_vehicle_data_sample_costs import SampleVehicleDataSampleCosts
from .severity import Severity
from .severity_range import SeverityRange
from .severity_signals import SeveritySignals
from .source_status import SourceStatus
from .state_list import StateList
from .state_list_meta import StateListMeta
from .state_summary import StateSummary
from .stored_case import StoredCase
from .stored_case_input import StoredCaseInput
from .us_costs import UsCosts
from .us_input import UsInput
from .us_line import UsLine
from .us_recall import UsRecall
from .usage import Usage
from .variable import Variable
from .vehicle_class import VehicleClass
from .vehicle_detail import VehicleDetail
from .vehicle_detail_data import VehicleDetailData
from .vehicle_detail_data_severity_cost_ranges import VehicleDetailDataSeverityCostRanges
from .vehicle_id import VehicleId
from .vehicle_list import VehicleList
from .vehicle_list_meta import VehicleListMeta
from .vin_warning_type_0 import VinWarningType0
from .vin_warning_type_0_kind import VinWarningType0Kind

__all__ = (
    "Account",
    "Attempt",
    "BilledDamageTypeDetail",
    "BilledLaborRates",
    "BilledVehicleDataCaCosts",
    "BilledVehicleDataDecoded",
    "BilledVehicleDataForVinKnownIssuesReport",
    "BilledVehicleDataForVinRecallsReport",
    "BilledVehicleDataForVinReliabilityReport",
    "BilledVehicleDataUsCosts",
    "BilledVehicleDetail",
    "CaCosts",
    "CaInput",
    "CaLine",
    "CaRecall",
    "CaseCreated",
    "CaseRequestDoc",
    "CaseRequestDocDtcsType0Item",
    "CaseRequestDocFreezeFrameType0",
    "CaseRequestDocMileageType0",
    "CaseRequestDocReadingsType0",
    "CaseRequestDocTestResultsType0Item",
    "CaseRequestDocVehicleType0",
    "CentsRange",
    "ChatAnswer",
    "ChatCitation",
    "ChatDelta",
    "ChatDone",
    "ChatRequest",
    "ChatTurn",
    "CommonRepair",
    "ComplaintStats",
    "ComponentCount",
    "Confidence",
    "ConversationDetail",
    "ConversationList",
    "ConversationMessage",
    "ConversationSummary",
    "DamagePatternOut",
    "DamageType",
    "DamageTypeData",
    "DamageTypeDetail",
    "DamageTypeList",
    "DamageTypeListMeta",
    "Decoded",
    "DecodedEngine",
    "DecodedVehicle",
    "DecodeProvenance",
    "Delivery",
    "DeliveryList",
    "DetailRates",
    "DiagnoseRequest",
    "DiagnosisAccepted",
    "DiagnosisError",
    "DiagnosisStatus",
    "DiagnosisStatusResultType0",
    "Discovery",
    "Endpoint",
    "EngineInfo",
    "EstimateAccepted",
    "EstimateAreaDoc",
    "EstimateAreaDocRegionType0",
    "EstimateCreated",
    "EstimateCreatedProposalsItem",
    "EstimateFailed",
    "EstimateFailure",
    "EstimateProcessing",
    "EstimateRequestDoc",
    "Event",
    "EventData",
    "GetInsuranceResponse200",
    "Health",
    "Issue",
    "KnownIssues",
    "KnownIssuesReport",
    "LaborRates",
    "LaborRatesData",
    "LineKind",
    "MakeEntry",
    "MissingField",
    "Mode",
    "ModelEntry",
    "MoneyRange",
    "NationalAverages",
    "OpenapiDocumentResponse200",
    "Parameter",
    "PartPricing",
    "PhotoMeta",
    "Price",
    "ProblemDoc",
    "RateLimits",
    "RecallCounts",
    "Recalls",
    "RecallsProvenance",
    "RecallsReport",
    "RecallStats",
    "RecallsVehicle",
    "ReliabilityProvenance",
    "ReliabilityReport",
    "SaleType",
    "SampleCosts",
    "SampleVehicleDataDecoded",
    "SampleVehicleDataForVinKnownIssuesReport",
    "SampleVehicleDataForVinRecallsReport",
    "SampleVehicleDataForVinReliabilityReport",
    "SampleVehicleDataSampleCosts",
    "Severity",
    "SeverityRange",
    "SeveritySignals",
    "SourceStatus",
    "StateList",
    "StateListMeta",
    "StateSummary",
    "StoredCase",
    "StoredCaseInput",
    "Usage",
    "UsCosts",
    "UsInput",
    "UsLine",
    "UsRecall",
    "Variable",
    "VehicleClass",
    "VehicleDetail",
    "VehicleDetailData",
    "VehicleDetailDataSeverityCostRanges",
    "VehicleId",
    "VehicleList",
    "VehicleListMeta",
    "VinWarningType0",
    "VinWarningType0Kind",
)
