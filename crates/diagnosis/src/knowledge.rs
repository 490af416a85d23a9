//! The curated knowledge base: causes, code links, rules and tests.
//!
//! Loaded from the JSON files in `assets/knowledge/` (compiled into the
//! binary), validated once: every cause a link, rule or test names must
//! exist, every likelihood ratio must be positive, every prior in (0, 1).

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use shopbench_core::Dtc;

use crate::input::SymptomTag;
use crate::words::{Phrase, Vocabulary, WordsDef};

use crate::DiagnosisError;

static CAUSES_JSON: &str = include_str!("../../../assets/knowledge/causes.json");
static CODES_JSON: &str = include_str!("../../../assets/knowledge/codes.json");
static RULES_JSON: &str = include_str!("../../../assets/knowledge/rules.json");
static TESTS_JSON: &str = include_str!("../../../assets/knowledge/tests.json");

/// One root cause the engine can name.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CauseDef {
    /// Stable id, e.g. `vacuum_leak`.
    pub id: String,
    /// What to tell the technician.
    pub name: String,
    /// Vehicle system, e.g. `air_fuel`.
    pub system: String,
    /// Share of cars at a general shop with this fault (before any evidence).
    pub prior: f64,
    /// Parts band in cents of the knowledge's currency.
    pub parts_cents: [u64; 2],
    /// Labor band in hours.
    pub labor_hours: [f64; 2],
    /// OBDex cause ids that mean this cause.
    #[serde(default)]
    pub obdex_ids: Vec<String>,
}

