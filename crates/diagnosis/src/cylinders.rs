//! The misfiring cylinders a case names, and a plan step's name for them.
//!
//! A case names a cylinder only when the cylinder singles itself out: one or
//! two P0301–P0312 codes name theirs (P0300, random or multiple, names none,
//! nor do three or more cylinder codes: the misfire is spread); else the
//! scan's misfire counts (`misfire_cyl_N`, service 06) name the one or two
//! cylinders holding nearly all of them ([`singled_out`], the knowledge's
//! `misfire_single_cyl` rule). A test whose knowledge has a [`CylinderName`]
//! then reads "Swap cylinder 3's coil with a neighbouring cylinder's"; any
//! other test, or a case naming no cylinder, reads as its name.
//!
//! The engine's cylinder count is not read: no parser gives it, so a count
//! or code for a cylinder the engine lacks (up to 12) is taken as written.

use std::borrow::Cow;
use std::collections::BTreeMap;

use shopbench_core::Dtc;

use crate::knowledge::{CylinderName, TestDef};

/// Whether a cylinder's misfire count is a real misfire: at least 5 counts
/// and a tenth of the worst cylinder's (how `misfire_cyls_active` counts the
/// cylinders a misfire spreads over; not enough to name one).
pub(crate) fn misfires_really(count: f64, worst: f64) -> bool {
    count >= 5.0 && count >= 0.1 * worst
}

/// The most cylinders a case names: more misfiring cylinders are a spread
/// misfire, which a coil swap or a per-cylinder test cannot localise.
const MOST_NAMED: usize = 2;

/// The knowledge's `misfire_single_cyl` rule: more misfires than this in all
/// (below it, a few counts are noise)...
const SINGLE_TOTAL: f64 = 20.0;

/// ...and more than this share of them on the cylinders named.
const SINGLE_SHARE: f64 = 0.8;

/// The misfiring cylinders a case names: those its codes name (one or two,
/// [`coded_cylinders`]), in number order; without a cylinder code, those its
/// misfire counts single out ([`singled_out`]), most misfires first. Empty:
/// it names none.
pub(crate) fn misfiring_cylinders(codes: &[Dtc], readings: &BTreeMap<String, f64>) -> Vec<u8> {
    let coded: Vec<u8> = codes.iter().filter_map(|&c| coded_cylinder(c)).collect();
    if coded.is_empty() {
        singled_out(&cylinder_counts(readings))
    } else {
        coded_cylinders(coded)
    }
}

/// The cylinders named by cylinder codes, in number order, when there are at
/// most [`MOST_NAMED`] of them; none for a spread misfire.
fn coded_cylinders(mut coded: Vec<u8>) -> Vec<u8> {
    coded.sort_unstable();
    coded.dedup();
    if coded.len() > MOST_NAMED {
        coded.clear();
    }
    coded
}

/// The cylinder a cylinder-specific misfire code names (P0301–P0312).
fn coded_cylinder(code: Dtc) -> Option<u8> {
    let n: u8 = code.to_string().strip_prefix("P03")?.parse().ok()?;
    cylinder(n)
}

/// `n` when it can be a cylinder's number (1–12, as the codes).
fn cylinder(n: u8) -> Option<u8> {
    (1..=12).contains(&n).then_some(n)
}

/// Each cylinder's misfire count (a negative one as 0; cylinders 1–12),
/// most first, ties by number.
fn cylinder_counts(readings: &BTreeMap<String, f64>) -> Vec<(u8, f64)> {
    let mut counts: Vec<(u8, f64)> = readings
        .iter()
        .filter_map(|(k, v)| {
            let n = cylinder(k.strip_prefix("misfire_cyl_")?.parse().ok()?)?;
            Some((n, v.max(0.0)))
        })
        .collect();
    counts.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
}

/// The fewest top cylinders (at most [`MOST_NAMED`]) of `counts` (most
/// first) holding more than [`SINGLE_SHARE`] of more than [`SINGLE_TOTAL`]
/// misfires, each a real misfire ([`misfires_really`]); none when the
/// misfires are few or spread.
fn singled_out(counts: &[(u8, f64)]) -> Vec<u8> {
    let total: f64 = counts.iter().map(|&(_, c)| c).sum();
    let worst = counts.first().map_or(0.0, |&(_, c)| c);
    if total <= SINGLE_TOTAL {
        return Vec::new();
    }
    let mut held = 0.0;
    for (i, &(_, c)) in counts.iter().take(MOST_NAMED).enumerate() {
        if !misfires_really(c, worst) {
            break;
        }
        held += c;
        if held > SINGLE_SHARE * total {
            return counts[..=i].iter().map(|&(n, _)| n).collect();
        }
    }
    Vec::new()
}

