//! Diagnosis: the form in, ranked causes and a plan out; pass/fail re-ranks.

use shopbench_diagnosis::{diagnose, Diagnosis, Knowledge, TestOutcome, TestResult};

use crate::error::DesktopError;
use crate::handlers::case::{to_input, CaseForm};
use crate::handlers::report::Settings;

/// Runs the embedded engine on the form.
pub fn run(form: &CaseForm) -> Result<Diagnosis, DesktopError> {
    Ok(diagnose(Knowledge::embedded(), &to_input(form)?))
}

/// Runs the engine the settings pick: embedded, or the remote server.
pub async fn run_with(settings: &Settings, form: &CaseForm) -> Result<Diagnosis, DesktopError> {
    if settings.is_remote() {
        crate::handlers::remote::diagnose(settings, form).await
    } else {
        run(form)
    }
}

/// Records a plan step's outcome on the form (replacing an earlier one for
/// the same step; `None` removes it).
pub fn record(mut form: CaseForm, step_id: &str, outcome: Option<TestOutcome>) -> CaseForm {
    form.test_results.retain(|t| t.step_id != step_id);
    if let Some(outcome) = outcome {
        form.test_results.push(TestResult {
            step_id: step_id.to_string(),
            outcome,
            note: None,
        });
    }
    form
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_step_reranks() {
        let form = CaseForm {
            complaint: "shakes at idle, check engine light flashing".into(),
            codes: "P0300\nP0302".into(),
            ..CaseForm::default()
        };
        let first = run(&form).unwrap();
        assert_eq!(first.causes[0].id, "ignition_coil");
        let form = record(form, "coil_swap", Some(TestOutcome::Pass));
        let form = record(form, "coil_swap", Some(TestOutcome::Pass));
        assert_eq!(form.test_results.len(), 1);
        let second = run(&form).unwrap();
        assert_ne!(second.causes[0].id, "ignition_coil");
        assert!(record(form, "coil_swap", None).test_results.is_empty());
    }
}
