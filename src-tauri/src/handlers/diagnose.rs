//! Diagnosis: the form in, ranked causes and a plan out; pass/fail re-ranks.
//! A saved case is diagnosed and saved as the CLI does (`diagnose_and_save`),
//! so `shopbench report ID` shows the same ranking.

use shopbench_app::bulletins::Bulletins;
use shopbench_app::{diagnose_and_save, diagnose_unsaved, Looked, Lookups};
use shopbench_diagnosis::{Diagnosis, Evidence};
use shopbench_store::CaseId;
use shopbench_views::{
    BulletinView, CaseForm, CauseView, DiagnosisView, EvidenceView, Outcome, PlanStepView,
    Settings, StepResult,
};

use crate::error::DesktopError;
use crate::handlers::case::{save_case, to_input};
use crate::shop::Shop;

fn evidence(items: &[Evidence]) -> Vec<EvidenceView> {
    items
        .iter()
        .map(|e| EvidenceView {
            detail: e.detail.clone(),
            likelihood_ratio: e.likelihood_ratio,
        })
        .collect()
}

/// The engine's result as the Diagnosis screen shows it.
pub fn view(d: &Diagnosis, source: &str) -> DiagnosisView {
    DiagnosisView {
        causes: d
            .causes
            .iter()
            .map(|c| CauseView {
                id: c.id.clone(),
                name: c.name.clone(),
                system: c.system.clone(),
                probability: c.probability,
                evidence_for: evidence(&c.evidence_for),
                evidence_against: evidence(&c.evidence_against),
            })
            .collect(),
        plan: d
            .plan
            .iter()
            .map(|p| PlanStepView {
                id: p.id.clone(),
                order: p.order,
                instruction: p.instruction.clone(),
                tool: p.tool.clone(),
                expected: p.expected.clone(),
                minutes: p.minutes,
            })
            .collect(),
        confidence: d.confidence,
        confidence_label: d.confidence_label.clone(),
        raise_confidence: d.raise_confidence.clone(),
        warnings: d.warnings.iter().map(|w| w.message.clone()).collect(),
        source: source.to_string(),
        bulletins_heading: String::new(),
        bulletins: Vec::new(),
    }
}

/// The bulletins in the shop's cache that bear on a diagnosis the server made
/// (an embedded one comes with them: [`Looked`]).
fn remote_bulletins(shop: &Shop, form: &CaseForm, d: &Diagnosis) -> Bulletins {
    match (shop.paths(), to_input(form)) {
        (Ok(paths), Ok(input)) => Lookups::of(paths).bulletins(&input, d),
        _ => Bulletins::NotLookedUp("the shop's data folder is not known".into()),
    }
}

/// The view with the manufacturers' bulletins that bear on the case, from
/// the shop's cache (the same lookup as `shopbench diagnose` and the PDF).
fn with_bulletins(found: &Bulletins, d: &Diagnosis, source: &str) -> DiagnosisView {
    DiagnosisView {
        bulletins_heading: found.heading(),
        bulletins: found
            .matched()
            .iter()
            .map(|m| BulletinView {
                reference: m.reference(),
                why: m.why.clone(),
                summary: m.bulletin.summary.clone(),
            })
            .collect(),
        ..view(d, source)
    }
}

/// Runs the embedded engine on the form as typed (nothing is saved), with
/// the owner complaints about the vehicle and the bulletins from the shop's cache.
pub fn run(shop: &Shop, form: &CaseForm) -> Result<Looked, DesktopError> {
    let lookups = shop.paths().map(Lookups::of).unwrap_or_default();
    Ok(diagnose_unsaved(&to_input(form)?, &lookups))
}

/// Saves the form (see [`save_case`]), diagnoses the case as stored and
/// saves that run with it.
pub fn diagnose_saved(shop: &Shop, form: &CaseForm) -> Result<Looked, DesktopError> {
    let saved = save_case(shop, form)?;
    let mut store = shop.store()?;
    let id = CaseId(saved.id.unwrap_or_default());
    Ok(diagnose_and_save(&mut store, id, &Lookups::of(shop.paths()?))?.into())
}

