//! Does learning from closed cases help? Replays labelled cases in order:
//! each is diagnosed once without history and once with the confirmed fixes
//! of the cases before it (never its own), as a shop closing cases one after
//! another would see.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::engine::{diagnose, diagnose_with_history, ENGINE_VERSION};
use crate::eval::{score_table, scores, LabelledCase, RankScores};
use crate::history::ConfirmedFix;
use crate::knowledge::Knowledge;

impl LabelledCase {
    /// The case as a confirmed fix (its id as the reference), or `None`
    /// without a make: a fix is only ever matched by make and codes.
    pub fn as_fix(&self) -> Option<ConfirmedFix> {
        ConfirmedFix::from_case(&self.id, &self.case, &self.confirmed_cause)
    }
}

/// The replay's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearningReport {
    /// Engine version replayed.
    pub engine_version: String,
    /// Cases replayed, in file order.
    pub cases: usize,
    /// Cases that had at least one similar earlier case to learn from.
    pub with_history: usize,
    /// Scores without any history.
    pub without: RankScores,
    /// Scores with the fixes of the earlier cases.
    pub with: RankScores,
    /// Cases whose confirmed cause ranked higher with history.
    pub helped: Vec<String>,
    /// Cases whose confirmed cause ranked lower with history.
    pub hurt: Vec<String>,
}

fn rank_of(causes: &[crate::RankedCause], cause: &str) -> Option<usize> {
    causes.iter().position(|c| c.id == cause).map(|i| i + 1)
}

/// Replays `cases` in order, without and with the earlier cases' fixes. Pure.
pub fn evaluate_learning(kb: &Knowledge, cases: &[LabelledCase]) -> LearningReport {
    let mut fixes: Vec<ConfirmedFix> = Vec::new();
    let (mut without, mut with) = (Vec::new(), Vec::new());
    let (mut helped, mut hurt, mut with_history) = (Vec::new(), Vec::new(), 0);
    for lc in cases {
        let plain = rank_of(&diagnose(kb, &lc.case).causes, &lc.confirmed_cause);
        let learned = diagnose_with_history(kb, &lc.case, &fixes);
        let used = learned
            .causes
            .iter()
            .flat_map(|c| &c.evidence_for)
            .any(|e| e.kind == crate::EvidenceKind::ShopHistory);
        with_history += usize::from(used);
        let learned = rank_of(&learned.causes, &lc.confirmed_cause);
        let key = |r: Option<usize>| r.unwrap_or(usize::MAX);
        if key(learned) < key(plain) {
            helped.push(lc.id.clone());
        } else if key(learned) > key(plain) {
            hurt.push(lc.id.clone());
        }
        without.push(plain);
        with.push(learned);
        fixes.extend(lc.as_fix());
    }
    LearningReport {
        engine_version: ENGINE_VERSION.to_string(),
        cases: cases.len(),
        with_history,
        without: scores(&without),
        with: scores(&with),
        helped,
        hurt,
    }
}

impl fmt::Display for LearningReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} — {} cases replayed in order, {} with similar earlier cases",
            self.engine_version, self.cases, self.with_history
        )?;
        writeln!(f)?;
        score_table(
            f,
            "",
            &[
                ("without history", self.without),
                ("with earlier confirmed fixes", self.with),
            ],
        )?;
        writeln!(f)?;
        let list = |v: &[String]| match v.is_empty() {
            true => "none".to_string(),
            false => v.join(", "),
        };
        writeln!(f, "ranked higher with history: {}", list(&self.helped))?;
        writeln!(f, "ranked lower with history:  {}", list(&self.hurt))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CaseInput, DtcEntry, VehicleId};

    fn case(id: &str, make: &str, codes: &[&str], cause: &str) -> LabelledCase {
        LabelledCase {
            id: id.into(),
            case: CaseInput {
                vehicle: VehicleId {
                    make: Some(make.into()),
                    ..Default::default()
                },
                dtcs: codes.iter().map(|c| DtcEntry::stored(c)).collect(),
                ..Default::default()
            },
            confirmed_cause: cause.into(),
            note: String::new(),
        }
    }

    /// A shop whose P0442 Hondas keep turning out to be a cracked EVAP hose,
    /// not the fuel cap the code ranks first: the first car learns nothing,
    /// the second moves the hose up but not past the cap (one earlier car is
    /// thin evidence), the third ranks it first.
    #[test]
    fn a_repeated_fix_moves_up_on_the_next_similar_car() {
        let kb = Knowledge::embedded();
        let cause = "evap_leak_hose";
        assert!(kb.cause(cause).is_some(), "the knowledge has {cause}");
        let cases: Vec<LabelledCase> = (1..=3)
            .map(|i| case(&format!("c{i}"), "Honda", &["P0442"], cause))
            .collect();
        let alone = rank_of(&diagnose(kb, &cases[0].case).causes, cause);
        assert_eq!(alone, Some(2), "the code alone ranks the fuel cap first");
        let report = evaluate_learning(kb, &cases);
        assert_eq!(report.with_history, 2);
        assert_eq!(report.helped, ["c3"]);
        assert!(report.hurt.is_empty());
        assert_eq!(report.without.top1, 0.0);
        assert!((report.with.top1 - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn another_make_teaches_nothing() {
        let kb = Knowledge::embedded();
        let cases = [
            case("c1", "Ford", &["P0442"], "evap_leak_hose"),
            case("c2", "Honda", &["P0442"], "evap_leak_hose"),
        ];
        let report = evaluate_learning(kb, &cases);
        assert_eq!(report.with_history, 0);
        assert_eq!(report.with, report.without);
    }
}
