//! Closing a case with what fixed the car, and sharing confirmed fixes
//! between shops — what the diagnosis learns from (issue 17, part 4).
//!
//! The technician's words are mapped to one of the knowledge's causes
//! ([`cause_for_words`]); words that map to none are kept with the case but
//! teach nothing. Every later diagnosis of a similar car (same make, a code
//! in common) counts the shop's fixes as evidence, with the case numbers.

use serde::{Deserialize, Serialize};
use shopbench_diagnosis::{ConfirmedFix, Knowledge};
pub use shopbench_store::CaseFix;
use shopbench_store::{CaseId, Store};

use crate::AppError;

/// Words that say nothing about which part failed (what was done, or where).
const GENERIC: &[&str] = &[
    "cylinder", "cyl", "bank", "front", "rear", "left", "right", "side", "upper", "lower", "and",
    "the", "for", "with", "or", "of", "a", "an", "to", "in", "on", "at", "by", "not", "failed",
    "failing", "faulty", "bad", "worn", "weak", "stuck", "open", "closed", "replaced", "replace",
    "new", "fixed", "repaired", "circuit", "sensor", "valve", "system", "low", "high",
];

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3 && !GENERIC.contains(w))
        .map(String::from)
        .collect()
}

/// The knowledge's cause the technician's words name: a cause id as typed,
/// else the cause whose name shares the most telling words with them, and
/// among those the one whose name they cover best (`coil` is more of
/// "Ignition coil (coil-on-plug)" than of "Ignition coil primary wiring /
/// connector / driver"). A tie maps to none. `replaced cylinder 2 coil` →
/// `ignition_coil`; `customer declined` → none.
pub fn cause_for_words(kb: &Knowledge, text: &str) -> Option<String> {
    let text = text.trim();
    if let Some(c) = kb.cause(text) {
        return Some(c.id.clone());
    }
    let said = words(text);
    let mut scored: Vec<((usize, f64), &str)> = kb
        .causes()
        .iter()
        .filter_map(|c| {
            let mut name = words(&c.name);
            name.sort();
            name.dedup();
            let hits = name.iter().filter(|w| said.contains(w)).count();
            let cover = hits as f64 / name.len().max(1) as f64;
            (hits > 0).then_some(((hits, cover), c.id.as_str()))
        })
        .collect();
    scored.sort_by(|a, b| b.0 .0.cmp(&a.0 .0).then(b.0 .1.total_cmp(&a.0 .1)));
    match scored.as_slice() {
        [(best, id), rest @ ..] if rest.first().is_none_or(|(next, _)| next != best) => {
            Some(id.to_string())
        }
        _ => None,
    }
}

/// The longest words or parts list a fix keeps, in characters.
pub const MAX_FIX_TEXT: usize = 500;
/// The most labor hours one fix can take.
pub const MAX_FIX_HOURS: f64 = 500.0;
/// The most a repair can cost, in cents (1,000,000.00).
pub const MAX_FIX_COST_CENTS: u64 = 100_000_000;

/// A fix as given, checked and its cause settled: `fix.cause_id` when the
/// technician picked one (it must be a cause the knowledge has), else the
/// cause the words map to, else none (kept, nothing learned). The one set of
/// limits for the CLI, the desktop and the API; each refusal names its field.
pub fn settle_fix(kb: &Knowledge, fix: &CaseFix) -> Result<CaseFix, AppError> {
    let words = fix.fixed_by.trim();
    if words.is_empty() || words.chars().count() > MAX_FIX_TEXT {
        return Err(AppError::invalid(
            "fixed_by",
            "say what fixed the car, in 1 to 500 characters",
        ));
    }
    if fix.parts.chars().count() > MAX_FIX_TEXT {
        return Err(AppError::invalid("parts", "at most 500 characters"));
    }
    if fix
        .labor_hours
        .is_some_and(|h| !(0.0..=MAX_FIX_HOURS).contains(&h))
    {
        return Err(AppError::invalid("hours", "between 0 and 500 hours"));
    }
    if fix.cost_cents.is_some_and(|c| c > MAX_FIX_COST_CENTS) {
        return Err(AppError::invalid(
            "cost",
            "more than 1,000,000 is not a repair cost",
        ));
    }
    let picked = fix
        .cause_id
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let cause_id = match picked {
        Some(c) if kb.cause(c).is_none() => {
            return Err(AppError::invalid(
                "cause",
                format!("'{c}' is not a cause the diagnosis knows (use an id a diagnosis names)"),
            ))
        }
        Some(c) => Some(c.to_string()),
        None => cause_for_words(kb, words),
    };
    Ok(CaseFix {
        fixed_by: words.to_string(),
        cause_id,
        parts: fix.parts.trim().to_string(),
        ..fix.clone()
    })
}

