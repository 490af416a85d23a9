//! The misfiring cylinders a case names, and a plan step's name for them.
//!
//! A P0301–P0312 code names its cylinder (P0300, random or multiple, names
//! none); else the scan's misfire counts (`misfire_cyl_N`, service 06) show
//! the cylinders that really misfire. A test whose knowledge has a
//! [`CylinderName`] then reads "Swap cylinder 3's coil with a neighbouring
//! cylinder's"; any other test, or a case naming no cylinder, reads as its
//! name.

use std::borrow::Cow;
use std::collections::BTreeMap;

use shopbench_core::Dtc;

use crate::knowledge::{CylinderName, TestDef};

/// Whether a cylinder's misfire count is a real misfire: at least 5 counts
/// and a tenth of the worst cylinder's.
pub(crate) fn misfires_really(count: f64, worst: f64) -> bool {
    count >= 5.0 && count >= 0.1 * worst
}

/// The misfiring cylinders a case names: those its codes name, in number
/// order; else those its misfire counts show really misfiring
/// ([`misfires_really`]), most misfires first. Empty: it names none.
pub(crate) fn misfiring_cylinders(codes: &[Dtc], readings: &BTreeMap<String, f64>) -> Vec<u8> {
    let mut coded: Vec<u8> = codes.iter().filter_map(|&c| coded_cylinder(c)).collect();
    coded.sort_unstable();
    coded.dedup();
    if coded.is_empty() {
        counted_cylinders(readings)
    } else {
        coded
    }
}

/// The cylinder a cylinder-specific misfire code names (P0301–P0312).
fn coded_cylinder(code: Dtc) -> Option<u8> {
    let n: u8 = code.to_string().strip_prefix("P03")?.parse().ok()?;
    (1..=12).contains(&n).then_some(n)
}

/// The cylinders whose misfire counts (a negative one as 0) are real
/// misfires, most first, ties by number.
fn counted_cylinders(readings: &BTreeMap<String, f64>) -> Vec<u8> {
    let mut counts: Vec<(u8, f64)> = readings
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("misfire_cyl_")?.parse().ok()?, v.max(0.0))))
        .filter(|&(n, _)| n > 0)
        .collect();
    let worst = counts.iter().map(|&(_, c)| c).fold(0.0, f64::max);
    counts.retain(|&(_, c)| misfires_really(c, worst));
    counts.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    counts.into_iter().map(|(n, _)| n).collect()
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
        assert_eq!(
            misfiring_cylinders(&codes(&["P0306", "P0301", "P0304"]), &BTreeMap::new()),
            [1, 4, 6]
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
            name("injector_test", &["P0300"], &[0.0, 0.0, 14.0, 0.0]),
            "Test cylinder 3's injector (noid light, resistance, balance or swap)"
        );
        // Most misfires first; a few counts beside a real misfire are not one.
        let cylinders = misfiring_cylinders(&[], &counts(&[3.0, 25.0, 7.0, 40.0, 2.0]));
        assert_eq!(cylinders, [4, 2, 3]);
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
    fn a_test_without_a_cylinder_name_reads_as_its_name() {
        assert_eq!(
            name("smoke_intake", &["P0303"], &[]),
            "Smoke-test the intake"
        );
    }
}
