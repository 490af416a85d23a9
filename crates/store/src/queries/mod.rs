//! One module per table (child tables with their parent); plain SQL over a
//! `Connection` (a `Transaction` derefs to one), no business rules here.

pub(crate) mod case_fixes;
pub(crate) mod cases;
pub(crate) mod conversations;
pub(crate) mod diagnosis_runs;
pub(crate) mod dtcs;
pub(crate) mod estimates;
pub(crate) mod freeze_frames;
pub(crate) mod history;
pub(crate) mod live_snapshots;
pub(crate) mod module_scans;
pub(crate) mod photos;
pub(crate) mod readings;
pub(crate) mod remote_pricings;
pub(crate) mod test_results;

use shopbench_core::Dtc;
use shopbench_diagnosis::{DistanceUnit, DtcStatus, TestOutcome};

use crate::StoreError;

pub(crate) fn dtc_status_str(s: DtcStatus) -> &'static str {
    match s {
        DtcStatus::Stored => "stored",
        DtcStatus::Pending => "pending",
        DtcStatus::Permanent => "permanent",
    }
}

pub(crate) fn dtc_status(s: &str) -> Result<DtcStatus, StoreError> {
    match s {
        "stored" => Ok(DtcStatus::Stored),
        "pending" => Ok(DtcStatus::Pending),
        "permanent" => Ok(DtcStatus::Permanent),
        other => Err(StoreError::Corrupt(format!("code status '{other}'"))),
    }
}

pub(crate) fn unit_str(u: DistanceUnit) -> &'static str {
    match u {
        DistanceUnit::Mi => "mi",
        DistanceUnit::Km => "km",
    }
}

pub(crate) fn unit(s: &str) -> Result<DistanceUnit, StoreError> {
    match s {
        "mi" => Ok(DistanceUnit::Mi),
        "km" => Ok(DistanceUnit::Km),
        other => Err(StoreError::Corrupt(format!("mileage unit '{other}'"))),
    }
}

pub(crate) fn outcome_str(o: TestOutcome) -> &'static str {
    match o {
        TestOutcome::Pass => "pass",
        TestOutcome::Fail => "fail",
    }
}

pub(crate) fn outcome(s: &str) -> Result<TestOutcome, StoreError> {
    match s {
        "pass" => Ok(TestOutcome::Pass),
        "fail" => Ok(TestOutcome::Fail),
        other => Err(StoreError::Corrupt(format!("test outcome '{other}'"))),
    }
}

pub(crate) fn dtc(s: &str) -> Result<Dtc, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("trouble code '{s}'")))
}

/// `''` in the database is "not known".
pub(crate) fn opt_text(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}