/// Closes case `id` with its confirmed fix, settled by [`settle_fix`] and
/// merged with an earlier close by [`close_again`]; returns the fix as stored.
pub fn close_case(store: &mut Store, id: CaseId, fix: &CaseFix) -> Result<CaseFix, AppError> {
    let fix = settle_fix(Knowledge::embedded(), fix)?;
    let fix = close_again(store.case_fix(id)?.as_ref(), fix);
    Ok(store.close_case(id, &fix)?)
}

/// A closed case closed again (a note, a correction of the cost): the new
/// words stand, and what the new close does not give is kept from the
/// earlier one — the cause it taught (words that name another cause, or a
/// cause picked, replace it), the parts, the hours and the cost. The CLI,
/// the desktop and the API close again this one way.
pub fn close_again(before: Option<&CaseFix>, fix: CaseFix) -> CaseFix {
    let Some(before) = before else {
        return fix;
    };
    CaseFix {
        cause_id: fix.cause_id.or_else(|| before.cause_id.clone()),
        parts: if fix.parts.is_empty() {
            before.parts.clone()
        } else {
            fix.parts
        },
        labor_hours: fix.labor_hours.or(before.labor_hours),
        cost_cents: fix.cost_cents.or(before.cost_cents),
        ..fix
    }
}

/// What a close teaches, in a sentence, from the fix as `given` and as
/// `stored` by [`close_case`]: "fixed by <cause> (<id>). Later diagnoses of
/// similar cars count it"; that the words name none; or, closing again in
/// words that name none, that the cause taught before is kept (it was said as
/// though the new words — "customer paid cash" — had named it).
pub fn closed_summary(given: &CaseFix, stored: &CaseFix) -> String {
    let kb = Knowledge::embedded();
    let name = |c: &str| kb.cause(c).map_or(c, |d| d.name.as_str()).to_string();
    let picked = given
        .cause_id
        .as_deref()
        .is_some_and(|c| !c.trim().is_empty());
    let named = picked || cause_for_words(kb, &given.fixed_by).is_some();
    match stored.cause_id.as_deref() {
        Some(id) if !named => format!(
            "\"{}\" names no cause; the cause it taught before is kept: {} ({id}). \
             Later diagnoses of similar cars count it",
            stored.fixed_by,
            name(id)
        ),
        Some(id) => format!(
            "fixed by {} ({id}). Later diagnoses of similar cars count it",
            name(id)
        ),
        None => format!(
            "\"{}\" names none of the causes the diagnosis knows, so nothing is learned from it",
            stored.fixed_by
        ),
    }
}

/// A repair's cost as typed (`145`, `$412.50`; blank = not given), in cents.
pub fn parse_cost(text: &str) -> Result<Option<u64>, AppError> {
    let t = text.trim().trim_start_matches('$').replace(',', "");
    if t.is_empty() {
        return Ok(None);
    }
    let c: shopbench_core::Cents = t.parse().map_err(|_| {
        AppError::invalid(
            "cost",
            format!("'{text}': give dollars and cents, e.g. 412.50"),
        )
    })?;
    u64::try_from(c.get())
        .map(Some)
        .map_err(|_| AppError::invalid("cost", format!("'{text}': a cost cannot be negative")))
}

