//! Understanding a question and its conversation: codes, vehicle, VIN,
//! mileage, readings, symptoms, reported test results, what is asked for,
//! and whether it is something shopbench answers at all.
//!
//! Each user message is read on its own; the conversation's facts are the
//! messages' facts merged in order (a later reading or test result wins).
//! A message that names other codes (without "also", "too", …) or another
//! vehicle starts a new topic: earlier codes, readings, results and words are
//! dropped (the vehicle stays unless another was named). Assistant messages
//! are never read for facts — the assistant does not learn from itself.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use shopbench_core::{Dtc, Mileage, Vin};
use shopbench_diagnosis::{
    CaseInput, DtcEntry, Knowledge, SymptomTag, TestOutcome, TestResult, VehicleId, Words,
};

use crate::language::{Language, ScopeRow};
use crate::vehicle::{read_vehicle, VehicleWords};

/// Who said a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The mechanic.
    User,
    /// The assistant.
    Assistant,
}

/// One earlier message of the conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    /// Who said it.
    pub role: Role,
    /// What was said.
    pub content: String,
}

impl Turn {
    /// A message of the mechanic's.
    pub fn user(content: &str) -> Turn {
        Turn {
            role: Role::User,
            content: content.to_string(),
        }
    }

    /// A message of the assistant's.
    pub fn assistant(content: &str) -> Turn {
        Turn {
            role: Role::Assistant,
            content: content.to_string(),
        }
    }
}

/// Whether and how the question is answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum Scope {
    /// In scope: answered from the facts.
    Answer,
    /// Outside what shopbench does: a short refusal.
    Refuse {
        /// The scope row (`tuning`, `defeat`, `firmware`, `other_trade`).
        id: String,
        /// The words that placed it there.
        words: String,
    },
    /// Nothing in it to go on.
    Unclear,
}

/// What the mechanic asked for beyond a diagnosis.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asks {
    /// Recall campaigns.
    pub recalls: bool,
    /// Known issues and owner complaints.
    pub known_issues: bool,
    /// The shop's own cases.
    pub cases: bool,
}

/// One thing understood, with the words that said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heard {
    /// What it was understood as (`code P0420`, `ltft_b1 = 18`, `test rear_o2_graph: fail`).
    pub what: String,
    /// The words, as written.
    pub words: String,
}

/// The facts of the conversation's current topic.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// The vehicle (VIN, make, model, year, engine), as far as known.
    pub vehicle: VehicleId,
    /// The odometer.
    pub mileage: Option<Mileage>,
    /// Trouble codes, in the order first given.
    pub codes: Vec<Dtc>,
    /// Readings by the engine's names (later messages win).
    pub readings: BTreeMap<String, f64>,
    /// Plan steps' results reported in words (later messages win).
    pub tests: BTreeMap<String, TestOutcome>,
    /// Symptom tags the words name.
    pub symptoms: BTreeSet<SymptomTag>,
    /// The mechanic's messages of this topic, oldest first.
    pub texts: Vec<String>,
}

/// A plan step's result the message reported in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reported {
    /// The test id.
    pub test: String,
    /// Pass or fail.
    pub outcome: TestOutcome,
    /// The words that said it.
    pub words: String,
}

/// A question understood in its conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Understanding {
    /// Answer, refuse, or ask for something to go on.
    pub scope: Scope,
    /// The topic's facts (this message's merged over the history's).
    pub facts: Facts,
    /// What this message asks for.
    pub asks: Asks,
    /// What this message was understood to say.
    pub heard: Vec<Heard>,
    /// The results this message reported.
    pub reported: Vec<Reported>,
    /// Whether earlier messages contributed facts.
    pub follow_up: bool,
}

/// What one message says.
#[derive(Debug, Clone, Default)]
struct Said {
    codes: Vec<Dtc>,
    vin: Option<Vin>,
    vehicle: VehicleWords,
    readings: BTreeMap<String, f64>,
    tests: Vec<Reported>,
    symptoms: Vec<SymptomTag>,
    asks: Asks,
    refusal: Option<(String, String)>,
    addition: bool,
    heard: Vec<Heard>,
    text: String,
}

impl Said {
    fn says_something(&self) -> bool {
        !self.codes.is_empty()
            || self.vin.is_some()
            || self.vehicle != VehicleWords::default()
            || !self.readings.is_empty()
            || !self.tests.is_empty()
            || !self.symptoms.is_empty()
            || self.asks != Asks::default()
    }
}

fn heard(what: String, words: &str) -> Heard {
    Heard {
        what,
        words: words.trim().to_string(),
    }
}