/// A test's name for a case naming `cylinders` (in that order): its
/// [`CylinderName`] filled in, else its name as it is.
pub(crate) fn step_name<'t>(t: &'t TestDef, cylinders: &[u8]) -> Cow<'t, str> {
    match t.cylinder_name.as_ref().and_then(|n| named(n, cylinders)) {
        Some(name) => Cow::Owned(name),
        None => Cow::Borrowed(&t.name),
    }
}

/// `n` filled with the cylinders: `3` in `one`; `2` and `5`, or `1, 4` and
/// `6`, in `several`. None without a cylinder.
fn named(n: &CylinderName, cylinders: &[u8]) -> Option<String> {
    let fill = |text: &str, hole: &str| text.replacen("{}", hole, 1);
    match cylinders {
        [] => None,
        [one] => Some(fill(&n.one, &one.to_string())),
        [head @ .., last] => {
            let head: Vec<String> = head.iter().map(u8::to_string).collect();
            Some(fill(&fill(&n.several, &head.join(", ")), &last.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;

    fn codes(list: &[&str]) -> Vec<Dtc> {
        list.iter().map(|c| c.parse().unwrap()).collect()
    }

    fn counts(list: &[f64]) -> BTreeMap<String, f64> {
        list.iter()
            .enumerate()
            .map(|(i, c)| (format!("misfire_cyl_{}", i + 1), *c))
            .collect()
    }

    /// `id`'s plan name for a case with these codes and misfire counts.
    fn name(id: &str, dtcs: &[&str], misfires: &[f64]) -> String {
        let kb = Knowledge::embedded();
        let cylinders = misfiring_cylinders(&codes(dtcs), &counts(misfires));
        step_name(kb.test(id).unwrap(), &cylinders).into_owned()
    }

    /// `id`'s general name, naming no cylinder.
    fn general(id: &str) -> String {
        Knowledge::embedded().test(id).unwrap().name.clone()
    }

    #[test]
    fn a_cylinder_code_names_its_cylinder() {
        assert_eq!(
            name("coil_swap", &["P0303"], &[]),
            "Swap cylinder 3's coil with a neighbouring cylinder's"
        );
        assert_eq!(
            name("cyl_leakdown", &["P0300", "P0312"], &[]),
            "Leak-down test on cylinder 12"
        );
    }

    #[test]
    fn two_cylinder_codes_name_both_in_number_order() {
        assert_eq!(
            name("coil_swap", &["P0305", "P0302", "P0300"], &[]),
            "Swap the coils of cylinders 2 and 5 with neighbouring cylinders'"
        );
        let kb = Knowledge::embedded();
        assert_eq!(
            step_name(kb.test("plug_inspect").unwrap(), &[1, 4, 6]),
            "Pull and inspect the spark plugs, cylinders 1, 4 and 6 first"
        );
    }

    #[test]
    fn a_random_misfire_code_names_no_cylinder() {
        let kb = Knowledge::embedded();
        for id in ["coil_swap", "plug_inspect", "injector_test", "compression"] {
            assert_eq!(name(id, &["P0300"], &[]), kb.test(id).unwrap().name, "{id}");
        }
        for code in ["P0300", "P0313", "P0314", "P0171", "P1301", "C0301"] {
            assert_eq!(coded_cylinder(code.parse().unwrap()), None, "{code}");
        }
    }

    #[test]
    fn without_a_code_the_misfire_counts_name_the_cylinders() {
        assert_eq!(
            name("injector_test", &["P0300"], &[0.0, 0.0, 24.0, 0.0]),
            "Test cylinder 3's injector (noid light, resistance, balance or swap)"
        );
        // Two cylinders holding nearly all misfires, most first.
        let cylinders = misfiring_cylinders(&[], &counts(&[3.0, 25.0, 7.0, 40.0, 2.0]));
        assert_eq!(cylinders, [4, 2]);
        // One cylinder holding nearly all is named alone.
        let cylinders = misfiring_cylinders(&[], &counts(&[3.0, 2.0, 0.0, 40.0, 2.0]));
        assert_eq!(cylinders, [4]);
        // A code names the cylinder even when the counts point elsewhere.
        let cylinders = misfiring_cylinders(&codes(&["P0302"]), &counts(&[0.0, 0.0, 30.0]));
        assert_eq!(cylinders, [2]);
    }

    #[test]
    fn no_misfire_counted_names_no_cylinder() {
        let kb = Knowledge::embedded();
        let coil = &kb.test("coil_swap").unwrap().name;
        assert_eq!(&name("coil_swap", &[], &[0.0, 0.0, 0.0, 0.0]), coil);
        assert_eq!(&name("coil_swap", &[], &[]), coil);
        assert_eq!(&name("coil_swap", &[], &[-4.0, 2.0, 0.0]), coil);
    }

    #[test]
    fn the_counts_rule_is_the_knowledges_single_cylinder_rule() {
        let kb = Knowledge::embedded();
        let rule = kb.readings.iter().find(|r| r.id == "misfire_single_cyl");
        let mut all: Vec<(String, f64)> = rule
            .unwrap()
            .all
            .iter()
            .map(|(k, op, v)| {
                assert!(matches!(op, crate::knowledge::Op::Gt), "{k}");
                (k.clone(), *v)
            })
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            all,
            [
                ("misfire_max_share".to_string(), SINGLE_SHARE),
                ("misfire_total".to_string(), SINGLE_TOTAL)
            ]
        );
    }

    #[test]
    fn regression_five_misfire_counts_named_a_cylinder_on_a_random_misfire() {
        let coil = general("coil_swap");
        assert_eq!(name("coil_swap", &["P0300"], &[0.0, 0.0, 6.0, 0.0]), coil);
        // Nor does a real single-cylinder count below the rule's total.
        assert_eq!(name("coil_swap", &["P0300"], &[0.0, 0.0, 20.0, 0.0]), coil);
        assert_eq!(
            name("coil_swap", &["P0300"], &[0.0, 0.0, 21.0, 0.0]),
            "Swap cylinder 3's coil with a neighbouring cylinder's"
        );
    }

    #[test]
    fn regression_a_lean_code_with_noise_counts_named_an_injector() {
        assert_eq!(
            name("injector_test", &["P0171"], &[0.0, 5.0, 0.0, 0.0]),
            general("injector_test")
        );
    }

    #[test]
    fn regression_four_misfiring_cylinders_were_all_named_for_a_coil_swap() {
        let coil = general("coil_swap");
        assert_eq!(
            name("coil_swap", &["P0300"], &[31.0, 28.0, 33.0, 29.0]),
            coil
        );
        // Two of four cylinders are not nearly all misfires either.
        assert_eq!(name("coil_swap", &[], &[31.0, 0.0, 33.0, 29.0]), coil);
        // Three or more cylinder codes are a spread misfire too.
        let all4 = ["P0301", "P0302", "P0303", "P0304"];
        assert_eq!(name("coil_swap", &all4, &[]), coil);
        assert_eq!(
            misfiring_cylinders(&codes(&["P0306", "P0301", "P0304"]), &BTreeMap::new()),
            [] as [u8; 0]
        );
        // However the counts read.
        assert_eq!(name("coil_swap", &all4, &[0.0, 0.0, 40.0, 0.0]), coil);
    }

    #[test]
    fn regression_a_misfire_count_on_cylinder_13_was_named() {
        let mut readings = counts(&[0.0; 12]);
        readings.insert("misfire_cyl_13".into(), 40.0);
        readings.insert("misfire_cyl_0".into(), 40.0);
        assert_eq!(misfiring_cylinders(&[], &readings), [] as [u8; 0]);
        // Cylinder 12 is one, alone among the counts read.
        readings.insert("misfire_cyl_12".into(), 40.0);
        assert_eq!(misfiring_cylinders(&[], &readings), [12]);
    }

    #[test]
    fn a_test_without_a_cylinder_name_reads_as_its_name() {
        assert_eq!(
            name("smoke_intake", &["P0303"], &[]),
            "Smoke-test the intake"
        );
    }
}