/// Labor hours as typed (`0.5`; blank = not given).
pub fn parse_hours(text: &str) -> Result<Option<f64>, AppError> {
    let t = text.trim().replace(',', ".");
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<f64>() {
        Ok(h) if h.is_finite() && (0.0..=500.0).contains(&h) => Ok(Some(h)),
        _ => Err(AppError::invalid(
            "hours",
            format!("'{text}': give the labor hours as a number, e.g. 1.5"),
        )),
    }
}

/// A fix as the technician gives it: the words, nothing else yet.
pub fn fix_in_words(fixed_by: &str) -> CaseFix {
    CaseFix {
        fixed_by: fixed_by.to_string(),
        cause_id: None,
        parts: String::new(),
        labor_hours: None,
        cost_cents: None,
        closed_at: String::new(),
        closed_by: String::new(),
    }
}

/// Every confirmed fix the diagnosis of case `except` may learn from: the
/// shop's own closed cases (not `except` itself) and the fixes other shops
/// shared.
pub fn confirmed_fixes(
    store: &Store,
    except: Option<CaseId>,
) -> Result<Vec<ConfirmedFix>, AppError> {
    let mut fixes = store.own_fixes(except)?;
    fixes.extend(store.shared_fixes()?);
    Ok(fixes)
}

/// A file of confirmed fixes one shop gives another: the vehicles' make,
/// model and year, their codes and the cause — no customer, no VIN, no
/// mileage, no notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedFixes {
    /// Format marker, `shopbench-fixes/1`.
    pub format: String,
    /// The shop the fixes come from, as it will be cited.
    pub shop: String,
    /// The exporting database's id ([`Store::shop_identity`]); files from
    /// before it was written have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The fixes.
    pub fixes: Vec<ConfirmedFix>,
}

/// The file's format marker.
pub const SHARED_FIXES_FORMAT: &str = "shopbench-fixes/1";

