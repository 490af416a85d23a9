//! The drafts of the forms other than the case form (`FormDrafts`): one
//! file in the shop's drafts folder, written whole and atomically as the
//! user types, read once when the app starts.

use shopbench_views::FormDrafts;

use crate::error::DesktopError;
use crate::shop::Shop;

fn drafts_file(shop: &Shop) -> Result<std::path::PathBuf, DesktopError> {
    Ok(shop.paths()?.drafts_dir().join("forms.json"))
}

/// Keeps the drafts (a crash leaves the old file or the new one).
pub fn save(shop: &Shop, drafts: &FormDrafts) -> Result<(), DesktopError> {
    crate::handlers::write_json(&drafts_file(shop)?, drafts)
}

/// The drafts left from last time (none without a file or a readable one).
pub fn load(shop: &Shop) -> Result<FormDrafts, DesktopError> {
    crate::handlers::read_draft(&drafts_file(shop)?, FormDrafts::default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopbench_views::{AreaChoice, CloseForm, CostsForm};

    /// Issue 19 item 4: only the case form kept a draft; what was typed in
    /// the purchase-cost, estimate, close-case, Ask and Settings forms (and
    /// the labor rates) was lost with the screen or the app. Each now comes
    /// back after a restart.
    #[test]
    fn every_forms_draft_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let shop = crate::handlers::temp_shop(dir.path());
        assert_eq!(load(&shop).unwrap(), FormDrafts::default());
        let drafts = FormDrafts {
            vin: "1FTFW1ET5DFC10312".into(),
            costs: Some(CostsForm {
                country: "ca".into(),
                region: "QC".into(),
                price: "18500".into(),
                sale: "dealer".into(),
                ..CostsForm::default()
            }),
            area: Some(AreaChoice {
                panel: "hood".into(),
                damage: "scratch".into(),
                severity: "minor".into(),
            }),
            close: Some((
                3,
                CloseForm {
                    fixed_by: "replaced the coil on cylinder 2".into(),
                    ..CloseForm::default()
                },
            )),
            question: "P0420 on a 2012 Camry 2.5 — likely causes?".into(),
            settings: Some(shopbench_views::Settings {
                shop_phone: "514-555-0199".into(),
                ..shop.settings()
            }),
            labor_rates: Some((
                "CA".into(),
                vec![shopbench_views::LaborRateView {
                    category: "body".into(),
                    label: "Body labor ($/h)".into(),
                    shipped: 78,
                    shop: Some(101),
                }],
            )),
            ..FormDrafts::default()
        };
        save(&shop, &drafts).unwrap();
        let again = crate::handlers::temp_shop(dir.path());
        assert_eq!(load(&again).unwrap(), drafts);
    }

    #[test]
    fn an_unreadable_drafts_file_starts_empty() {
        let dir = tempfile::tempdir().unwrap();
        let shop = crate::handlers::temp_shop(dir.path());
        let file = drafts_file(&shop).unwrap();
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, b"{ not json").unwrap();
        assert_eq!(load(&shop).unwrap(), FormDrafts::default());
    }
}
