//! The manufacturers' bulletins that bear on the diagnosis, from NHTSA's
//! index as the shop imported it. The shop's workflow (`shopbench-app`)
//! picks them and says why; this module lays them out.

use crate::layout::{Layout, BODY, BODY_BOLD, SMALL};

/// One bulletin as the report lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulletinRow {
    /// "21-052 · NHTSA 10212345 · 2021-11-08".
    pub reference: String,
    /// Why it is listed: "mentions P0442".
    pub why: String,
    /// NHTSA's summary (cut to a paragraph).
    pub summary: String,
}

/// The longest summary printed, in characters.
const SUMMARY_CHARS: usize = 320;

fn cut(text: &str) -> String {
    if text.chars().count() <= SUMMARY_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(SUMMARY_CHARS).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", &cut[..at])
}

/// The section; left out when there is nothing to list.
pub(crate) fn bulletins_section(l: &mut Layout, rows: &[BulletinRow]) {
    if rows.is_empty() {
        return;
    }
    l.heading(l.t("Manufacturer bulletins (NHTSA index)"), 60.0);
    l.paragraph(
        l.t("Technical service bulletins the manufacturer filed with NHTSA for this vehicle that name one of its codes or the system of a likely cause. Read the bulletin itself before acting on it."),
        SMALL,
        0.0,
    );
    for b in rows {
        l.gap(4.0);
        l.paragraph(
            &format!(
                "{} — {}",
                b.reference,
                shopbench_i18n::tr_text(l.lang(), &b.why)
            ),
            BODY_BOLD,
            0.0,
        );
        l.paragraph(&cut(&b.summary), BODY, 0.0);
    }
}
