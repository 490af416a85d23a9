//! Property tests: any set of valid codes gives a proper, deterministic distribution.

use proptest::prelude::*;
use shopbench_core::Dtc;
use shopbench_diagnosis::{diagnose, CaseInput, DtcEntry, Knowledge};

fn case_from(raw: &[u16], ltft: Option<f64>) -> CaseInput {
    let mut c = CaseInput {
        dtcs: raw
            .iter()
            .map(|b| DtcEntry::stored(&Dtc::from_bytes(b.to_be_bytes()).to_string()))
            .collect(),
        ..Default::default()
    };
    if let Some(v) = ltft {
        c.readings.insert("ltft_b1".into(), v);
    }
    c
}

proptest! {
    #[test]
    fn any_valid_codes_give_probabilities_that_sum_to_one(
        raw in prop::collection::vec(1u16.., 1..6),
        ltft in prop::option::of(-40.0f64..40.0),
    ) {
        let kb = Knowledge::embedded();
        let case = case_from(&raw, ltft);
        let d = diagnose(kb, &case);
        prop_assert!(!d.causes.is_empty());
        let sum: f64 = d.causes.iter().map(|c| c.probability).sum();
        prop_assert!((sum - 1.0).abs() < 1e-9, "sum {}", sum);
        for c in &d.causes {
            prop_assert!((0.0..=1.0).contains(&c.probability));
        }
        prop_assert!((0.0..=1.0).contains(&d.confidence));
        for w in d.causes.windows(2) {
            prop_assert!(w[0].probability >= w[1].probability);
        }
        let again = diagnose(kb, &case);
        prop_assert_eq!(serde_json::to_string(&d).unwrap(), serde_json::to_string(&again).unwrap());
    }

    #[test]
    fn common_codes_in_any_order_give_the_same_ranking(
        picks in prop::sample::subsequence(vec!["P0171", "P0174", "P0300", "P0302", "P0420", "P0128", "P0455", "P0401", "P0507"], 1..5),
    ) {
        let kb = Knowledge::embedded();
        let fwd = CaseInput { dtcs: picks.iter().map(|c| DtcEntry::stored(c)).collect(), ..Default::default() };
        let rev = CaseInput { dtcs: picks.iter().rev().map(|c| DtcEntry::stored(c)).collect(), ..Default::default() };
        let a: Vec<String> = diagnose(kb, &fwd).causes.into_iter().map(|c| c.id).collect();
        let b: Vec<String> = diagnose(kb, &rev).causes.into_iter().map(|c| c.id).collect();
        prop_assert_eq!(a, b);
    }
}
