//! The fact sheet: every fact gathered for one question, by the id a
//! sentence cites it with. The facts engine writes only from it, a language
//! model is shown it, and a model's answer is checked against it.

use std::collections::BTreeMap;

use shopbench_core::{Dtc, DtcCatalog, Meaning};
use shopbench_diagnosis::{Knowledge, SymptomTag};

use crate::answer::Citation;
use crate::gathered::{Gathered, PastCase, Recall};
use crate::language::Language;
use crate::source::SourceId;

/// The facts gathered for a question, resolved, in the order gathered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FactSheet {
    order: Vec<SourceId>,
    by_id: BTreeMap<SourceId, Citation>,
}

impl FactSheet {
    /// Adds a fact (once; the first resolution is kept).
    pub(crate) fn add(&mut self, c: Citation) {
        if !self.by_id.contains_key(&c.id) {
            self.order.push(c.id.clone());
            self.by_id.insert(c.id.clone(), c);
        }
    }

    /// Whether a fact with this id was gathered.
    pub fn has(&self, id: &SourceId) -> bool {
        self.by_id.contains_key(id)
    }

    /// The fact with this id.
    pub fn get(&self, id: &SourceId) -> Option<&Citation> {
        self.by_id.get(id)
    }

    /// Every fact, in the order gathered.
    pub fn iter(&self) -> impl Iterator<Item = &Citation> {
        self.order.iter().filter_map(|id| self.by_id.get(id))
    }

    /// How many facts.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether nothing was gathered.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

fn cite(id: SourceId, title: impl Into<String>, detail: impl Into<String>) -> Citation {
    Citation {
        id,
        title: title.into(),
        detail: detail.into(),
    }
}

/// Resolves ids against the knowledge, the catalogue, the word tables and what was looked up.
pub(crate) struct Resolver<'a> {
    pub kb: &'a Knowledge,
    pub lang: &'a Language,
    pub gathered: &'a Gathered,
    /// Codes the mechanic gave (a manufacturer code resolves to what is said about it).
    pub given: &'a [Dtc],
}

impl Resolver<'_> {
    /// The citation for `id`, or `None` when nothing shopbench holds has that id.
    pub fn resolve(&self, id: &SourceId) -> Option<Citation> {
        match id {
            SourceId::Code(c) => self.code(*c),
            SourceId::Cause(c) => self.cause(c),
            SourceId::Test(t) => {
                let t = self.kb.test(t)?;
                let detail = format!(
                    "{} ({}); normal: {}; about {:.0} min",
                    t.procedure, t.tool, t.expected, t.minutes
                );
                Some(cite(id.clone(), t.name.clone(), detail))
            }
            SourceId::Rule(r) => Some(cite(
                id.clone(),
                format!("diagnosis rule {r}"),
                self.kb.rule(r)?,
            )),
            SourceId::Symptom(s) => {
                let tag: SymptomTag =
                    serde_json::from_value(serde_json::Value::String(s.clone())).ok()?;
                Some(cite(
                    id.clone(),
                    format!("symptom: {}", tag.as_str().replace('_', " ")),
                    "a symptom the diagnosis knowledge links to causes",
                ))
            }
            SourceId::Recall { authority, number } => {
                let r = self
                    .gathered
                    .recalls
                    .iter()
                    .find(|r| r.authority == *authority && r.number == *number)?;
                Some(recall_citation(id, r, self.gathered))
            }
            SourceId::Complaint(odi) => self.complaint(id, *odi),
            SourceId::Case(n) => {
                let mut cases = self.gathered.past_cases.iter().chain(&self.gathered.case);
                cases.find(|c| c.id == *n).map(|c| case_citation(id, c))
            }
            SourceId::Scope(s) => {
                let row = self.lang.scope_row(s)?;
                Some(cite(
                    id.clone(),
                    format!("outside scope: {}", row.title),
                    row.answer.clone(),
                ))
            }
            SourceId::Data(d) => self.data(id, d),
        }
    }

    fn code(&self, c: Dtc) -> Option<Citation> {
        let id = SourceId::Code(c);
        match DtcCatalog::generic().describe(c) {
            Meaning::Generic(info) => Some(cite(id, info.title.clone(), info.description.clone())),
            m if self.given.contains(&c) => Some(cite(id, c.to_string(), m.summary())),
            _ => None,
        }
    }

    fn cause(&self, c: &str) -> Option<Citation> {
        let id = SourceId::Cause(c.to_string());
        if let Some(def) = self.kb.cause(c) {
            return Some(cite(
                id,
                def.name.clone(),
                format!("system: {}", def.system.replace('_', " ")),
            ));
        }
        // `obdex:<id>`: a cause the generic catalogue gives for one of the codes.
        let obdex = c.strip_prefix("obdex:")?;
        let codes = self.given.iter().copied();
        codes
            .filter_map(|d| DtcCatalog::generic().get(d))
            .find_map(|info| {
                let cause = info.causes.iter().find(|k| k.id == obdex)?;
                Some(cite(
                    id.clone(),
                    cause.label.clone(),
                    format!("a cause the generic catalogue gives for {}", info.code),
                ))
            })
    }

    fn complaint(&self, id: &SourceId, odi: u64) -> Option<Citation> {
        let c = self.gathered.complaints.as_ref()?;
        let issue = c.issues.iter().find(|i| i.odi_numbers.contains(&odi))?;
        let v = self
            .gathered
            .vehicle
            .as_ref()
            .map(|v| v.to_string())
            .unwrap_or_default();
        Some(cite(
            id.clone(),
            format!("NHTSA owner complaint {odi}"),
            format!("{v}: one of the complaints grouped as \"{}\"", issue.title),
        ))
    }

    fn data(&self, id: &SourceId, d: &str) -> Option<Citation> {
        let g = self.gathered;
        let v = g.vehicle.as_ref().map(|v| v.to_string());
        let detail = match d {
            "recalls" if !g.recall_data => "no recall data has been imported into the offline cache".to_string(),
            "recalls" => match &v {
                Some(v) => format!("the offline recall cache, looked up for the {v}: {} campaigns", g.recalls.len()),
                None => "the offline recall cache: looked up by model year, make and model, which were not given".into(),
            },
            "complaints" => match (&g.complaints, &v) {
                (Some(c), Some(v)) => format!("the offline complaint cache, looked up for the {v}: {} complaints", c.count),
                _ => "no owner-complaint data for this vehicle in the offline cache".into(),
            },
            "cases" => format!("the shop's database: {} closed cases share a code or the vehicle", g.past_cases.len()),
            _ => return None,
        };
        Some(cite(id.clone(), format!("data looked in: {d}"), detail))
    }
}

fn recall_citation(id: &SourceId, r: &Recall, g: &Gathered) -> Citation {
    let v = g
        .vehicle
        .as_ref()
        .map(|v| format!(" on the {v}"))
        .unwrap_or_default();
    let title = format!("{} recall {}{v}", r.authority.as_str(), r.number);
    let mut detail = format!("{} — {}", r.component, r.summary);
    if !r.remedy.is_empty() {
        detail.push_str(&format!(" Remedy: {}", r.remedy));
    }
    cite(id.clone(), title, detail)
}

fn case_citation(id: &SourceId, c: &PastCase) -> Citation {
    let v = c
        .vehicle
        .description()
        .unwrap_or_else(|| "vehicle not recorded".into());
    cite(
        id.clone(),
        format!("shop case {} ({v})", c.id),
        format!(
            "codes {}; complaint \"{}\"; failed steps: {}",
            c.codes.join(" "),
            c.complaint,
            c.failed_tests.join(", ")
        ),
    )
}