/// Runs the engine the settings pick: the remote server, a saved case
/// (saved with its run), or the form as typed.
pub async fn run_with(
    shop: &Shop,
    settings: &Settings,
    form: &CaseForm,
) -> Result<DiagnosisView, DesktopError> {
    if crate::settings::is_remote(settings) {
        let (d, id) = remote_and_saved(shop, settings, form).await?;
        let found = remote_bulletins(shop, form, &d);
        return Ok(with_bulletins(
            &found,
            &d,
            &format!("remote diagnosis {id}"),
        ));
    }
    let d = if form.id.is_some() {
        diagnose_saved(shop, form)?
    } else {
        run(shop, form)?
    };
    Ok(with_bulletins(&d.bulletins, &d.diagnosis, "embedded"))
}

/// A remote diagnosis. A saved case is saved first, the server is sent the
/// case as stored, and its answer is kept as a run of the case, as an
/// embedded one is (so `shopbench case show` and the reports see it).
async fn remote_and_saved(
    shop: &Shop,
    settings: &Settings,
    form: &CaseForm,
) -> Result<(Diagnosis, String), DesktopError> {
    if form.id.is_none() {
        return crate::handlers::remote::diagnose(settings, form).await;
    }
    let saved = save_case(shop, form)?;
    let id = CaseId(saved.id.unwrap_or_default());
    let input = shopbench_app::engine_input(&shop.store()?.case(id)?);
    let started = std::time::Instant::now();
    let (d, remote_id) = crate::handlers::remote::diagnose_input(settings, &input).await?;
    shop.store()?.save_run(id, &input, &d, started.elapsed())?;
    Ok((d, remote_id))
}

