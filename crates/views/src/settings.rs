//! Settings, the remote account and saved PDFs.

use serde::{Deserialize, Serialize};

use crate::AssistantForm;

/// What the Settings screen edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Shop name on reports.
    pub shop_name: String,
    /// Shop address, one line per line.
    pub shop_address: String,
    /// Phone on reports.
    pub shop_phone: String,
    /// E-mail on reports.
    pub shop_email: String,
    /// Web site on reports.
    pub shop_website: String,
    /// Licence, registration or tax number on reports (e.g. a BAR number).
    pub shop_registration: String,
    /// The shop's logo as stored (checked and scaled by `SetLogo`); empty: none.
    pub shop_logo: String,
    /// `a4` or `letter`.
    pub paper: String,
    /// `embedded` (the engine in this app, offline) or `remote` (a `/v1` server).
    pub engine: String,
    /// The remote server's base URL.
    pub remote_url: String,
    /// The remote API key (`sk_test_…` / `sk_live_…`).
    pub remote_key: String,
    /// `metric` (the car's own units) or `us` (mph, mi, °F, psi on Live data).
    pub units: String,
    /// The assistant: whether and how it uses the shop's language model.
    pub assistant: AssistantForm,
    /// The screens' language: `en` or `fr-CA`; empty until chosen, when the
    /// shell fills in the system locale's (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    pub language: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            shop_name: "Your shop name (set it in Settings)".into(),
            shop_address: String::new(),
            shop_phone: String::new(),
            shop_email: String::new(),
            shop_website: String::new(),
            shop_registration: String::new(),
            shop_logo: String::new(),
            paper: "letter".into(),
            engine: "embedded".into(),
            remote_url: String::new(),
            remote_key: String::new(),
            units: "metric".into(),
            assistant: AssistantForm::default(),
            language: String::new(),
        }
    }
}

/// What "check connection" shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountView {
    /// Partner name.
    pub partner: String,
    /// `test` or `live`.
    pub mode: String,
    /// Plan id.
    pub plan: String,
    /// Credits left in this mode.
    pub credits: i64,
}

/// A PDF written by the app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedPdf {
    /// Where it was written.
    pub path: String,
    /// Its size in bytes.
    pub bytes: usize,
}

/// One labor-rate category of the shop's state on the Settings screen: the
/// figure shopbench ships beside the shop's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaborRateView {
    /// The data's key (`body`, `paintMaterials`).
    pub category: String,
    /// What it is (`Body labor ($/h)`).
    pub label: String,
    /// The shipped figure, whole dollars.
    pub shipped: u32,
    /// The shop's figure; `None` prices with the shipped one.
    pub shop: Option<u32>,
}

/// The offline VIN-decoding data (NHTSA's vPIC dataset) as the Settings
/// screen shows it: where VIN decoding reads it and what is there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VpicView {
    /// Where VIN decoding reads it.
    pub path: String,
    /// Whether a dataset is there.
    pub installed: bool,
    /// What to tell the user: what an import just installed (the CLI's
    /// words: where, its size, its manufacturers and VIN schemas), else
    /// where the installed one came from, or that there is none.
    pub said: String,
}
