//! The assistant's word tables (`assets/assistant/language.json`, compiled
//! in): makes and models, what it refuses, the words that ask for recalls,
//! known issues or the shop's cases, the words that report a plan step's
//! result, and which NHTSA components fit a cause's system.
//!
//! Phrases are compiled with the diagnosis knowledge's vocabulary, so a
//! question is read with the same contractions, negations and word splitting
//! as a complaint.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use shopbench_diagnosis::{Knowledge, Pattern, TestOutcome};

use crate::AssistantError;

/// The tables as shipped.
pub(crate) const LANGUAGE_JSON: &str = include_str!("../../../assets/assistant/language.json");

#[derive(Deserialize)]
struct LanguageFile {
    makes: Vec<MakeDef>,
    scope: Vec<ScopeDef>,
    unclear: ScopeDef,
    unrecognised: ScopeDef,
    asks: AsksDef,
    test_results: Vec<TestWordsDef>,
    systems: BTreeMap<String, SystemDef>,
    engine_words: Vec<String>,
}

#[derive(Deserialize)]
struct MakeDef {
    make: String,
    aliases: Vec<String>,
    models: Vec<String>,
}

#[derive(Deserialize)]
struct ScopeDef {
    id: String,
    title: String,
    #[serde(default)]
    phrases: Vec<String>,
    answer: String,
}

#[derive(Deserialize)]
struct AsksDef {
    recalls: Vec<String>,
    known_issues: Vec<String>,
    cases: Vec<String>,
    addition: Vec<String>,
}

#[derive(Deserialize)]
struct TestWordsDef {
    test: String,
    fail: Vec<String>,
    pass: Vec<String>,
}

/// NHTSA component prefixes and Transport Canada system words for one cause system.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct SystemDef {
    pub nhtsa: Vec<String>,
    pub tc: Vec<String>,
}

/// A model as written, its pattern, and whether it is only a number ("300").
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub name: String,
    pub pattern: Pattern,
    pub numeric: bool,
}

/// A make: its name, the words that name it, its models.
#[derive(Debug, Clone)]
pub(crate) struct Make {
    pub name: String,
    pub aliases: Vec<Pattern>,
    pub models: Vec<Model>,
}

/// A row of the scope table: what is refused, and the answer given.
#[derive(Debug, Clone)]
pub(crate) struct ScopeRow {
    pub id: String,
    pub title: String,
    pub answer: String,
    pub phrases: Vec<Pattern>,
}

/// A phrase reporting a result, with its number of words (the longer
/// phrase wins where a pass and a fail phrase both match).
pub(crate) type ResultPhrase = (Pattern, usize);

/// The words that report one test's result.
#[derive(Debug, Clone)]
pub(crate) struct TestWords {
    pub test: String,
    pub phrases: Vec<(TestOutcome, ResultPhrase)>,
}

/// The compiled tables.
#[derive(Debug, Clone)]
pub(crate) struct Language {
    pub makes: Vec<Make>,
    pub scope: Vec<ScopeRow>,
    pub unclear: ScopeRow,
    pub unrecognised: ScopeRow,
    pub recalls: Vec<Pattern>,
    pub known_issues: Vec<Pattern>,
    pub cases: Vec<Pattern>,
    pub addition: Vec<Pattern>,
    pub tests: Vec<TestWords>,
    pub systems: BTreeMap<String, SystemDef>,
    pub engine_words: Vec<(String, Pattern)>,
}

fn compile(kb: &Knowledge, phrases: &[String]) -> Vec<Pattern> {
    phrases.iter().map(|p| kb.pattern(p)).collect()
}

fn scope_row(kb: &Knowledge, d: ScopeDef) -> ScopeRow {
    ScopeRow {
        phrases: compile(kb, &d.phrases),
        id: d.id,
        title: d.title,
        answer: d.answer,
    }
}

fn words_in(phrase: &str) -> usize {
    phrase
        .split_whitespace()
        .filter(|w| *w != "…" && *w != "...")
        .count()
}

