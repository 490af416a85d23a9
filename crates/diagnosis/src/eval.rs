//! Evaluation against labelled cases, and the baseline the engine must beat.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use shopbench_core::{Dtc, DtcCatalog, Likelihood};

use crate::engine::{diagnose, ENGINE_VERSION};
use crate::input::CaseInput;
use crate::knowledge::Knowledge;
use crate::DiagnosisError;

/// A case whose root cause a shop confirmed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelledCase {
    /// Case id, e.g. `lean-01`.
    pub id: String,
    /// What the engine is told.
    pub case: CaseInput,
    /// The cause id (from the knowledge) that the repair confirmed.
    pub confirmed_cause: String,
    /// Free notes (what fixed it).
    #[serde(default)]
    pub note: String,
}

/// Reads one labelled case per line; blank lines are skipped.
pub fn parse_cases_jsonl(text: &str) -> Result<Vec<LabelledCase>, DiagnosisError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|source| DiagnosisError::CaseParse {
                line: i + 1,
                source,
            })
        })
        .collect()
}

/// Ranking quality.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RankScores {
    /// Share of cases whose confirmed cause ranked first.
    pub top1: f64,
    /// Share ranked in the first three.
    pub top3: f64,
    /// Mean reciprocal rank (0 when not ranked at all).
    pub mrr: f64,
}

/// One row of the calibration table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CalibrationBin {
    /// Lower edge of stated confidence (inclusive).
    pub from: f64,
    /// Upper edge (exclusive, except the last bin).
    pub to: f64,
    /// Cases whose confidence fell here.
    pub cases: usize,
    /// Their mean stated confidence.
    pub mean_confidence: f64,
    /// Share of them whose top cause was right.
    pub accuracy: f64,
}

/// How one case went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseOutcome {
    /// Case id.
    pub id: String,
    /// The confirmed cause.
    pub confirmed_cause: String,
    /// The engine's top cause.
    pub engine_top: Option<String>,
    /// 1-based rank of the confirmed cause in the engine's list.
    pub engine_rank: Option<usize>,
    /// 1-based rank in the baseline's list.
    pub baseline_rank: Option<usize>,
    /// The engine's stated confidence.
    pub confidence: f64,
    /// The engine found nothing to go on (no valid code, no recognised symptom).
    #[serde(default)]
    pub no_evidence: bool,
}

/// The evaluation's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    /// Engine version evaluated.
    pub engine_version: String,
    /// Number of cases.
    pub cases: usize,
    /// The engine's scores.
    pub engine: RankScores,
    /// The baseline's scores (OBDex likelihood labels alone).
    pub baseline: RankScores,
    /// Stated confidence vs. observed top-1 accuracy.
    pub calibration: Vec<CalibrationBin>,
    /// Per-case outcomes.
    pub outcomes: Vec<CaseOutcome>,
    /// Labels that name no cause in the knowledge (the case still counts, as a miss).
    pub unknown_labels: Vec<String>,
    /// Expected calibration error: Σ over the bins of (cases in bin / all
    /// cases) × |mean stated confidence − observed top-1 accuracy|.
    #[serde(default)]
    pub ece: f64,
}

/// The baseline ranker: sums the OBDex likelihood labels (high 3, medium 2,
/// low 1) of each code's causes, mapped onto curated ids where an alias
/// exists; ties keep first-seen order. It knows nothing of symptoms,
/// readings, combinations, mileage or makes.
pub fn baseline_rank(kb: &Knowledge, case: &CaseInput) -> Vec<String> {
    let catalog = DtcCatalog::generic();
    let mut score: Vec<(String, f64)> = Vec::new();
    for e in &case.dtcs {
        let Ok(code) = e.code.trim().parse::<Dtc>() else {
            continue;
        };
        let Some(info) = catalog.get(code) else {
            continue;
        };
        for c in &info.causes {
            let id = kb
                .alias_of_obdex(&c.id)
                .map(|d| d.id.clone())
                .unwrap_or_else(|| format!("obdex:{}", c.id));
            let w = match c.likelihood {
                Likelihood::High => 3.0,
                Likelihood::Medium => 2.0,
                Likelihood::Low => 1.0,
            };
            match score.iter_mut().find(|(i, _)| *i == id) {
                Some((_, s)) => *s += w,
                None => score.push((id, w)),
            }
        }
    }
    // stable sort keeps first-seen order among equals
    score.sort_by(|a, b| b.1.total_cmp(&a.1));
    score.into_iter().map(|(i, _)| i).collect()
}

