//! The facts engine: a question understood and what was looked up become the
//! diagnosis engine's input, its ranking, the fact sheet and an answer in
//! trade language. A sentence is said only with at least one source that
//! resolves; one whose sources all fail to resolve is dropped.

use shopbench_core::{Dtc, DtcCatalog, Meaning};
use shopbench_diagnosis::{
    diagnose_in, rules_that_hold, CaseInput, Context, Diagnosis, Evidence, EvidenceKind, Knowledge,
    RankedCause, RuleMet, TestOutcome,
};

use crate::answer::{Answer, Part, Sentence, FACTS_ENGINE};
use crate::gathered::{Gathered, PastCase, Recall};
use crate::sheet::{FactSheet, Resolver};
use crate::source::{Authority, SourceId};
use crate::understand::{Scope, Understanding};
use crate::Assistant;

/// How many causes, plan steps, recalls, known issues and past cases an answer names.
const CAUSES: usize = 3;
const STEPS: usize = 2;
const RECALLS_ASKED: usize = 8;
const RECALLS_FITTING: usize = 3;
const ISSUES: usize = 3;
const ODIS: usize = 3;
const PAST_CASES: usize = 2;

/// A question with everything gathered for it, ready to answer (offline, or
/// by a language model checked against the same facts).
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    assistant: &'a Assistant,
    /// The question understood in its conversation.
    pub understanding: Understanding,
    /// The diagnosis engine's input, exactly as ranked (none when refused).
    pub input: Option<CaseInput>,
    /// The ranking — what `shopbench diagnose` gives for `input`.
    pub diagnosis: Option<Diagnosis>,
    /// The knowledge's rules the facts meet (looked at when nothing is ranked).
    pub rules: Vec<RuleMet>,
    /// What was looked up.
    pub gathered: Gathered,
    sheet: FactSheet,
    sentences: Vec<Sentence>,
}

impl Assistant {
    /// Runs the diagnosis engine on the question's facts (over the saved
    /// case's input, when the question is about one), builds the fact sheet
    /// from it and from what was looked up, and writes the facts engine's answer.
    pub fn prepare(
        &self,
        understanding: Understanding,
        case: Option<&CaseInput>,
        gathered: Gathered,
    ) -> Prepared<'_> {
        let answerable = match understanding.scope {
            Scope::Answer => true,
            Scope::Unclear => case.is_some(),
            Scope::Refuse { .. } => false,
        };
        let input = answerable.then(|| understanding.facts.case_input(case));
        let diagnosis = input.as_ref().map(|i| {
            let context = Context {
                fixes: &gathered.fixes,
                complaints: gathered.owner_complaints.as_ref(),
            };
            diagnose_in(self.kb, i, context)
        });
        let rules = match (&input, &diagnosis) {
            (Some(i), Some(d)) if d.causes.is_empty() => rules_that_hold(self.kb, i),
            _ => Vec::new(),
        };
        let mut p = Prepared {
            assistant: self,
            understanding,
            input,
            diagnosis,
            rules,
            gathered,
            sheet: FactSheet::default(),
            sentences: Vec::new(),
        };
        p.compose();
        p.gather_the_rest();
        p
    }
}

