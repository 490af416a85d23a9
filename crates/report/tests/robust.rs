//! Whatever text a case holds, the report renders (no panic, a complete PDF).

use proptest::prelude::*;
use shopbench_diagnosis::{diagnose, CaseInput, DtcEntry, Knowledge, VehicleId};
use shopbench_report::{render_diagnosis, PaperSize, Shop};

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,300}",
        "[a-zA-Z0-9 °–€✓\t\n\r]{0,600}",
        // One very long word: must be cut, not overflow or loop.
        "[A-Z]{200,400}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_case_text_renders(
        complaint in any_text(),
        findings in any_text(),
        make in any_text(),
        shop_name in any_text(),
        code in "[PBCU][0-9A-F]{4}|.{0,8}",
        letter in any::<bool>(),
    ) {
        let case = CaseInput {
            vehicle: VehicleId { make: Some(make), ..VehicleId::default() },
            complaint,
            findings,
            dtcs: vec![DtcEntry::stored(&code)],
            ..CaseInput::default()
        };
        let d = diagnose(Knowledge::embedded(), &case);
        let shop = Shop { name: shop_name, ..Shop::default() };
        let paper = if letter { PaperSize::Letter } else { PaperSize::A4 };
        let pdf = render_diagnosis(&shop, &case, &d, paper);
        prop_assert!(pdf.starts_with(b"%PDF-"));
        let tail = &pdf[pdf.len().saturating_sub(32)..];
        prop_assert!(tail.windows(5).any(|w| w == b"%%EOF"));
    }
}