pub(crate) fn scores(ranks: &[Option<usize>]) -> RankScores {
    let n = ranks.len().max(1) as f64;
    RankScores {
        top1: ranks.iter().filter(|r| **r == Some(1)).count() as f64 / n,
        top3: ranks.iter().filter(|r| r.is_some_and(|r| r <= 3)).count() as f64 / n,
        mrr: ranks
            .iter()
            .map(|r| r.map_or(0.0, |r| 1.0 / r as f64))
            .sum::<f64>()
            / n,
    }
}

/// Runs the engine and the baseline over labelled cases. Pure.
pub fn evaluate(kb: &Knowledge, cases: &[LabelledCase]) -> EvalReport {
    let mut outcomes = Vec::new();
    let mut unknown = Vec::new();
    for lc in cases {
        if kb.cause(&lc.confirmed_cause).is_none() {
            unknown.push(format!("{}: {}", lc.id, lc.confirmed_cause));
        }
        let d = diagnose(kb, &lc.case);
        let engine_rank = d
            .causes
            .iter()
            .position(|c| c.id == lc.confirmed_cause)
            .map(|i| i + 1);
        let baseline_rank = baseline_rank(kb, &lc.case)
            .iter()
            .position(|c| *c == lc.confirmed_cause)
            .map(|i| i + 1);
        outcomes.push(CaseOutcome {
            id: lc.id.clone(),
            confirmed_cause: lc.confirmed_cause.clone(),
            engine_top: d.causes.first().map(|c| c.id.clone()),
            engine_rank,
            baseline_rank,
            confidence: d.confidence,
            no_evidence: d
                .warnings
                .iter()
                .any(|w| w.kind == crate::WarningKind::NoEvidence),
        });
    }
    let er: Vec<Option<usize>> = outcomes.iter().map(|o| o.engine_rank).collect();
    let br: Vec<Option<usize>> = outcomes.iter().map(|o| o.baseline_rank).collect();
    let mut bins: BTreeMap<usize, (usize, f64, usize)> = BTreeMap::new();
    for o in &outcomes {
        let b = ((o.confidence * 5.0).floor() as usize).min(4);
        let e = bins.entry(b).or_insert((0, 0.0, 0));
        e.0 += 1;
        e.1 += o.confidence;
        e.2 += usize::from(o.engine_rank == Some(1));
    }
    let calibration: Vec<CalibrationBin> = (0..5)
        .map(|b| {
            let (n, sum, ok) = bins.get(&b).copied().unwrap_or((0, 0.0, 0));
            CalibrationBin {
                from: b as f64 * 0.2,
                to: (b + 1) as f64 * 0.2,
                cases: n,
                mean_confidence: if n > 0 { sum / n as f64 } else { 0.0 },
                accuracy: if n > 0 { ok as f64 / n as f64 } else { 0.0 },
            }
        })
        .collect();
    let ece = calibration
        .iter()
        .map(|b| {
            b.cases as f64 / cases.len().max(1) as f64 * (b.mean_confidence - b.accuracy).abs()
        })
        .sum();
    EvalReport {
        ece,
        engine_version: ENGINE_VERSION.to_string(),
        cases: cases.len(),
        engine: scores(&er),
        baseline: scores(&br),
        calibration,
        outcomes,
        unknown_labels: unknown,
    }
}