impl Prepared<'_> {
    /// The facts engine's answer.
    pub fn answer(&self) -> Answer {
        self.answer_from(FACTS_ENGINE, self.sentences.clone(), None)
    }

    /// Every fact gathered (what a language model is shown and checked against).
    pub fn sheet(&self) -> &FactSheet {
        &self.sheet
    }

    /// Resolves `id` against the knowledge, the catalogue, the word tables and
    /// what was looked up (not the sheet): `None` when nothing has that id.
    pub fn resolve(&self, id: &SourceId) -> Option<crate::Citation> {
        let given = self.given_codes();
        Resolver {
            kb: self.assistant.kb,
            lang: &self.assistant.lang,
            gathered: &self.gathered,
            given: &given,
        }
        .resolve(id)
    }

    /// An answer of `sentences`, its citations resolved from the sheet.
    pub(crate) fn answer_from(
        &self,
        engine: &str,
        sentences: Vec<Sentence>,
        note: Option<String>,
    ) -> Answer {
        let mut citations: Vec<crate::Citation> = Vec::new();
        for id in sentences.iter().flat_map(|s| &s.sources) {
            if !citations.iter().any(|c| c.id == *id) {
                if let Some(c) = self.sheet.get(id) {
                    citations.push(c.clone());
                }
            }
        }
        Answer {
            engine: engine.to_string(),
            sentences,
            citations,
            note,
        }
    }

    /// Codes the mechanic gave: the question's and the case's.
    pub(crate) fn given_codes(&self) -> Vec<Dtc> {
        let mut codes = self.understanding.facts.codes.clone();
        for d in self.input.iter().flat_map(|i| &i.dtcs) {
            if let Ok(c) = d.code.parse::<Dtc>() {
                if !codes.contains(&c) {
                    codes.push(c);
                }
            }
        }
        codes
    }

    /// Adds a sentence with the sources that resolve; says nothing if none does.
    fn say(&mut self, part: Part, text: impl Into<String>, sources: Vec<SourceId>) {
        let given = self.given_codes();
        let resolver = Resolver {
            kb: self.assistant.kb,
            lang: &self.assistant.lang,
            gathered: &self.gathered,
            given: &given,
        };
        let mut kept = Vec::new();
        for id in sources {
            if let Some(c) = resolver.resolve(&id) {
                self.sheet.add(c);
                if !kept.contains(&id) {
                    kept.push(id);
                }
            }
        }
        if !kept.is_empty() {
            self.sentences.push(Sentence::new(part, text, kept));
        }
    }

    /// Adds a fact to the sheet without saying it.
    fn note_fact(&mut self, id: SourceId) {
        if let Some(c) = self.resolve(&id) {
            self.sheet.add(c);
        }
    }

    fn compose(&mut self) {
        let lang = &self.assistant.lang;
        match (&self.understanding.scope, &self.input) {
            (Scope::Refuse { id, .. }, _) => {
                let answer = lang
                    .scope_row(id)
                    .map(|r| r.answer.clone())
                    .unwrap_or_default();
                let id = SourceId::Scope(id.clone());
                self.say(Part::Refusal, answer, vec![id]);
            }
            (_, None) => self.unclear(),
            (_, Some(_)) => {
                self.case_line();
                self.meanings();
                self.reported();
                self.causes();
                self.plan();
                self.readings_only();
                self.recalls();
                self.complaints();
                self.past_cases();
                if self.sentences.iter().all(|s| s.part == Part::Case) {
                    self.unrecognised();
                }
            }
        }
    }

    fn unclear(&mut self) {
        let answer = self.assistant.lang.unclear.answer.clone();
        self.say(
            Part::Refusal,
            answer,
            vec![SourceId::Scope("unclear".into())],
        );
    }

    /// Something was understood (a vehicle, a case) but nothing to rank from.
    fn unrecognised(&mut self) {
        let answer = self.assistant.lang.unrecognised.answer.clone();
        self.say(
            Part::Refusal,
            answer,
            vec![SourceId::Scope("unrecognised".into())],
        );
    }

    fn case_line(&mut self) {
        let Some(c) = self.gathered.case.clone() else {
            return;
        };
        let vehicle = c
            .vehicle
            .description()
            .unwrap_or_else(|| "vehicle not recorded".into());
        let mut text = format!("Case {}: {vehicle}", c.id);
        if !c.codes.is_empty() {
            text.push_str(&format!(", codes {}", c.codes.join(" ")));
        }
        if !c.complaint.trim().is_empty() {
            text.push_str(&format!(
                ", complaint \u{201c}{}\u{201d}",
                c.complaint.trim()
            ));
        }
        self.say(Part::Case, text, vec![SourceId::Case(c.id)]);
    }

    fn meanings(&mut self) {
        for code in self.given_codes().into_iter().take(6) {
            let text = match DtcCatalog::generic().describe(code) {
                Meaning::Generic(info) => {
                    let first = info.description.split(". ").next().unwrap_or("").trim_end_matches('.');
                    format!("{code} means {}: {first}", info.title)
                }
                Meaning::ManufacturerSpecific => format!(
                    "{code} is a manufacturer-specific code: the generic catalogue does not define it, so look it up in the maker's service information"
                ),
                Meaning::Unknown => format!("{code} is not in the generic code catalogue, so shopbench cannot say what it means"),
            };
            self.say(Part::Meaning, text, vec![SourceId::Code(code)]);
        }
    }

    fn reported(&mut self) {
        for h in self.understanding.reported.clone() {
            let Some(t) = self.assistant.kb.test(&h.test) else {
                continue;
            };
            let how = if h.outcome == TestOutcome::Pass {
                "passed (normal)"
            } else {
                "failed (fault found)"
            };
            let text = format!(
                "Taken as a result: {} {how}, from \u{201c}{}\u{201d}",
                t.name, h.words
            );
            self.say(Part::Meaning, text, vec![SourceId::Test(h.test.clone())]);
        }
    }

    fn top_causes(&self) -> Vec<RankedCause> {
        self.diagnosis
            .iter()
            .flat_map(|d| d.causes.iter().take(CAUSES).cloned())
            .collect()
    }

    fn causes(&mut self) {
        for (i, c) in self.top_causes().into_iter().enumerate() {
            let mut sources = vec![SourceId::Cause(c.id.clone())];
            let mut why = Vec::new();
            for e in said_evidence(&c.evidence_for) {
                if let Some((id, phrase)) = evidence_source(e, &self.input, self.assistant.kb) {
                    sources.push(id);
                    why.push(phrase);
                }
            }
            let pct = (c.probability * 100.0).round();
            let mut text = format!("{}. {} — {pct:.0} %", i + 1, c.name);
            if !why.is_empty() {
                text.push_str(&format!(": {}", why.join("; ")));
            }
            self.say(Part::Causes, text, sources);
        }
        if let (Some(d), Some(top)) = (&self.diagnosis, self.top_causes().first()) {
            let text = format!(
                "The engine's confidence in the first cause is {} ({:.0} %)",
                d.confidence_label,
                d.confidence * 100.0
            );
            self.say(Part::Causes, text, vec![SourceId::Cause(top.id.clone())]);
        }
    }

    fn plan(&mut self) {
        let steps: Vec<_> = self
            .diagnosis
            .iter()
            .flat_map(|d| d.plan.iter().take(STEPS).cloned())
            .collect();
        for (i, s) in steps.into_iter().enumerate() {
            let lead = if i == 0 { "Test first" } else { "Then" };
            let text = format!(
                "{lead}: {}; normal: {}; about {:.0} min",
                s.instruction, s.expected, s.minutes
            );
            self.say(Part::Plan, text, vec![SourceId::Test(s.id)]);
        }
    }

    /// Nothing ranked, but readings meet rules: what they say, the causes
    /// they raise, and a test for each of the first two.
    fn readings_only(&mut self) {
        let hits: Vec<RuleMet> = self
            .rules
            .iter()
            .filter(|r| r.kind != EvidenceKind::Mileage)
            .take(3)
            .cloned()
            .collect();
        for r in &hits {
            self.say(
                Part::Causes,
                r.detail.clone(),
                vec![SourceId::Rule(r.id.clone())],
            );
        }
        let raised = raised_causes(&hits, self.assistant.kb);
        if raised.is_empty() {
            return;
        }
        let kb = self.assistant.kb;
        let names: Vec<String> = raised
            .iter()
            .filter_map(|c| kb.cause(c))
            .map(|c| c.name.to_lowercase())
            .collect();
        let text = format!(
            "Without a code or a symptom nothing is ranked, but that points at: {}",
            names.join("; ")
        );
        self.say(
            Part::Causes,
            text,
            raised.iter().map(|c| SourceId::Cause(c.clone())).collect(),
        );
        let mut tests: Vec<String> = Vec::new();
        for cause in raised.iter().take(2) {
            if let Some(t) = best_test(kb, cause) {
                if !tests.contains(&t) {
                    tests.push(t);
                }
            }
        }
        for (i, t) in tests.into_iter().enumerate() {
            let def = kb.test(&t).expect("found in the knowledge");
            let lead = if i == 0 {
                "To tell them apart, start with"
            } else {
                "Then"
            };
            let text = format!(
                "{lead}: {} — {}; normal: {}",
                def.name, def.procedure, def.expected
            );
            self.say(Part::Plan, text, vec![SourceId::Test(t)]);
        }
    }

    /// The cause systems the answer is about (the ranked or raised causes).
    fn systems(&self) -> Vec<String> {
        let kb = self.assistant.kb;
        let mut out: Vec<String> = self.top_causes().into_iter().map(|c| c.system).collect();
        for c in raised_causes(&self.rules, kb) {
            if let Some(def) = kb.cause(&c) {
                out.push(def.system.clone());
            }
        }
        out.sort();
        out.dedup();
        out
    }

    fn fits(&self, component: &str, authority: Authority) -> bool {
        let up = component.to_uppercase();
        self.systems()
            .iter()
            .filter_map(|s| self.assistant.lang.systems.get(s))
            .any(|d| match authority {
                Authority::Nhtsa => d
                    .nhtsa
                    .iter()
                    .any(|p| up.split("; ").any(|c| c.starts_with(p.as_str()))),
                Authority::TransportCanada => d.tc.iter().any(|w| up.contains(w.as_str())),
            })
    }

    fn recalls(&mut self) {
        let asked = self.understanding.asks.recalls;
        let recalls = self.gathered.recalls.clone();
        let (fitting, other): (Vec<Recall>, Vec<Recall>) = recalls
            .into_iter()
            .partition(|r| self.fits(&r.component, r.authority));
        let shown: Vec<Recall> = if asked {
            fitting
                .iter()
                .chain(&other)
                .take(RECALLS_ASKED)
                .cloned()
                .collect()
        } else {
            fitting.iter().take(RECALLS_FITTING).cloned().collect()
        };
        for r in &shown {
            self.say(
                Part::Recalls,
                recall_sentence(r, &self.gathered),
                vec![recall_id(r)],
            );
        }
        let total = fitting.len() + other.len();
        if total > shown.len() && (asked || !shown.is_empty()) {
            let v = self.vehicle_name();
            let text = format!("{} more campaigns for the {v} are in the offline recall data (ask for its recalls to list them)", total - shown.len());
            self.say(Part::Recalls, text, vec![SourceId::Data("recalls".into())]);
        }
        if asked && total == 0 {
            self.say(
                Part::Recalls,
                self.no_recalls_text(),
                vec![SourceId::Data("recalls".into())],
            );
        }
    }

    fn vehicle_name(&self) -> String {
        self.gathered
            .vehicle
            .as_ref()
            .map(|v| v.to_string())
            .unwrap_or_else(|| "vehicle".into())
    }

    fn no_recalls_text(&self) -> String {
        if !self.gathered.recall_data {
            "No recall data has been imported into the offline cache, so recalls cannot be checked: `shopbench data import nhtsa-recalls FLAT_RCL.txt` fills it".into()
        } else if self.gathered.vehicle.is_none() {
            "Recalls are looked up by model year, make and model (or a VIN): give them and ask again".into()
        } else {
            format!(
                "No NHTSA or Transport Canada campaign for the {} is in the offline recall data",
                self.vehicle_name()
            )
        }
    }

    fn complaints(&mut self) {
        let asked = self.understanding.asks.known_issues;
        let v = self.vehicle_name();
        let Some(c) = self.gathered.complaints.clone() else {
            if asked {
                let text = "No owner-complaint data for this vehicle is in the offline cache (`shopbench data import nhtsa-complaints FLAT_CMPL.txt` fills it)";
                self.say(
                    Part::Complaints,
                    text,
                    vec![SourceId::Data("complaints".into())],
                );
            }
            return;
        };
        if c.issues.is_empty() {
            if asked {
                let text = format!("Only {} owner complaints are on file for the {v}, fewer than the {} needed to name known issues", c.count, c.minimum);
                self.say(
                    Part::Complaints,
                    text,
                    vec![SourceId::Data("complaints".into())],
                );
            }
            return;
        }
        let issues: Vec<_> = c
            .issues
            .iter()
            .filter(|i| {
                asked
                    || i.components
                        .iter()
                        .any(|comp| self.fits(comp, Authority::Nhtsa))
            })
            .take(ISSUES)
            .cloned()
            .collect();
        for i in issues {
            let odis: Vec<u64> = i.odi_numbers.iter().take(ODIS).copied().collect();
            let list: Vec<String> = odis.iter().map(u64::to_string).collect();
            let text = format!(
                "Owner complaints on the {v} group into \u{201c}{}\u{201d}: {} complaints, e.g. ODI {}",
                i.title,
                i.odi_numbers.len(),
                list.join(", ")
            );
            self.say(
                Part::Complaints,
                text,
                odis.into_iter().map(SourceId::Complaint).collect(),
            );
        }
    }

    fn past_cases(&mut self) {
        let asked = self.understanding.asks.cases;
        let codes: Vec<String> = self.given_codes().iter().map(Dtc::to_string).collect();
        let mut cases: Vec<PastCase> = self
            .gathered
            .past_cases
            .iter()
            .filter(|c| !c.failed_tests.is_empty())
            .cloned()
            .collect();
        let model = self.input.as_ref().and_then(|i| i.vehicle.model.clone());
        let same_model = |c: &PastCase| matches!((&c.vehicle.model, &model), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b));
        // A case is worth naming when it shares a code; without codes, when
        // it is the same model; every one when the shop's cases were asked for.
        cases.retain(|c| {
            asked
                || c.codes.iter().any(|x| codes.contains(x))
                || (codes.is_empty() && same_model(c))
        });
        cases.sort_by_key(|c| {
            let shared = c.codes.iter().filter(|x| codes.contains(x)).count();
            let same = model.is_some() && c.vehicle.model == model;
            (std::cmp::Reverse(shared), !same, std::cmp::Reverse(c.id))
        });
        for c in cases.iter().take(if asked { 5 } else { PAST_CASES }) {
            self.say(
                Part::Cases,
                past_case_sentence(c, self.assistant.kb),
                past_case_sources(c),
            );
        }
        if asked && cases.is_empty() {
            let text = "No closed case in the shop's database shares these codes or this vehicle";
            self.say(Part::Cases, text, vec![SourceId::Data("cases".into())]);
        }
    }

    /// Facts not said but gathered: the rest of the ranking and its evidence,
    /// the plan, every recall, complaint and past case.
    fn gather_the_rest(&mut self) {
        let mut ids: Vec<SourceId> = Vec::new();
        if let Some(d) = &self.diagnosis {
            for c in d.causes.iter().take(8) {
                ids.push(SourceId::Cause(c.id.clone()));
                ids.extend(
                    c.evidence_for
                        .iter()
                        .filter_map(|e| evidence_source(e, &self.input, self.assistant.kb))
                        .map(|(id, _)| id),
                );
            }
            ids.extend(d.plan.iter().map(|s| SourceId::Test(s.id.clone())));
        }
        ids.extend(self.gathered.recalls.iter().map(recall_id));
        if let Some(c) = &self.gathered.complaints {
            ids.extend(
                c.issues
                    .iter()
                    .flat_map(|i| i.odi_numbers.iter().map(|o| SourceId::Complaint(*o))),
            );
        }
        ids.extend(self.gathered.past_cases.iter().flat_map(past_case_sources));
        if self.input.is_some() {
            ids.extend(["recalls", "complaints", "cases"].map(|d| SourceId::Data(d.into())));
        }
        for id in ids {
            self.note_fact(id);
        }
    }
}