/// Codes written in the text ("P0420", "p0171/p0174"): a letter P, C, B or
/// U, a digit 0–3 and three hexadecimal digits.
pub(crate) fn codes_in(text: &str) -> Vec<(Dtc, String)> {
    let mut out: Vec<(Dtc, String)> = Vec::new();
    for w in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let b = w.as_bytes();
        let shaped = b.len() == 5
            && matches!(b[0].to_ascii_uppercase(), b'P' | b'C' | b'B' | b'U')
            && (b'0'..=b'3').contains(&b[1])
            && b[2..].iter().all(u8::is_ascii_hexdigit);
        if let Some(d) = shaped.then(|| w.parse::<Dtc>().ok()).flatten() {
            if !out.iter().any(|(c, _)| *c == d) {
                out.push((d, w.to_string()));
            }
        }
    }
    out
}

/// A VIN written in the text (17 characters with at least two digits).
fn vin_in(text: &str) -> Option<(Vin, String)> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() == 17 && w.bytes().filter(u8::is_ascii_digit).count() >= 2)
        .find_map(|w| w.parse::<Vin>().ok().map(|v| (v, w.to_string())))
}

impl Language {
    fn refusal(&self, words: &Words<'_>) -> Option<(&ScopeRow, String)> {
        self.scope.iter().find_map(|row| {
            row.phrases.iter().find_map(|p| {
                let (s, e) = *words.spans(p).first()?;
                Some((row, words.quote(s, e)))
            })
        })
    }

    fn asks(&self, words: &Words<'_>) -> Asks {
        let any = |ps: &[shopbench_diagnosis::Pattern]| ps.iter().any(|p| words.mentions(p));
        Asks {
            recalls: any(&self.recalls),
            known_issues: any(&self.known_issues),
            cases: any(&self.cases),
        }
    }

    /// Test results the words report: per test, the longest matching phrase
    /// (not under a negation cue) decides; a tie between pass and fail says nothing.
    fn test_results(&self, words: &Words<'_>) -> Vec<(String, TestOutcome, String)> {
        let mut out = Vec::new();
        for t in &self.tests {
            let mut best: Option<(usize, TestOutcome, String)> = None;
            let mut tie = false;
            for (outcome, (p, n)) in &t.phrases {
                let Some(&(s, e)) = words.spans(p).iter().find(|(s, _)| !words.negated(*s)) else {
                    continue;
                };
                match &best {
                    Some((bn, bo, _)) if *bn > *n || (*bn == *n && bo == outcome) => {}
                    Some((bn, bo, _)) if *bn == *n && bo != outcome => tie = true,
                    _ => {
                        best = Some((*n, *outcome, words.quote(s, e)));
                        tie = false;
                    }
                }
            }
            if let (Some((_, o, q)), false) = (best, tie) {
                out.push((t.test.clone(), o, q));
            }
        }
        out
    }
}

/// Reads one message.
fn read_message(kb: &Knowledge, lang: &Language, text: &str) -> Said {
    let words = kb.words(text);
    let mut said = Said {
        text: text.trim().to_string(),
        ..Said::default()
    };
    if let Some((row, q)) = lang.refusal(&words) {
        said.heard
            .push(heard(format!("outside scope: {}", row.title), &q));
        said.refusal = Some((row.id.clone(), q));
        return said;
    }
    for (c, w) in codes_in(text) {
        said.heard.push(heard(format!("code {c}"), &w));
        said.codes.push(c);
    }
    if let Some((v, w)) = vin_in(text) {
        said.heard.push(heard(format!("VIN {}", v.as_str()), &w));
        said.vin = Some(v);
    }
    said.vehicle = read_vehicle(lang, &words);
    hear_vehicle(&said.vehicle.clone(), &mut said.heard);
    let found = kb.read_words(text);
    for (tag, q) in found.tags {
        said.heard.push(heard(format!("symptom {tag}"), &q));
        said.symptoms.push(tag);
    }
    for (name, v, q) in found.readings {
        said.heard.push(heard(format!("{name} = {v}"), &q));
        said.readings.insert(name, v);
    }
    for (test, o, q) in lang.test_results(&words) {
        let o_str = if o == TestOutcome::Pass {
            "pass"
        } else {
            "fail"
        };
        said.heard.push(heard(format!("test {test}: {o_str}"), &q));
        said.tests.push(Reported {
            test,
            outcome: o,
            words: q,
        });
    }
    said.asks = lang.asks(&words);
    said.addition = lang.addition.iter().any(|p| words.mentions(p));
    said
}