/// The scores as a table: a header naming the rows, then one row each.
pub(crate) fn score_table(
    f: &mut fmt::Formatter<'_>,
    rows_are: &str,
    rows: &[(&str, RankScores)],
) -> fmt::Result {
    writeln!(f, "{rows_are:<30} top-1    top-3    MRR")?;
    for (name, s) in rows {
        writeln!(
            f,
            "{name:<30} {:>5.1} %  {:>5.1} %  {:.3}",
            s.top1 * 100.0,
            s.top3 * 100.0,
            s.mrr
        )?;
    }
    Ok(())
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} — {} labelled cases", self.engine_version, self.cases)?;
        writeln!(f)?;
        score_table(
            f,
            "ranker",
            &[
                ("engine", self.engine),
                ("baseline (OBDex labels only)", self.baseline),
            ],
        )?;
        writeln!(f)?;
        writeln!(f, "calibration   cases   stated   observed top-1")?;
        for b in &self.calibration {
            if b.cases == 0 {
                writeln!(
                    f,
                    "{:.1}–{:.1}      {:>4}        –        –",
                    b.from, b.to, 0
                )?;
            } else {
                writeln!(
                    f,
                    "{:.1}–{:.1}      {:>4}   {:>5.1} %   {:>5.1} %",
                    b.from,
                    b.to,
                    b.cases,
                    b.mean_confidence * 100.0,
                    b.accuracy * 100.0
                )?;
            }
        }
        writeln!(f, "expected calibration error {:.3}", self.ece)?;
        let nothing: Vec<&str> = self
            .outcomes
            .iter()
            .filter(|o| o.no_evidence)
            .map(|o| o.id.as_str())
            .collect();
        writeln!(
            f,
            "answered \"no trouble codes and no recognised symptom\": {}",
            if nothing.is_empty() {
                "none".to_string()
            } else {
                nothing.join(", ")
            }
        )?;
        let misses: Vec<&CaseOutcome> = self
            .outcomes
            .iter()
            .filter(|o| o.engine_rank != Some(1))
            .collect();
        if !misses.is_empty() {
            writeln!(f)?;
            writeln!(f, "not ranked first ({}):", misses.len())?;
            for o in misses {
                let rank = o.engine_rank.map_or("—".to_string(), |r| r.to_string());
                writeln!(
                    f,
                    "  {:<16} want {:<24} rank {:>2}  top {}",
                    o.id,
                    o.confirmed_cause,
                    rank,
                    o.engine_top.as_deref().unwrap_or("—")
                )?;
            }
        }
        for u in &self.unknown_labels {
            writeln!(f, "warning: label names no known cause — {u}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::DtcEntry;

    fn lc(id: &str, codes: &[&str], cause: &str) -> LabelledCase {
        LabelledCase {
            id: id.into(),
            case: CaseInput {
                dtcs: codes.iter().map(|c| DtcEntry::stored(c)).collect(),
                ..Default::default()
            },
            confirmed_cause: cause.into(),
            note: String::new(),
        }
    }

    #[test]
    fn scores_count_ranks() {
        let s = scores(&[Some(1), Some(2), None, Some(4)]);
        assert_eq!(s.top1, 0.25);
        assert_eq!(s.top3, 0.5);
        assert!((s.mrr - (1.0 + 0.5 + 0.25) / 4.0).abs() < 1e-12);
    }

    #[test]
    fn baseline_uses_labels_only() {
        let kb = Knowledge::embedded();
        let r = baseline_rank(kb, &lc("x", &["P0171"], "vacuum_leak").case);
        assert_eq!(r[0], "vacuum_leak"); // high, listed first
        assert!(baseline_rank(
            kb,
            &CaseInput {
                complaint: "overheating".into(),
                ..Default::default()
            }
        )
        .is_empty());
    }

    #[test]
    fn report_prints_both_rankers_and_flags_unknown_labels() {
        let kb = Knowledge::embedded();
        let r = evaluate(
            kb,
            &[
                lc("a", &["P0303"], "ignition_coil"),
                lc("b", &["P0420"], "not_a_cause"),
            ],
        );
        assert_eq!(r.cases, 2);
        assert_eq!(r.outcomes[0].engine_rank, Some(1));
        assert_eq!(r.unknown_labels.len(), 1);
        let text = r.to_string();
        assert!(
            text.contains("baseline")
                && text.contains("calibration")
                && text.contains("not_a_cause")
        );
        assert_eq!(r.calibration.iter().map(|b| b.cases).sum::<usize>(), 2);
    }

    #[test]
    fn jsonl_errors_name_the_line() {
        let err =
            parse_cases_jsonl("\n{\"id\":\"a\",\"case\":{},\"confirmed_cause\":\"x\"}\n{oops}\n")
                .unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
    }
}