/// The evidence a cause's sentence gives: its two strongest pieces, and
/// what the shop's own closed cases say of it wherever it ranks (the reason
/// a mechanic trusts most, and one that can move a cause 20 points).
fn said_evidence(all: &[Evidence]) -> impl Iterator<Item = &Evidence> {
    all.iter()
        .enumerate()
        .filter(|(i, e)| *i < 2 || e.kind == EvidenceKind::ShopHistory)
        .map(|(_, e)| e)
}

/// What a piece of evidence cites, and how to say it.
fn evidence_source(
    e: &Evidence,
    input: &Option<CaseInput>,
    kb: &Knowledge,
) -> Option<(SourceId, String)> {
    Some(match e.kind {
        EvidenceKind::Code => (
            SourceId::Code(e.source.parse().ok()?),
            format!("{} points to it", e.source),
        ),
        EvidenceKind::Symptom => (
            SourceId::Symptom(e.source.clone()),
            format!("the complaint ({}) fits it", e.source.replace('_', " ")),
        ),
        EvidenceKind::Test => {
            let failed = input
                .iter()
                .flat_map(|i| &i.test_results)
                .any(|t| t.step_id == e.source && t.outcome == TestOutcome::Fail);
            let how = if failed { "found a fault" } else { "passed" };
            let name = kb
                .test(&e.source)
                .map_or(e.source.replace('_', " "), |t| t.name.to_lowercase());
            (
                SourceId::Test(e.source.clone()),
                format!("\u{201c}{name}\u{201d} {how}"),
            )
        }
        EvidenceKind::ShopHistory => (SourceId::Rule(e.source.clone()), e.detail.clone()),
        EvidenceKind::Unexplained => return None,
        _ => (SourceId::Rule(e.source.clone()), first_clause(&e.detail)),
    })
}

