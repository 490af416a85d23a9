//! The shop assistant's engine: a mechanic's question in, an answer in
//! plain trade language out, every sentence carrying the sources it was
//! built from. Pure: no files, no network, no clock — the caller
//! (`shopbench-app`) looks the vehicle data and the shop's cases up and
//! passes them in.
//!
//! 1. **Understand** ([`Assistant::understand`]): the question in its
//!    conversation — trouble codes, make/model/year/engine, mileage, a VIN,
//!    readings ("LTFT +18 %", read by the diagnosis engine's own words),
//!    symptoms, plan steps' results reported in words ("the downstream O2
//!    switches like the upstream"), what is asked for (recalls, known issues,
//!    the shop's cases) — and whether it is something shopbench answers:
//!    tuning maps, firmware, defeat devices and other trades get a short,
//!    clear refusal ([`Scope`]). The tables are data:
//!    `assets/assistant/language.json`.
//! 2. **Gather** ([`Assistant::needs`], then [`Assistant::prepare`]): the
//!    diagnosis engine ranks the facts — the same [`shopbench_diagnosis::diagnose`]
//!    `shopbench diagnose` runs, over the saved case's own input when the
//!    question is about one — and the code catalogue, the ranking's evidence,
//!    its plan, and what the caller looked up ([`Gathered`]: recall
//!    campaigns, owner complaints grouped into known issues, the shop's
//!    closed cases) become the [`FactSheet`].
//! 3. **Answer** ([`Prepared::answer`]): what the codes mean, the likely
//!    causes in order and why, what to test first, the recalls and known
//!    issues that fit, the shop's own cases — each sentence citing its
//!    sources (`[P0420]`, `[cause:catalyst_failed]`, `[test:rear_o2_graph]`,
//!    `[NHTSA 13V900000]`, `[case 17]`; see [`SourceId`]). A sentence whose
//!    sources do not resolve is not said.
//! 4. **A language model, optionally** ([`Prepared::prompt`],
//!    [`Prepared::check`]): shown the same fact sheet and told to cite it; its
//!    answer is accepted only if every sentence cites facts that were
//!    gathered and every code, campaign, number and case it names was
//!    gathered too ([`Rejected`] says why not).
//!
//! ```
//! use shopbench_assistant::{Assistant, Gathered, SourceId};
//!
//! let a = Assistant::embedded();
//! let q = a.understand(&[], "P0420 on a 2012 Camry 2.5, 140k miles — likely causes?");
//! let prepared = a.prepare(q, None, Gathered::default());
//! let answer = prepared.answer();
//! assert!(answer.sentences.iter().all(|s| !s.sources.is_empty()));
//! let first = &prepared.diagnosis.as_ref().unwrap().causes[0];
//! assert!(answer.text().contains(&format!("[cause:{}]", first.id)));
//! assert!(answer.citations.iter().any(|c| c.id == "P0420".parse::<SourceId>().unwrap()));
//!
//! // A model that invents a campaign is caught.
//! let bad = prepared.check("Recall 19V123000 covers it [NHTSA 19V123000].");
//! assert!(bad.unwrap_err().to_string().contains("NHTSA 19V123000"));
//! ```
#![deny(missing_docs)]

mod answer;
mod check;
mod compose;
mod error;
mod gathered;
mod language;
mod prompt;
mod sheet;
mod source;
mod understand;
mod vehicle;

use std::sync::OnceLock;

pub use answer::{Answer, Citation, Part, Sentence, FACTS_ENGINE, MODEL_ENGINE};
pub use check::Rejected;
pub use compose::Prepared;
pub use error::AssistantError;
pub use gathered::{Complaints, Gathered, Issue, PastCase, Recall, VehicleKey};
pub use prompt::{ChatMessage, INSTRUCTION};
pub use sheet::FactSheet;
pub use source::{cited, Authority, BadSource, SourceId};
pub use understand::{Asks, Facts, Heard, Reported, Role, Scope, Turn, Understanding};

use shopbench_diagnosis::{CaseInput, Knowledge, VehicleId};

use crate::language::{Language, LANGUAGE_JSON};

/// The assistant: the diagnosis knowledge and the word tables, compiled.
#[derive(Debug, Clone)]
pub struct Assistant {
    kb: &'static Knowledge,
    lang: Language,
}

/// What to look up for a question (see [`Assistant::needs`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Needs {
    /// The vehicle as far as the question and the case tell it; recalls and
    /// complaints are looked up by its model year, make and model (decode
    /// its VIN first when those are missing).
    pub vehicle: VehicleId,
    /// The codes, for the shop's cases that share one.
    pub codes: Vec<String>,
    /// Whether anything is to be looked up at all (not for a refusal).
    pub look_up: bool,
}

impl Assistant {
    /// The assistant over the embedded knowledge and tables, built on first use.
    ///
    /// # Panics
    /// Only if the shipped tables are broken, which the crate's tests rule out.
    pub fn embedded() -> &'static Assistant {
        static A: OnceLock<Assistant> = OnceLock::new();
        A.get_or_init(|| {
            Assistant::new(Knowledge::embedded(), LANGUAGE_JSON)
                .expect("the shipped word tables are checked by the crate's tests")
        })
    }

    /// The assistant over `kb` and the word tables `language_json` (checked against `kb`).
    pub fn new(kb: &'static Knowledge, language_json: &str) -> Result<Assistant, AssistantError> {
        Ok(Assistant {
            lang: Language::load(kb, language_json)?,
            kb,
        })
    }

    /// The diagnosis knowledge it ranks with.
    pub fn knowledge(&self) -> &'static Knowledge {
        self.kb
    }

    /// Understands `message` in its conversation (earlier turns, oldest first).
    pub fn understand(&self, history: &[Turn], message: &str) -> Understanding {
        understand::understand(self.kb, &self.lang, history, message)
    }

    /// What the caller should look up before [`Assistant::prepare`].
    pub fn needs(&self, u: &Understanding, case: Option<&CaseInput>) -> Needs {
        let input = u.facts.case_input(case);
        Needs {
            vehicle: input.vehicle,
            codes: input.dtcs.iter().map(|d| d.code.to_uppercase()).collect(),
            look_up: !matches!(u.scope, Scope::Refuse { .. }),
        }
    }
}

#[cfg(test)]
mod tests;