/// A cause and a likelihood ratio.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Link {
    pub cause: String,
    pub lr: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct CodeDef {
    pub code: String,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct FamilyDef {
    pub id: String,
    pub from_code: String,
    pub to_code: String,
    pub name: String,
    pub links: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ComboRule {
    pub id: String,
    #[serde(default)]
    pub all_of: Vec<String>,
    #[serde(default)]
    pub any_of: Vec<String>,
    #[serde(default)]
    pub any2_of: Vec<String>,
    #[serde(default)]
    pub none_of: Vec<String>,
    #[serde(default)]
    pub max_of: Vec<String>,
    pub max_count: Option<usize>,
    pub min_count: Option<usize>,
    pub min_total: Option<usize>,
    pub requires: Option<String>,
    pub note: String,
    pub effects: Vec<(String, f64)>,
}

/// Comparison in a reading condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Op {
    Gt,
    Lt,
    Ge,
    Le,
}

impl Op {
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Op::Gt => value > threshold,
            Op::Lt => value < threshold,
            Op::Ge => value >= threshold,
            Op::Le => value <= threshold,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Op::Gt => ">",
            Op::Lt => "<",
            Op::Ge => "≥",
            Op::Le => "≤",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ReadingRule {
    pub id: String,
    pub all: Vec<(String, Op, f64)>,
    pub note: String,
    pub effects: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct MileageBand {
    pub cause: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub lr: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct MakePattern {
    pub id: String,
    pub make: Vec<String>,
    #[serde(default)]
    pub model: Vec<String>,
    #[serde(default)]
    pub engine: Vec<String>,
    pub years: Option<[u16; 2]>,
    #[serde(default)]
    pub any_codes: Vec<String>,
    #[serde(default)]
    pub any_tags: Vec<SymptomTag>,
    pub note: String,
    pub effects: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct FindingRule {
    pub id: String,
    pub keywords: Vec<String>,
    pub effects: Vec<(String, f64)>,
    /// The keywords compiled (filled on load).
    #[serde(skip)]
    pub compiled: Vec<Phrase>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct SymptomDef {
    pub tag: SymptomTag,
    /// Phrases in the shop's words (syntax: see `words.rs`).
    pub phrases: Vec<String>,
    pub unexplained_lr: f64,
    pub links: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct AskDef {
    #[allow(dead_code)] // kept for the JSON's readability and future references
    pub id: String,
    pub needs_any: Vec<String>,
    pub when_codes: Vec<String>,
    pub when_tags: Vec<SymptomTag>,
    pub text: String,
}

/// What one test does to one cause.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TestTarget {
    /// The cause.
    pub cause: String,
    /// Likelihood ratio when the test finds a fault.
    pub fail_lr: f64,
    /// Likelihood ratio when the test reads normal.
    pub pass_lr: f64,
}

/// A diagnostic test a technician can do.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TestDef {
    /// Stable id, used as the plan step id.
    pub id: String,
    /// Short name.
    pub name: String,
    /// Tools needed.
    pub tool: String,
    /// How to do it.
    pub procedure: String,
    /// The normal result (seeing it is a pass).
    pub expected: String,
    /// Typical minutes.
    pub minutes: f64,
    /// Causes it confirms or rules out.
    pub targets: Vec<TestTarget>,
    /// Its name for a case that names the misfiring cylinders, when naming
    /// them helps (`Swap cylinder 3's coil …`); none: the name serves all.
    #[serde(default)]
    pub cylinder_name: Option<CylinderName>,
}

/// A test's name naming the misfiring cylinders: `{}` holds the cylinder
/// number (`one`), or all but the last and the last (`several`: `2` and
/// `5`, `1, 4` and `6`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CylinderName {
    /// For one cylinder, with one `{}`.
    pub one: String,
    /// For two or more, with two `{}`.
    pub several: String,
}

#[derive(Deserialize)]
struct CausesFile {
    sources: Vec<String>,
    currency: String,
    causes: Vec<CauseDef>,
}

#[derive(Deserialize)]
struct CodesFile {
    codes: Vec<CodeDef>,
    families: Vec<FamilyDef>,
}

#[derive(Deserialize)]
struct RulesFile {
    combos: Vec<ComboRule>,
    readings: Vec<ReadingRule>,
    mileage: Vec<MileageBand>,
    makes: Vec<MakePattern>,
    findings: Vec<FindingRule>,
    symptoms: Vec<SymptomDef>,
    words: WordsDef,
    ask: Vec<AskDef>,
}

#[derive(Deserialize)]
struct TestsFile {
    tests: Vec<TestDef>,
}

/// A family of codes (SAE J2012 range) and the causes it points to.
#[derive(Debug, Clone)]
pub(crate) struct Family {
    pub id: String,
    pub name: String,
    pub from: Dtc,
    pub to: Dtc,
    pub links: Vec<(String, f64)>,
}

/// Counts of what the knowledge holds, for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    /// Root causes.
    pub causes: usize,
    /// Curated codes.
    pub curated_codes: usize,
    /// Of those, generic powertrain codes (P0xxx / P2xxx).
    pub curated_p_codes: usize,
    /// Code families (fallback ranges).
    pub families: usize,
    /// Code-combination rules.
    pub combination_rules: usize,
    /// Reading conditions.
    pub reading_rules: usize,
    /// Make-specific patterns.
    pub make_patterns: usize,
    /// Symptom tags with knowledge.
    pub symptoms: usize,
    /// Finding keyword rules.
    pub finding_rules: usize,
    /// Diagnostic tests.
    pub tests: usize,
}

/// The loaded, validated knowledge base.
#[derive(Debug, Clone)]
pub struct Knowledge {
    pub(crate) sources: Vec<String>,
    pub(crate) currency: String,
    pub(crate) causes: Vec<CauseDef>,
    pub(crate) cause_index: HashMap<String, usize>,
    pub(crate) codes: BTreeMap<Dtc, Vec<Link>>,
    pub(crate) families: Vec<Family>,
    pub(crate) combos: Vec<ComboRule>,
    pub(crate) readings: Vec<ReadingRule>,
    pub(crate) mileage: Vec<MileageBand>,
    pub(crate) makes: Vec<MakePattern>,
    pub(crate) findings: Vec<FindingRule>,
    pub(crate) symptoms: Vec<SymptomDef>,
    pub(crate) vocabulary: Vocabulary,
    pub(crate) ask: Vec<AskDef>,
    pub(crate) tests: Vec<TestDef>,
    pub(crate) test_index: HashMap<String, usize>,
    pub(crate) obdex_alias: HashMap<String, usize>,
}

impl Knowledge {
    /// The knowledge compiled into the binary, parsed and validated on first use.
    ///
    /// # Panics
    /// Only if the embedded files are broken, which the crate's tests rule out.
    pub fn embedded() -> &'static Knowledge {
        static KB: OnceLock<Knowledge> = OnceLock::new();
        KB.get_or_init(|| {
            Knowledge::from_json(CAUSES_JSON, CODES_JSON, RULES_JSON, TESTS_JSON)
                .expect("embedded knowledge is validated by the crate's tests")
        })
    }

    /// Parses and validates the four knowledge files.
    pub fn from_json(
        causes: &str,
        codes: &str,
        rules: &str,
        tests: &str,
    ) -> Result<Knowledge, DiagnosisError> {
        let cf: CausesFile = parse_file(causes, "causes.json")?;
        let kf: CodesFile = parse_file(codes, "codes.json")?;
        let rf: RulesFile = parse_file(rules, "rules.json")?;
        let tf: TestsFile = parse_file(tests, "tests.json")?;
        let (cause_index, obdex_alias) = index_causes(&cf.causes)?;
        let codes = curated_codes(kf.codes, &cause_index)?;
        let families = code_families(kf.families, &cause_index)?;
        check_rules(&rf, &cause_index)?;
        let test_index = index_tests(&tf.tests, &cause_index)?;
        let vocabulary = compile_vocabulary(&rf);
        let mut findings = rf.findings;
        for f in &mut findings {
            f.compiled = f.keywords.iter().map(|k| vocabulary.keyword(k)).collect();
        }
        Ok(Knowledge {
            sources: cf.sources,
            currency: cf.currency,
            causes: cf.causes,
            cause_index,
            codes,
            families,
            combos: rf.combos,
            readings: rf.readings,
            mileage: rf.mileage,
            makes: rf.makes,
            findings,
            symptoms: rf.symptoms,
            vocabulary,
            ask: rf.ask,
            tests: tf.tests,
            test_index,
            obdex_alias,
        })
    }

    /// The sources the knowledge cites.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Currency of the parts bands (ISO code).
    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// All curated root causes.
    pub fn causes(&self) -> &[CauseDef] {
        &self.causes
    }

    /// One cause by id.
    pub fn cause(&self, id: &str) -> Option<&CauseDef> {
        self.cause_index.get(id).map(|&i| &self.causes[i])
    }

    /// All diagnostic tests.
    pub fn tests(&self) -> &[TestDef] {
        &self.tests
    }

    /// One test by id.
    pub fn test(&self, id: &str) -> Option<&TestDef> {
        self.test_index.get(id).map(|&i| &self.tests[i])
    }

    /// Whether the curated layer has its own links for this code.
    pub fn is_curated(&self, code: Dtc) -> bool {
        self.codes.contains_key(&code)
    }

    /// The curated cause an OBDex cause id maps to, if any.
    pub fn alias_of_obdex(&self, obdex_id: &str) -> Option<&CauseDef> {
        self.obdex_alias.get(obdex_id).map(|&i| &self.causes[i])
    }

    /// How a text is understood: the symptom tags its words name, those it
    /// negates and the readings written in it, each with the words (see
    /// `words` in `assets/knowledge/rules.json`).
    pub fn read_words(&self, text: &str) -> crate::words::WordsFound {
        self.vocabulary.found(text)
    }

    /// What a rule says, by the id evidence names it with: a code
    /// combination's, reading condition's or make pattern's note, a finding
    /// rule's keywords, or the mileage bands (`mileage`). `None` for an id no
    /// rule has.
    pub fn rule(&self, id: &str) -> Option<String> {
        if id == "mileage" {
            return Some(
                "mileage bands: wear-out causes become more or less likely with the odometer"
                    .into(),
            );
        }
        let notes = self.combos.iter().map(|r| (&r.id, &r.note));
        let mut notes = notes
            .chain(self.readings.iter().map(|r| (&r.id, &r.note)))
            .chain(self.makes.iter().map(|r| (&r.id, &r.note)));
        notes
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .or_else(|| {
                self.findings
                    .iter()
                    .find(|f| f.id == id)
                    .map(|f| format!("the technician's words mention {}", f.keywords.join(", ")))
            })
    }

    /// Compiles a phrase in the knowledge's syntax with its contractions
    /// (see [`Pattern`](crate::Pattern)).
    pub fn pattern(&self, phrase: &str) -> crate::words::Pattern {
        self.vocabulary.pattern(phrase)
    }

    /// Splits a text into words as the engine reads a complaint, to find
    /// [`Pattern`](crate::Pattern)s in.
    pub fn words(&self, text: &str) -> crate::words::Words<'_> {
        self.vocabulary.words(text)
    }

    /// What the knowledge covers.
    pub fn coverage(&self) -> Coverage {
        Coverage {
            causes: self.causes.len(),
            curated_codes: self.codes.len(),
            curated_p_codes: self
                .codes
                .keys()
                .filter(|d| {
                    let s = d.to_string();
                    s.starts_with("P0") || s.starts_with("P2")
                })
                .count(),
            families: self.families.len(),
            combination_rules: self.combos.len(),
            reading_rules: self.readings.len(),
            make_patterns: self.makes.len(),
            symptoms: self.symptoms.len(),
            finding_rules: self.findings.len(),
            tests: self.tests.len(),
        }
    }
}

/// Positions in a list of causes or tests, by id.
type IdIndex = HashMap<String, usize>;

/// Parses one knowledge file, naming the file in the error.
fn parse_file<T: DeserializeOwned>(text: &str, file: &'static str) -> Result<T, DiagnosisError> {
    serde_json::from_str(text).map_err(|source| DiagnosisError::KnowledgeParse { file, source })
}

/// Indexes the causes by id and by the OBDex ids that mean them, so links
/// can be checked and resolved; refuses a prior outside (0, 1) and a cause
/// defined twice.
fn index_causes(causes: &[CauseDef]) -> Result<(IdIndex, IdIndex), DiagnosisError> {
    let mut cause_index = HashMap::new();
    let mut obdex_alias = HashMap::new();
    for (i, c) in causes.iter().enumerate() {
        if !(c.prior > 0.0 && c.prior < 1.0) {
            return Err(DiagnosisError::KnowledgeInvalid(format!(
                "cause {} has prior {} outside (0, 1)",
                c.id, c.prior
            )));
        }
        if cause_index.insert(c.id.clone(), i).is_some() {
            return Err(DiagnosisError::KnowledgeInvalid(format!(
                "cause {} is defined twice",
                c.id
            )));
        }
        for o in &c.obdex_ids {
            obdex_alias.insert(o.clone(), i);
        }
    }
    Ok((cause_index, obdex_alias))
}

/// Checks one link of `what` (a code, rule or test): the cause must exist
/// and the likelihood ratio be finite and positive.
fn check_link(
    cause_index: &IdIndex,
    what: &str,
    cause: &str,
    lr: f64,
) -> Result<(), DiagnosisError> {
    if !cause_index.contains_key(cause) {
        return Err(DiagnosisError::KnowledgeInvalid(format!(
            "{what} names unknown cause {cause}"
        )));
    }
    if !(lr.is_finite() && lr > 0.0) {
        return Err(DiagnosisError::KnowledgeInvalid(format!(
            "{what} gives {cause} the likelihood ratio {lr}"
        )));
    }
    Ok(())
}

/// Checks every `(cause, lr)` pair of `what`, in order ([`check_link`]).
fn check_links(
    cause_index: &IdIndex,
    what: &str,
    links: &[(String, f64)],
) -> Result<(), DiagnosisError> {
    for (c, lr) in links {
        check_link(cause_index, what, c, *lr)?;
    }
    Ok(())
}

/// Parses a code the knowledge names; the error says where (`what`).
fn parse_code(what: &str, s: &str) -> Result<Dtc, DiagnosisError> {
    s.parse::<Dtc>().map_err(|e| {
        DiagnosisError::KnowledgeInvalid(format!("{what}: {s} is not a valid code ({e})"))
    })
}

/// The curated codes by code, their links checked; refuses a code curated twice.
fn curated_codes(
    codes: Vec<CodeDef>,
    cause_index: &IdIndex,
) -> Result<BTreeMap<Dtc, Vec<Link>>, DiagnosisError> {
    let mut out = BTreeMap::new();
    for c in codes {
        let dtc = parse_code("codes.json", &c.code)?;
        for l in &c.links {
            check_link(cause_index, &c.code, &l.cause, l.lr)?;
        }
        if out.insert(dtc, c.links).is_some() {
            return Err(DiagnosisError::KnowledgeInvalid(format!(
                "code {} is curated twice",
                c.code
            )));
        }
    }
    Ok(out)
}

/// The code families with their ranges parsed and links checked.
fn code_families(
    families: Vec<FamilyDef>,
    cause_index: &IdIndex,
) -> Result<Vec<Family>, DiagnosisError> {
    let mut out = Vec::new();
    for f in families {
        check_links(cause_index, &f.id, &f.links)?;
        out.push(Family {
            from: parse_code(&f.id, &f.from_code)?,
            to: parse_code(&f.id, &f.to_code)?,
            id: f.id,
            name: f.name,
            links: f.links,
        });
    }
    Ok(out)
}

/// Checks the rules file: every combination, reading, mileage, make,
/// finding and symptom link, and the codes the combinations name.
fn check_rules(rf: &RulesFile, cause_index: &IdIndex) -> Result<(), DiagnosisError> {
    for r in &rf.combos {
        check_links(cause_index, &r.id, &r.effects)?;
        for code in r
            .all_of
            .iter()
            .chain(&r.any_of)
            .chain(&r.any2_of)
            .chain(&r.none_of)
            .chain(&r.max_of)
        {
            parse_code(&r.id, code)?;
        }
    }
    for r in &rf.readings {
        check_links(cause_index, &r.id, &r.effects)?;
    }
    for m in &rf.mileage {
        check_link(cause_index, "mileage band", &m.cause, m.lr)?;
    }
    for m in &rf.makes {
        check_links(cause_index, &m.id, &m.effects)?;
    }
    for f in &rf.findings {
        check_links(cause_index, &f.id, &f.effects)?;
    }
    for s in &rf.symptoms {
        check_links(cause_index, s.tag.as_str(), &s.links)?;
    }
    Ok(())
}

/// Indexes the tests by id, their targets checked; refuses a test that takes
/// no time, a cylinder name without its holes and a test defined twice.
fn index_tests(tests: &[TestDef], cause_index: &IdIndex) -> Result<IdIndex, DiagnosisError> {
    let mut test_index = HashMap::new();
    for (i, t) in tests.iter().enumerate() {
        if t.minutes <= 0.0 {
            return Err(DiagnosisError::KnowledgeInvalid(format!(
                "test {} takes {} minutes",
                t.id, t.minutes
            )));
        }
        for tg in &t.targets {
            check_link(cause_index, &t.id, &tg.cause, tg.fail_lr)?;
            check_link(cause_index, &t.id, &tg.cause, tg.pass_lr)?;
        }
        check_cylinder_name(t)?;
        if test_index.insert(t.id.clone(), i).is_some() {
            return Err(DiagnosisError::KnowledgeInvalid(format!(
                "test {} is defined twice",
                t.id
            )));
        }
    }
    Ok(test_index)
}

/// Refuses a cylinder name without its holes: one `{}` for one cylinder,
/// two for several.
fn check_cylinder_name(t: &TestDef) -> Result<(), DiagnosisError> {
    let Some(n) = &t.cylinder_name else {
        return Ok(());
    };
    if n.one.matches("{}").count() != 1 || n.several.matches("{}").count() != 2 {
        return Err(DiagnosisError::KnowledgeInvalid(format!(
            "test {}'s cylinder name needs one {{}} for one cylinder and two for several",
            t.id
        )));
    }
    Ok(())
}

/// Compiles the shop's words and every symptom's phrases into one vocabulary.
fn compile_vocabulary(rf: &RulesFile) -> Vocabulary {
    let tag_phrases: Vec<(SymptomTag, Vec<String>)> = rf
        .symptoms
        .iter()
        .map(|s| (s.tag, s.phrases.clone()))
        .collect();
    Vocabulary::compile(&rf.words, &tag_phrases)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_knowledge_loads_and_covers_the_common_codes() {
        let kb = Knowledge::embedded();
        let cov = kb.coverage();
        assert!(cov.curated_p_codes >= 150, "{cov:?}");
        for c in [
            "P0171", "P0174", "P0300", "P0301", "P0308", "P0420", "P0430", "P0128", "P0442",
            "P0455", "P0401", "P0101", "P0113", "P0121", "P0325", "P0335", "P0340", "P0011",
            "P0016", "P0087", "P0201", "P0505", "P0507", "P0500", "P0700", "P0750", "P0135",
            "P0141",
        ] {
            assert!(kb.is_curated(c.parse().unwrap()), "{c} not curated");
        }
        // every symptom tag the issue names has knowledge
        for t in [
            SymptomTag::NoStart,
            SymptomTag::CrankNoStart,
            SymptomTag::RoughIdle,
            SymptomTag::Overheating,
            SymptomTag::BatteryDrain,
            SymptomTag::BrakeNoise,
            SymptomTag::BrakePull,
            SymptomTag::Hesitation,
            SymptomTag::CheckEngineLightOnly,
        ] {
            assert!(kb.symptoms.iter().any(|s| s.tag == t), "{t}");
        }
    }

    #[test]
    fn every_cause_can_be_tested_or_is_a_fallback() {
        let kb = Knowledge::embedded();
        for c in kb.causes() {
            let tested = kb.tests.iter().any(|t| {
                t.targets
                    .iter()
                    .any(|g| g.cause == c.id && g.fail_lr >= 3.0)
            });
            assert!(tested, "no test confirms {}", c.id);
        }
    }

    #[test]
    fn a_rule_naming_an_unknown_cause_is_rejected() {
        let codes = CODES_JSON.replacen("\"vacuum_leak\"", "\"no_such_cause\"", 1);
        let err = Knowledge::from_json(CAUSES_JSON, &codes, RULES_JSON, TESTS_JSON).unwrap_err();
        assert!(err.to_string().contains("no_such_cause"), "{err}");
    }

    #[test]
    fn rules_are_found_by_the_id_evidence_gives_them() {
        let kb = Knowledge::embedded();
        assert!(kb.rule("ltft_high").unwrap().contains("lean"));
        assert!(kb.rule("lean_both_banks").is_some());
        assert!(kb.rule("hiss").unwrap().contains("hiss"));
        assert!(kb.rule("mileage").is_some());
        assert_eq!(kb.rule("no_such_rule"), None);
    }

    #[test]
    fn a_bad_prior_is_rejected() {
        let causes = CAUSES_JSON.replacen("\"prior\": 0.035", "\"prior\": 1.5", 1);
        assert_ne!(causes, CAUSES_JSON);
        assert!(Knowledge::from_json(&causes, CODES_JSON, RULES_JSON, TESTS_JSON).is_err());
    }

    #[test]
    fn a_cylinder_name_without_its_holes_is_refused() {
        let kb = Knowledge::embedded();
        let mut t = kb.test("coil_swap").unwrap().clone();
        assert!(check_cylinder_name(&t).is_ok());
        let good = t.cylinder_name.clone().unwrap();
        let without = |s: &str| s.replacen("{}", "", 1);
        let twice = |s: &str| format!("{s} {{}}");
        for (one, several) in [
            (without(&good.one), good.several.clone()),
            (twice(&good.one), good.several.clone()),
            (good.one.clone(), without(&good.several)),
            (good.one.clone(), twice(&good.several)),
            (good.one.clone(), good.several.replace("{}", "")),
        ] {
            t.cylinder_name = Some(CylinderName { one, several });
            let err = check_cylinder_name(&t).unwrap_err().to_string();
            assert!(err.contains("coil_swap's cylinder name"), "{err}");
        }
        // And when the knowledge is loaded.
        let tests = TESTS_JSON.replacen("cylinder {}'s", "cylinder 's", 1);
        assert_ne!(tests, TESTS_JSON);
        let err = Knowledge::from_json(CAUSES_JSON, CODES_JSON, RULES_JSON, &tests).unwrap_err();
        assert!(err.to_string().contains("'s cylinder name needs"), "{err}");
    }
}