fn first_clause(detail: &str) -> String {
    detail.split(" (").next().unwrap_or(detail).to_string()
}

/// Causes the rules raise (likelihood ratio above 1), strongest first, at most three.
fn raised_causes(rules: &[RuleMet], kb: &Knowledge) -> Vec<String> {
    let mut all: Vec<(String, f64)> = rules
        .iter()
        .flat_map(|r| r.effects.iter().cloned())
        .filter(|(c, lr)| *lr > 1.0 && kb.cause(c).is_some())
        .collect();
    all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out: Vec<String> = Vec::new();
    for (c, _) in all {
        if !out.contains(&c) && out.len() < 3 {
            out.push(c);
        }
    }
    out
}

/// The test that confirms `cause` most strongly.
fn best_test(kb: &Knowledge, cause: &str) -> Option<String> {
    kb.tests()
        .iter()
        .filter_map(|t| {
            t.targets
                .iter()
                .find(|g| g.cause == cause)
                .map(|g| (g.fail_lr, &t.id))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, id)| id.clone())
}

fn recall_id(r: &Recall) -> SourceId {
    SourceId::Recall {
        authority: r.authority,
        number: r.number.clone(),
    }
}

/// NHTSA's texts are upper case; they read better in sentence case.
pub(crate) fn sentence_case(s: &str) -> String {
    let s = s.trim();
    if s.chars().any(char::is_lowercase) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for ch in s.to_lowercase().chars() {
        if start && ch.is_alphabetic() {
            out.extend(ch.to_uppercase());
            start = false;
        } else {
            out.push(ch);
        }
        if matches!(ch, '.' | '!' | '?') {
            start = true;
        }
    }
    out
}