/// The shop's own confirmed fixes as a file to share, under `shop`'s name.
pub fn export_fixes(store: &Store, shop: &str) -> Result<SharedFixes, AppError> {
    let shop = shop.trim();
    if shop.is_empty() {
        return Err(AppError::invalid(
            "--shop-name",
            "name the shop the fixes come from",
        ));
    }
    Ok(SharedFixes {
        format: SHARED_FIXES_FORMAT.into(),
        shop: shop.to_string(),
        origin: Some(store.shop_identity()?),
        fixes: store.own_fixes(None)?,
    })
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixesImported {
    /// The shop they came from.
    pub shop: String,
    /// New fixes kept.
    pub added: usize,
    /// Imported before and replaced by the file's version.
    pub updated: usize,
    /// Skipped, each with why: a cause the knowledge does not have, no case
    /// reference, no make, no or malformed codes, a model year out of range.
    pub skipped: Vec<String>,
}

/// Reads a shared-fixes file (JSON) and keeps its usable fixes; nothing is
/// kept when the file is not one.
pub fn import_fixes(store: &mut Store, text: &str) -> Result<FixesImported, AppError> {
    let file: SharedFixes = serde_json::from_str(text).map_err(|e| {
        AppError::invalid("fixes file", format!("not a shopbench fixes file ({e})"))
    })?;
    if file.format != SHARED_FIXES_FORMAT {
        return Err(AppError::invalid(
            "fixes file",
            format!("format '{}' is not {SHARED_FIXES_FORMAT}", file.format),
        ));
    }
    if file.origin.is_some() && file.origin == Some(store.shop_identity()?) {
        return Err(AppError::invalid(
            "fixes file",
            "these are this shop's own confirmed fixes, exported from this database: \
             importing them would count each of its cars twice",
        ));
    }
    let kb = Knowledge::embedded();
    let (mut usable, mut skipped) = (Vec::new(), Vec::new());
    for f in file.fixes {
        match unusable(kb, &f) {
            Some(why) => skipped.push(format!("{}: {why}", f.case_ref)),
            None => usable.push(f),
        }
    }
    let (added, updated) = store.import_fixes(&file.shop, &usable)?;
    Ok(FixesImported {
        shop: file.shop.trim().to_string(),
        added,
        updated,
        skipped,
    })
}

/// Why a shared fix cannot be kept, if it cannot.
fn unusable(kb: &Knowledge, f: &ConfirmedFix) -> Option<String> {
    if f.case_ref.trim().is_empty() {
        return Some("no case reference".into());
    }
    if kb.cause(&f.cause).is_none() {
        return Some(format!(
            "a cause this shopbench does not know ({})",
            f.cause
        ));
    }
    if f.make.trim().is_empty() {
        return Some("no make".into());
    }
    if f.year.is_some_and(|y| !(1886..=2200).contains(&y)) {
        return Some(format!(
            "model year {} out of range",
            f.year.unwrap_or_default()
        ));
    }
    if f.codes.is_empty() {
        return Some("no trouble codes".into());
    }
    f.codes
        .iter()
        .find(|c| c.trim().parse::<shopbench_core::Dtc>().is_err())
        .map(|c| format!("'{c}' is not a trouble code"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_and_hours_are_read_as_typed_or_refused() {
        assert_eq!(parse_cost("$1,412.50").unwrap(), Some(141_250));
        assert_eq!(parse_cost(" ").unwrap(), None);
        assert!(parse_cost("-5").is_err() && parse_cost("abc").is_err());
        assert_eq!(parse_hours("1,5").unwrap(), Some(1.5));
        assert_eq!(parse_hours("").unwrap(), None);
        assert!(parse_hours("-1").is_err() && parse_hours("lots").is_err());
    }

    #[test]
    fn the_technicians_words_map_to_one_cause_or_none() {
        let kb = Knowledge::embedded();
        let cases = [
            ("replaced cylinder 2 coil", Some("ignition_coil")),
            ("replaced cracked EVAP hose", Some("evap_leak_hose")),
            ("new catalytic converter", Some("catalyst_failed")),
            ("ignition_coil", Some("ignition_coil")),
            ("customer declined the repair", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(cause_for_words(kb, text).as_deref(), want, "{text}");
        }
    }

    fn evap_case(store: &mut Store) -> CaseId {
        store
            .create_case(&shopbench_store::NewCase {
                vehicle: crate::parse_vehicle("Honda Civic 2014").unwrap(),
                dtcs: crate::input::parse_code_lines("P0442").unwrap(),
                ..Default::default()
            })
            .unwrap()
    }

    fn close(fixed_by: &str) -> CaseFix {
        fix_in_words(fixed_by)
    }

    /// `case close 1 --fixed-by "replaced cracked intake boot"` then
    /// `case close 1 --fixed-by "again" --cost 85` silently dropped the
    /// learned cause (vacuum_leak → none): the case taught nothing any more.
    #[test]
    fn regression_closing_again_in_other_words_forgot_the_learned_cause() {
        let mut store = Store::open_in_memory().unwrap();
        let id = evap_case(&mut store);
        let first = close_case(&mut store, id, &close("replaced cracked EVAP hose")).unwrap();
        assert_eq!(first.cause_id.as_deref(), Some("evap_leak_hose"));
        let again = close_case(&mut store, id, &close("again, customer paid cash")).unwrap();
        assert_eq!(again.cause_id.as_deref(), Some("evap_leak_hose"));
        assert_eq!(again.fixed_by, "again, customer paid cash");
        let picked = CaseFix {
            cause_id: Some("evap_purge_valve".into()),
            ..close("it was the purge valve after all")
        };
        let other = close_case(&mut store, id, &picked).unwrap();
        assert_eq!(other.cause_id.as_deref(), Some("evap_purge_valve"));
    }

    /// Two Civics with P0442 fixed by the EVAP hose: the third Civic's
    /// diagnosis ranks the hose first and says which cases taught it; the
    /// closed cases themselves do not learn from their own fix.
    #[test]
    fn closed_cases_teach_the_next_similar_car_with_their_numbers() {
        let mut store = Store::open_in_memory().unwrap();
        let (a, b) = (evap_case(&mut store), evap_case(&mut store));
        let first_look = evap_case(&mut store);
        let before =
            crate::diagnose_and_save(&mut store, first_look, &crate::Lookups::none()).unwrap();
        assert_ne!(before.result.causes[0].id, "evap_leak_hose");
        for id in [a, b] {
            let fix = close_case(&mut store, id, &close("replaced cracked EVAP hose")).unwrap();
            assert_eq!(fix.cause_id.as_deref(), Some("evap_leak_hose"));
        }
        let next = evap_case(&mut store);
        let after = crate::diagnose_and_save(&mut store, next, &crate::Lookups::none()).unwrap();
        let top = &after.result.causes[0];
        assert_eq!(top.id, "evap_leak_hose");
        let taught = top
            .evidence_for
            .iter()
            .find(|e| e.kind == shopbench_diagnosis::EvidenceKind::ShopHistory)
            .expect("shop history evidence");
        assert!(
            taught.detail.starts_with("2 of the 2 similar cars")
                && taught
                    .detail
                    .contains(&format!("case {}, case {}", a.0, b.0)),
            "{}",
            taught.detail
        );
        let own = crate::diagnose_and_save(&mut store, a, &crate::Lookups::none()).unwrap();
        let cites_itself = own
            .result
            .causes
            .iter()
            .flat_map(|c| &c.evidence_for)
            .any(|e| {
                e.detail.contains(&format!("case {}", a.0))
                    && e.kind == shopbench_diagnosis::EvidenceKind::ShopHistory
            });
        assert!(!cites_itself, "a case never learns from its own fix");
    }

    /// `case close 2 --fixed-by "replaced coil" --hours 0.5 --cost 85`, then
    /// `case close 2 --fixed-by "customer paid cash"` to add a note: the
    /// second close dropped the $85.00 and the 0.5 h the first had recorded.
    #[test]
    fn regression_closing_again_with_a_note_dropped_the_cost_and_hours() {
        let mut store = Store::open_in_memory().unwrap();
        let id = evap_case(&mut store);
        let first = CaseFix {
            parts: "EVAP hose".into(),
            labor_hours: Some(0.5),
            cost_cents: Some(8_500),
            ..close("replaced cracked EVAP hose")
        };
        close_case(&mut store, id, &first).unwrap();
        let again = close_case(&mut store, id, &close("customer paid cash")).unwrap();
        assert_eq!(again.fixed_by, "customer paid cash");
        assert_eq!(again.cause_id.as_deref(), Some("evap_leak_hose"));
        assert_eq!(again.parts, "EVAP hose");
        assert_eq!(again.labor_hours, Some(0.5));
        assert_eq!(again.cost_cents, Some(8_500));
        let corrected = CaseFix {
            cost_cents: Some(9_000),
            ..close("cost corrected")
        };
        let corrected = close_case(&mut store, id, &corrected).unwrap();
        assert_eq!(
            (corrected.cost_cents, corrected.labor_hours),
            (Some(9_000), Some(0.5))
        );
        assert_eq!(store.case_fix(id).unwrap().unwrap().cost_cents, Some(9_000));
    }

    /// `case close 2 --fixed-by "customer paid cash"` after a close that
    /// named the coil said "fixed by Ignition coil …", as though the note had
    /// named it; it now says the note names no cause and the old one is kept.
    #[test]
    fn regression_closing_again_said_the_note_named_the_kept_cause() {
        let mut store = Store::open_in_memory().unwrap();
        let id = evap_case(&mut store);
        let first = close("replaced cracked EVAP hose");
        let stored = close_case(&mut store, id, &first).unwrap();
        assert!(closed_summary(&first, &stored).starts_with("fixed by EVAP hose"));
        let note = close("customer paid cash");
        let again = close_case(&mut store, id, &note).unwrap();
        assert_eq!(
            closed_summary(&note, &again),
            "\"customer paid cash\" names no cause; the cause it taught before is kept: \
             EVAP hose / canister cracked or disconnected (evap_leak_hose). \
             Later diagnoses of similar cars count it"
        );
    }

    #[test]
    fn an_unknown_cause_or_a_blank_fix_is_refused_and_nothing_is_saved() {
        let mut store = Store::open_in_memory().unwrap();
        let id = evap_case(&mut store);
        let bad = CaseFix {
            cause_id: Some("flux_capacitor".into()),
            ..close("replaced it")
        };
        assert!(matches!(
            close_case(&mut store, id, &bad),
            Err(AppError::Invalid { .. })
        ));
        assert!(close_case(&mut store, id, &close("  ")).is_err());
        assert_eq!(store.case(id).unwrap().fix, None);
        let kept = close_case(&mut store, id, &close("customer declined")).unwrap();
        assert_eq!(
            kept.cause_id, None,
            "words that name no cause are kept, unmapped"
        );
    }

    /// A shop that imported its own export counted each of its closed cars
    /// twice: "2 of the 2 similar cars in this shop … (case 2, Main St case 2)".
    #[test]
    fn regression_importing_the_shops_own_export_counted_each_car_twice() {
        let mut store = Store::open_in_memory().unwrap();
        let id = evap_case(&mut store);
        close_case(&mut store, id, &close("replaced cracked EVAP hose")).unwrap();
        let own = export_fixes(&store, "Main St").unwrap();
        assert_eq!(own.origin.as_deref().map(str::len), Some(32));
        let file = serde_json::to_string(&own).unwrap();
        let e = import_fixes(&mut store, &file).unwrap_err().to_string();
        assert!(e.contains("this shop's own confirmed fixes"), "{e}");
        assert!(store.shared_fixes().unwrap().is_empty(), "nothing imported");
        // Another database has its own id; a file without an origin (written
        // before it existed) still imports.
        let mut other = Store::open_in_memory().unwrap();
        assert_ne!(other.shop_identity().unwrap(), own.origin.clone().unwrap());
        assert_eq!(import_fixes(&mut other, &file).unwrap().added, 1);
        let old = SharedFixes {
            origin: None,
            ..own
        };
        let old = serde_json::to_string(&old).unwrap();
        assert!(!old.contains("origin"));
        assert_eq!(import_fixes(&mut store, &old).unwrap().added, 1);
    }

    #[test]
    fn fixes_go_from_one_shop_to_another_without_customer_data() {
        let mut first = Store::open_in_memory().unwrap();
        let id = first
            .create_case(&shopbench_store::NewCase {
                vehicle: crate::parse_vehicle("Honda Civic 2014").unwrap(),
                customer: "Jane Customer".into(),
                dtcs: crate::input::parse_code_lines("P0442").unwrap(),
                ..Default::default()
            })
            .unwrap();
        close_case(&mut first, id, &close("EVAP hose cracked")).unwrap();
        let file = serde_json::to_string(&export_fixes(&first, "Main St Auto").unwrap()).unwrap();
        assert!(!file.contains("Jane"), "{file}");
        let mut second = Store::open_in_memory().unwrap();
        let done = import_fixes(&mut second, &file).unwrap();
        assert_eq!((done.added, done.updated), (1, 0));
        assert_eq!(import_fixes(&mut second, &file).unwrap().updated, 1);
        // Rows that cannot be kept are skipped, each with why; the rest is kept.
        let mut bad: SharedFixes = serde_json::from_str(&file).unwrap();
        let good = bad.fixes[0].clone();
        bad.fixes = vec![
            ConfirmedFix {
                case_ref: " ".into(),
                ..good.clone()
            },
            ConfirmedFix {
                case_ref: "y".into(),
                year: Some(30000),
                ..good.clone()
            },
            ConfirmedFix {
                case_ref: "c".into(),
                codes: vec!["PX".into()],
                ..good.clone()
            },
            ConfirmedFix {
                case_ref: "ok".into(),
                ..good
            },
        ];
        let done = import_fixes(&mut second, &serde_json::to_string(&bad).unwrap()).unwrap();
        assert_eq!(done.added, 1, "{done:?}");
        assert_eq!(done.skipped.len(), 3, "{done:?}");
        assert!(done.skipped[1].contains("out of range"), "{done:?}");
        assert!(import_fixes(&mut second, "{\"not\": 1}").is_err());
        let fixes = confirmed_fixes(&second, None).unwrap();
        assert_eq!(fixes[0].case_ref, format!("Main St Auto case {}", id.0));
    }
}
