//! What is typed into the forms other than the case form (Settings included) (which keeps its
//! own draft, `LoadDraft`/`SaveDraft`): kept as the user types, so it
//! survives an error, a change of screen, a crash and a restart.

use serde::{Deserialize, Serialize};

use crate::{CloseForm, CostsForm, LaborRateView, NewEstimateForm, Settings};

/// The drafts of the Vehicle, Estimate, close-case and Ask forms. A field
/// that is `None` (or empty) was never typed in: the form shows its defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FormDrafts {
    /// The Vehicle screen's VIN field.
    pub vin: String,
    /// The purchase-cost form.
    pub costs: Option<CostsForm>,
    /// The new-estimate form (vehicle, state, metro, class).
    pub new_estimate: Option<NewEstimateForm>,
    /// The damage-area choices: panel, damage type, severity (the photo and
    /// the drawn box belong to one estimate and are not kept).
    pub area: Option<AreaChoice>,
    /// The close-case form, with the number of the case it is for.
    pub close: Option<(i64, CloseForm)>,
    /// The Ask screen's question, not yet asked.
    pub question: String,
    /// The Settings form where it differs from the settings saved (a save
    /// refused, or the app closed before Save); cleared by a save.
    pub settings: Option<Settings>,
    /// The labor rates typed for a state and not saved; cleared by their save.
    pub labor_rates: Option<(String, Vec<LaborRateView>)>,
}

/// The damage-area pickers as last set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AreaChoice {
    /// Panel code.
    pub panel: String,
    /// Damage type code.
    pub damage: String,
    /// Severity.
    pub severity: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A drafts file written by an older build (fewer fields) or partly
    /// unreadable fields read as the defaults for what is missing.
    #[test]
    fn an_older_drafts_file_reads_with_defaults() {
        let d: FormDrafts = serde_json::from_str(r#"{"vin":"1FTFW1ET5DFC10312"}"#).unwrap();
        assert_eq!(d.vin, "1FTFW1ET5DFC10312");
        assert_eq!(d.costs, None);
        assert_eq!(d.question, "");
    }
}