fn recall_sentence(r: &Recall, g: &Gathered) -> String {
    let who = match r.authority {
        Authority::Nhtsa => "NHTSA campaign",
        Authority::TransportCanada => "Transport Canada recall",
    };
    let v = g
        .vehicle
        .as_ref()
        .map(|v| format!(" on the {v}"))
        .unwrap_or_default();
    let date = if r.date.is_empty() {
        String::new()
    } else {
        format!(", {}", r.date)
    };
    let mut text = format!(
        "{who} {}{v} ({}{date}): {}",
        r.number,
        r.component,
        sentence_case(&r.summary)
    );
    if !r.remedy.is_empty() {
        text.push_str(&format!(" Remedy: {}", sentence_case(&r.remedy)));
    }
    text.trim_end_matches('.').to_string()
}

fn past_case_sources(c: &PastCase) -> Vec<SourceId> {
    let mut ids = vec![SourceId::Case(c.id)];
    ids.extend(c.failed_tests.iter().map(|t| SourceId::Test(t.clone())));
    ids
}

fn past_case_sentence(c: &PastCase, kb: &Knowledge) -> String {
    let v = c
        .vehicle
        .description()
        .unwrap_or_else(|| "vehicle not recorded".into());
    let steps: Vec<String> = c
        .failed_tests
        .iter()
        .map(|t| {
            kb.test(t)
                .map(|d| d.name.to_lowercase())
                .unwrap_or_else(|| t.clone())
        })
        .collect();
    let codes = if c.codes.is_empty() {
        String::new()
    } else {
        format!(", {}", c.codes.join(" "))
    };
    format!(
        "In the shop's case {} ({v}{codes}) the fault was found by: {}",
        c.id,
        steps.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_case_texts_read_in_sentence_case() {
        assert_eq!(
            sentence_case("A WIRE MAY CHAFE. A FIRE MAY START."),
            "A wire may chafe. A fire may start."
        );
        assert_eq!(sentence_case("Already mixed Case"), "Already mixed Case");
    }
}