fn hear_vehicle(v: &VehicleWords, out: &mut Vec<Heard>) {
    if let Some((m, q)) = &v.make {
        out.push(heard(format!("make {m}"), q));
    }
    if let Some((m, q)) = &v.model {
        out.push(heard(format!("model {m}"), q));
    }
    if let Some((y, q)) = &v.year {
        out.push(heard(format!("year {y}"), q));
    }
    if let Some((e, q)) = &v.engine {
        out.push(heard(format!("engine {e}"), q));
    }
    if let Some((m, q)) = &v.mileage {
        out.push(heard(
            format!("mileage {:.0} {}", m.value, m.unit.as_str()),
            q,
        ));
    }
}

impl Facts {
    /// Whether nothing at all is known.
    pub fn is_empty(&self) -> bool {
        self.vehicle.is_empty()
            && self.mileage.is_none()
            && self.codes.is_empty()
            && self.readings.is_empty()
            && self.tests.is_empty()
            && self.symptoms.is_empty()
    }

    fn other_vehicle(&self, v: &VehicleWords) -> bool {
        let differs = |mine: &Option<String>, theirs: &Option<(String, String)>| matches!((mine, theirs), (Some(a), Some((b, _))) if !a.eq_ignore_ascii_case(b));
        differs(&self.vehicle.make, &v.make) || differs(&self.vehicle.model, &v.model)
    }

    fn absorb(&mut self, said: &Said) {
        if self.other_vehicle(&said.vehicle) {
            *self = Facts::default();
        } else if !said.codes.is_empty()
            && !said.addition
            && !self.codes.is_empty()
            && said.codes.iter().any(|c| !self.codes.contains(c))
        {
            *self = Facts {
                vehicle: self.vehicle.clone(),
                mileage: self.mileage,
                ..Facts::default()
            };
        }
        self.merge(said);
    }

    fn merge(&mut self, said: &Said) {
        let v = &said.vehicle;
        let set = |slot: &mut Option<String>, x: &Option<(String, String)>| {
            if let Some((s, _)) = x {
                *slot = Some(s.clone());
            }
        };
        set(&mut self.vehicle.make, &v.make);
        set(&mut self.vehicle.model, &v.model);
        set(&mut self.vehicle.engine, &v.engine);
        if let Some((y, _)) = v.year {
            self.vehicle.year = Some(y);
        }
        if said.vin.is_some() {
            self.vehicle.vin = said.vin.clone();
        }
        if let Some((m, _)) = v.mileage {
            self.mileage = Some(m);
        }
        for c in &said.codes {
            if !self.codes.contains(c) {
                self.codes.push(*c);
            }
        }
        self.readings.extend(said.readings.clone());
        self.tests
            .extend(said.tests.iter().map(|r| (r.test.clone(), r.outcome)));
        self.symptoms.extend(said.symptoms.iter().copied());
        self.texts.push(said.text.clone());
    }

    /// The diagnosis engine's input for these facts: the mechanic's words as
    /// the complaint (the engine reads symptoms and finding keywords from
    /// them), the codes as stored codes, readings and results as given. Over
    /// a saved case (`base`), the case stays as it is and the conversation's
    /// facts are added: its codes, readings and results, its vehicle and
    /// mileage where the case has none, its words after the complaint.
    pub fn case_input(&self, base: Option<&CaseInput>) -> CaseInput {
        let mut c = base.cloned().unwrap_or_default();
        let v = &mut c.vehicle;
        v.vin = v.vin.take().or_else(|| self.vehicle.vin.clone());
        v.make = v.make.take().or_else(|| self.vehicle.make.clone());
        v.model = v.model.take().or_else(|| self.vehicle.model.clone());
        v.year = v.year.or(self.vehicle.year);
        v.engine = v.engine.take().or_else(|| self.vehicle.engine.clone());
        c.mileage = c.mileage.or(self.mileage);
        for code in &self.codes {
            if !c
                .dtcs
                .iter()
                .any(|d| d.code.eq_ignore_ascii_case(&code.to_string()))
            {
                c.dtcs.push(DtcEntry::stored(&code.to_string()));
            }
        }
        if base.is_none() {
            c.complaint = self.texts.join("\n");
        }
        c.readings.extend(self.readings.clone());
        for (step, outcome) in &self.tests {
            c.test_results.retain(|t| t.step_id != *step);
            c.test_results.push(TestResult {
                step_id: step.clone(),
                outcome: *outcome,
                note: None,
            });
        }
        c
    }
}