/// Records a plan step's outcome on the form (replacing an earlier one for
/// the same step; `None` removes it).
pub fn record(mut form: CaseForm, step_id: &str, outcome: Option<Outcome>) -> CaseForm {
    form.test_results.retain(|t| t.step_id != step_id);
    if let Some(outcome) = outcome {
        form.test_results.push(StepResult {
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
    use crate::handlers::temp_shop;

    #[test]
    fn a_failed_step_reranks() {
        let form = CaseForm {
            complaint: "shakes at idle, check engine light flashing".into(),
            codes: "P0300\nP0302".into(),
            ..CaseForm::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let shop = temp_shop(dir.path());
        let first = run(&shop, &form).unwrap();
        assert_eq!(first.diagnosis.causes[0].id, "ignition_coil");
        let form = record(form, "coil_swap", Some(Outcome::Pass));
        let form = record(form, "coil_swap", Some(Outcome::Pass));
        assert_eq!(form.test_results.len(), 1);
        let second = run(&shop, &form).unwrap();
        assert_ne!(second.diagnosis.causes[0].id, "ignition_coil");
        assert!(record(form, "coil_swap", None).test_results.is_empty());
    }

    /// The Civic EVAP case diagnosed with no bulletin cache, then with one
    /// holding a bulletin that names its code.
    fn diagnosed_before_and_after_a_bulletin() -> (DiagnosisView, DiagnosisView) {
        let dir = tempfile::tempdir().unwrap();
        let shop = temp_shop(dir.path());
        let form = crate::handlers::evap_civic_form();
        let settings = Settings::default();
        let before = crate::handlers::block_on(run_with(&shop, &settings, &form)).unwrap();
        let cache = shop.paths().unwrap().recalls.clone();
        std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
        let line = "10212345\t\t20230105\t21-052\t20211108\t\tService Bulletin\tHONDA\tCIVIC\t2014\tFUEL SYSTEM, GASOLINE\tFuel\tEVAP\tP0442: replace the vent hose";
        shopbench_recalls::Store::open(&cache)
            .unwrap()
            .import_bulletins(std::io::Cursor::new(line), "test", 0)
            .unwrap();
        let after = crate::handlers::block_on(run_with(&shop, &settings, &form)).unwrap();
        (before, after)
    }

    /// The Diagnosis screen lists the bulletins bearing on the case, from
    /// the shop's cache, as the CLI and the PDF do; without a cache it says
    /// it could not look.
    #[test]
    fn the_diagnosis_screen_lists_the_bulletins_that_bear_on_the_case() {
        let (before, after) = diagnosed_before_and_after_a_bulletin();
        assert!(
            before.bulletins_heading.contains("not looked up"),
            "{before:?}"
        );
        assert_eq!(after.bulletins.len(), 1, "{after:?}");
        assert_eq!(after.bulletins[0].why, "mentions P0442");
        assert!(after.bulletins[0].reference.starts_with("21-052"));
    }

    /// Regression: in French the Diagnosis screen showed the bulletins'
    /// heading and why each is listed in English (and the report the why):
    /// each is read through the catalogue now, and has its French.
    #[test]
    fn regression_the_bulletins_heading_was_english_on_the_french_diagnosis_screen() {
        let (before, after) = diagnosed_before_and_after_a_bulletin();
        let shown = [
            &before.bulletins_heading,
            &after.bulletins_heading,
            &after.bulletins[0].why,
        ];
        crate::handlers::assert_french(shown);
    }

    #[test]
    fn a_diagnosis_on_a_saved_case_is_saved_as_the_run_the_report_reuses() {
        let dir = tempfile::tempdir().unwrap();
        let shop = temp_shop(dir.path());
        let form = CaseForm {
            customer: "Dana Ruiz".into(),
            complaint: "shakes at idle, check engine light flashing".into(),
            codes: "P0300 stored 7E8\nP0302 pending".into(),
            ..CaseForm::default()
        };
        let saved = crate::handlers::case::save_case(&shop, &form).unwrap();
        let form = record(saved, "coil_swap", Some(Outcome::Pass));
        let shown = diagnose_saved(&shop, &form).unwrap();
        assert_eq!(shown, run(&shop, &form).unwrap());
        let mut store = shop.store().unwrap();
        let id = CaseId(form.id.unwrap());
        assert_eq!(store.case(id).unwrap().test_results.len(), 1);
        // `shopbench report ID` reuses this run: the case has not changed since.
        let reported =
            shopbench_app::diagnosis_for_report(&mut store, id, &Lookups::none()).unwrap();
        assert!(matches!(
            reported.source,
            shopbench_app::RunSource::Reused { .. }
        ));
        assert_eq!(reported.result, shown.diagnosis);
    }
}

#[cfg(test)]
mod french_tests {
    use shopbench_app::{diagnose_unsaved, Lookups};
    use shopbench_diagnosis::{CaseInput, Diagnosis};

    fn diagnosed(case: serde_json::Value) -> Diagnosis {
        let input: CaseInput = serde_json::from_value(case).expect("a case");
        diagnose_unsaved(&input, &Lookups::none()).diagnosis
    }

    /// Issue 19 item 5: the notes on the recorded data (the Diagnosis screen's warnings,
    /// the report's "Notes on the recorded data") have French with no English left, over
    /// cases that raise each of them. A code that is no code is left out: its note quotes
    /// why, an error's explanation, which stays English.
    #[test]
    fn every_note_on_the_recorded_data_has_its_french() {
        let cases = [
            serde_json::json!({
                "vehicle": {"vin": "1HGCM82633A004353", "make": "Zzzcars", "year": 2012},
                "complaint": "won't crank, and sometimes cranks but won't start",
                "dtcs": ["P0171", "P0171", "P1234", "B1A2B"],
                "readings": {"foo_bar": 3, "ltft_b1": 25, "ltft_b2": -20, "coolant_temp": 900,
                             "battery_v": 12.6, "charging_v": 12.0},
                "test_results": [
                    {"step_id": "no_such_step", "outcome": "pass"},
                    {"step_id": "coil_swap", "outcome": "pass"},
                    {"step_id": "coil_swap", "outcome": "fail"}
                ]
            }),
            serde_json::json!({
                "vehicle": {"make": "Toyota", "model": "Camry", "year": 2014},
                "complaint": "running hot, overheating on the highway",
                "readings": {"coolant_temp_max": 88}
            }),
            serde_json::json!({"vehicle": {"make": "Ford", "year": 2010}, "complaint": ""}),
            serde_json::json!({"vehicle": {"make": "Ford", "year": 2010}, "complaint": "it is blue"}),
        ];
        let notes: Vec<String> = cases
            .into_iter()
            .flat_map(|c| diagnosed(c).warnings)
            .map(|w| w.message)
            .collect();
        assert!(notes.len() >= 10, "{notes:#?}");
        crate::handlers::assert_french(notes);
    }
}