fn test_words(kb: &Knowledge, d: TestWordsDef) -> TestWords {
    let side = |o: TestOutcome, list: &[String]| {
        list.iter()
            .map(move |p| (o, (kb.pattern(p), words_in(p))))
            .collect::<Vec<_>>()
    };
    let mut phrases = side(TestOutcome::Fail, &d.fail);
    phrases.extend(side(TestOutcome::Pass, &d.pass));
    TestWords {
        test: d.test,
        phrases,
    }
}

fn make(kb: &Knowledge, d: MakeDef) -> Make {
    Make {
        aliases: compile(kb, &d.aliases),
        models: d
            .models
            .into_iter()
            .map(|m| Model {
                pattern: kb.pattern(&m),
                numeric: m.chars().all(|c| c.is_ascii_digit()),
                name: m,
            })
            .collect(),
        name: d.make,
    }
}

impl Language {
    /// Parses and compiles the tables, checking them against the knowledge:
    /// every test id exists, every cause system has a components row, scope
    /// ids are unique.
    pub fn load(kb: &Knowledge, json: &str) -> Result<Language, AssistantError> {
        let f: LanguageFile = serde_json::from_str(json)?;
        check(kb, &f)?;
        Ok(Language {
            makes: f.makes.into_iter().map(|m| make(kb, m)).collect(),
            scope: f.scope.into_iter().map(|s| scope_row(kb, s)).collect(),
            unclear: scope_row(kb, f.unclear),
            unrecognised: scope_row(kb, f.unrecognised),
            recalls: compile(kb, &f.asks.recalls),
            known_issues: compile(kb, &f.asks.known_issues),
            cases: compile(kb, &f.asks.cases),
            addition: compile(kb, &f.asks.addition),
            tests: f
                .test_results
                .into_iter()
                .map(|t| test_words(kb, t))
                .collect(),
            systems: f.systems,
            engine_words: f
                .engine_words
                .into_iter()
                .map(|w| (w.to_uppercase(), kb.pattern(&w)))
                .collect(),
        })
    }

    /// The scope row with this id (the unclear row included).
    pub fn scope_row(&self, id: &str) -> Option<&ScopeRow> {
        self.scope
            .iter()
            .chain([&self.unclear, &self.unrecognised])
            .find(|r| r.id == id)
    }
}

fn check(kb: &Knowledge, f: &LanguageFile) -> Result<(), AssistantError> {
    let bad = |m: String| Err(AssistantError::Inconsistent(m));
    for t in &f.test_results {
        if kb.test(&t.test).is_none() {
            return bad(format!(
                "test_results names '{}', which is not a test of the diagnosis knowledge",
                t.test
            ));
        }
    }
    for c in kb.causes() {
        if !f.systems.contains_key(&c.system) {
            return bad(format!(
                "systems has no row for '{}' (cause {})",
                c.system, c.id
            ));
        }
    }
    let mut ids = BTreeSet::new();
    for s in f.scope.iter().chain([&f.unclear, &f.unrecognised]) {
        if !ids.insert(&s.id) {
            return bad(format!("scope id '{}' is used twice", s.id));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_tables_load_and_fit_the_knowledge() {
        let l = Language::load(Knowledge::embedded(), LANGUAGE_JSON).unwrap();
        assert!(l.makes.len() >= 30);
        assert!(l.scope.iter().any(|s| s.id == "tuning"));
        assert!(l.scope_row("unclear").is_some());
        assert!(l.tests.iter().any(|t| t.test == "rear_o2_graph"));
    }

    #[test]
    fn a_table_naming_an_unknown_test_is_refused() {
        let json = LANGUAGE_JSON.replacen("\"rear_o2_graph\"", "\"no_such_test\"", 1);
        let e = Language::load(Knowledge::embedded(), &json).unwrap_err();
        assert!(e.to_string().contains("no_such_test"), "{e}");
    }
}