/// Understands `message` in the conversation `history`.
pub(crate) fn understand(
    kb: &Knowledge,
    lang: &Language,
    history: &[Turn],
    message: &str,
) -> Understanding {
    let mut facts = Facts::default();
    for t in history.iter().filter(|t| t.role == Role::User) {
        let said = read_message(kb, lang, &t.content);
        if said.refusal.is_none() && said.says_something() {
            facts.absorb(&said);
        }
    }
    let follow_up = !facts.is_empty();
    let said = read_message(kb, lang, message);
    if let Some((id, words)) = said.refusal.clone() {
        return Understanding {
            scope: Scope::Refuse { id, words },
            facts,
            asks: Asks::default(),
            heard: said.heard,
            reported: Vec::new(),
            follow_up,
        };
    }
    if said.says_something() || !follow_up {
        facts.absorb(&said);
    }
    let scope = if facts.is_empty() && said.asks == Asks::default() {
        Scope::Unclear
    } else {
        Scope::Answer
    };
    Understanding {
        scope,
        facts,
        asks: said.asks,
        heard: said.heard,
        reported: said.tests,
        follow_up,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::LANGUAGE_JSON;

    fn u(history: &[&str], message: &str) -> Understanding {
        let kb = Knowledge::embedded();
        let lang = Language::load(kb, LANGUAGE_JSON).unwrap();
        let h: Vec<Turn> = history.iter().map(|t| Turn::user(t)).collect();
        understand(kb, &lang, &h, message)
    }

    #[test]
    fn codes_are_read_in_any_case_and_never_from_other_words() {
        let c: Vec<String> = codes_in("p0171/P0174, BADE1, P04200, U0100.")
            .into_iter()
            .map(|(d, _)| d.to_string())
            .collect();
        assert_eq!(c, ["P0171", "P0174", "U0100"]);
    }

    #[test]
    fn a_question_with_a_code_a_vehicle_and_a_reading() {
        let q = u(
            &[],
            "P0171 on a 2014 Camry, LTFT +18% at idle and +3% at 2500 rpm",
        );
        assert_eq!(q.scope, Scope::Answer);
        assert_eq!(q.facts.codes, ["P0171".parse::<Dtc>().unwrap()]);
        assert_eq!(q.facts.vehicle.make.as_deref(), Some("Toyota"));
        assert_eq!(q.facts.readings.get("ltft_b1"), Some(&18.0));
        assert_eq!(q.facts.readings.get("ltft_b1_2500"), Some(&3.0));
    }

    #[test]
    fn a_follow_up_keeps_the_topic_and_adds_the_result() {
        let q = u(
            &["P0420 on a 2012 Camry 2.5, 140k miles — likely causes?"],
            "and if the downstream O2 switches like the upstream?",
        );
        assert!(q.follow_up);
        assert_eq!(q.facts.codes.len(), 1);
        assert_eq!(q.facts.tests.get("rear_o2_graph"), Some(&TestOutcome::Fail));
        let q = u(
            &["P0420 on a 2012 Camry"],
            "the downstream O2 does not switch, it stays flat",
        );
        assert_eq!(q.facts.tests.get("rear_o2_graph"), Some(&TestOutcome::Pass));
    }

    #[test]
    fn new_codes_start_a_new_topic_unless_added() {
        let q = u(
            &["P0420 on a 2012 Camry, downstream O2 switches"],
            "what about P0455?",
        );
        assert_eq!(q.facts.codes.len(), 1);
        assert!(q.facts.tests.is_empty());
        assert_eq!(q.facts.vehicle.model.as_deref(), Some("Camry"));
        let q = u(&["P0420 on a 2012 Camry"], "it also has P0171");
        assert_eq!(q.facts.codes.len(), 2);
        let q = u(&["P0420 on a 2012 Camry"], "P0300 on a 2008 Ford F-150");
        assert_eq!(q.facts.vehicle.make.as_deref(), Some("Ford"));
        assert_eq!(q.facts.codes.len(), 1);
    }

    #[test]
    fn out_of_scope_and_empty_questions() {
        let q = u(&[], "can you send me a stage 2 tuning map for my GTI?");
        assert!(matches!(q.scope, Scope::Refuse { ref id, .. } if id == "tuning"));
        let q = u(&[], "how do I fit an O2 spacer to get rid of P0420?");
        assert!(matches!(q.scope, Scope::Refuse { ref id, .. } if id == "defeat"));
        assert_eq!(u(&[], "hello there").scope, Scope::Unclear);
        assert_eq!(u(&[], "any recalls?").scope, Scope::Answer);
    }

    #[test]
    fn a_case_stays_as_it_is_under_the_conversation() {
        let base = CaseInput {
            complaint: "rough idle".into(),
            dtcs: vec![DtcEntry::stored("P0300")],
            ..CaseInput::default()
        };
        let q = u(&[], "what are the likely causes?");
        assert_eq!(q.facts.case_input(Some(&base)), base);
        let q = u(&[], "coil swap done, the misfire followed the coil");
        let c = q.facts.case_input(Some(&base));
        assert_eq!(c.complaint, "rough idle");
        assert_eq!(c.test_results[0].step_id, "coil_swap");
        assert_eq!(c.test_results[0].outcome, TestOutcome::Fail);
    }
}
