//! Step 3c of an estimate: hail. A panel whose dents were counted is priced by the
//! paintless-dent-repair matrix (`hail.json`: dents per panel × largest dent size), not by
//! labor hours; an aluminum panel takes the matrix's aluminum factor; a cell the matrix
//! leaves to a quote becomes a line asking the estimator for the price. A panel that is
//! replaced gets no PDR: its dents go with the old part.

use crate::data::HailPrice;
use crate::model::{DamageArea, DentCount, DentSize};
use crate::{Cents, EstimateError, Hours};

use super::pricing::Pricing;
use super::{LineCategory, LineItem, LineStatus};

/// One hail-damaged panel: its dents (areas on one panel add up, the largest size wins) and
/// the indices of its areas.
struct HailPanel {
    panel: String,
    dents: DentCount,
    areas: Vec<usize>,
}

/// The hail panels of `areas`, in the order they first appear.
fn hail_panels(areas: &[DamageArea]) -> Vec<HailPanel> {
    let mut out: Vec<HailPanel> = Vec::new();
    for (idx, area) in areas.iter().enumerate() {
        let Some(d) = area.dents else { continue };
        match out.iter_mut().find(|h| h.panel == area.panel) {
            Some(h) => {
                h.dents.count += d.count;
                h.dents.size = h.dents.size.max(d.size);
                h.areas.push(idx);
            }
            None => out.push(HailPanel {
                panel: area.panel.clone(),
                dents: d,
                areas: vec![idx],
            }),
        }
    }
    out
}

/// Adds the PDR line of every hail panel to `lines`, but for a panel the lines replace: its
/// dents go with the old part, so the replace line takes the hail areas and says so. A panel
/// no matrix prices is an error naming the panels it does.
pub(super) fn add_pdr_lines(
    pricing: &Pricing<'_>,
    areas: &[DamageArea],
    lines: &mut Vec<LineItem>,
) -> Result<(), EstimateError> {
    for h in hail_panels(areas) {
        let what = dents_words(h.dents);
        let pdr = pdr_line(pricing, h)?;
        match lines.iter_mut().find(|l| replaces(l, &pdr)) {
            Some(replaced) => {
                replaced.reason.push_str(&format!(
                    "; the hail on it ({what}) goes with the replaced part: no paintless dent repair"
                ));
                replaced.areas.extend(pdr.areas);
                replaced.areas.sort_unstable();
            }
            None => lines.push(pdr),
        }
    }
    Ok(())
}

/// Whether panel line `l` replaces the panel of PDR line `pdr`.
fn replaces(l: &LineItem, pdr: &LineItem) -> bool {
    l.category == LineCategory::Panel
        && l.operation == crate::Operation::Replace
        && l.panel == pdr.panel
}

/// "10 dents up to dime size".
fn dents_words(d: DentCount) -> String {
    format!("{} dents up to {} size", d.count, size_words(d.size))
}

/// The coin a size is named after, for a description.
fn size_words(s: DentSize) -> &'static str {
    match s {
        DentSize::Dime => "dime",
        DentSize::Nickel => "nickel",
        DentSize::Quarter => "quarter",
        DentSize::HalfDollar => "half-dollar",
    }
}

/// One hail panel's line: REPAIR, the matrix price as its amount.
fn pdr_line(pricing: &Pricing<'_>, h: HailPanel) -> Result<LineItem, EstimateError> {
    let row = pricing.data.panel(&h.panel)?;
    let hail = &pricing.data.hail;
    let price = hail.price(&h.panel, h.dents);
    if price == HailPrice::NoMatrix {
        let priced: Vec<&str> = hail
            .tables
            .iter()
            .flat_map(|t| t.panels.iter().map(String::as_str))
            .collect();
        return Err(EstimateError::InvalidArea {
            detail: format!(
                "dents counted on {}, which the dent-count matrix does not price — count them on {}",
                h.panel,
                priced.join(", ")
            ),
        });
    }
    let what = dents_words(h.dents);
    let mut line = LineItem::blank(
        format!("{}:PDR", h.panel),
        crate::Operation::Repair,
        LineCategory::Pdr,
        format!("{} - paintless dent repair, {what}", row.name),
        format!("hail: {what} on {}", row.name.to_lowercase()),
    );
    line.panel = Some(h.panel.clone());
    line.areas = h.areas;
    line.set_labor(Hours::ZERO, pricing.rates.body, 0.0);
    match price {
        HailPrice::Price(c) => {
            let aluminum = pricing.is_aluminum(row);
            let c = if aluminum {
                c.scale(hail.aluminum_factor)
            } else {
                c
            };
            line.set_part(c, (c, c));
            line.reason.push_str(&format!(
                " → {} by the dent-count matrix{}",
                c.usd_grouped(),
                if aluminum {
                    format!(" (aluminum panel × {})", hail.aluminum_factor)
                } else {
                    String::new()
                }
            ));
        }
        _ => {
            line.set_part(Cents::ZERO, (Cents::ZERO, Cents::ZERO));
            line.status = LineStatus::NeedsPrice;
            line.reason
                .push_str(" → the dent-count matrix asks for a quote at this count and size");
            line.question = Some(format!(
                "The dent-count matrix gives no price for {what} on {}: enter the PDR price (estimate edit --part-cost) to include it.",
                row.name.to_lowercase()
            ));
        }
    }
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartType;

    /// The PDR lines of `areas` on an estimate with no other line.
    fn pdr_lines(p: &Pricing<'_>, areas: &[DamageArea]) -> Result<Vec<LineItem>, EstimateError> {
        let mut lines = Vec::new();
        add_pdr_lines(p, areas, &mut lines)?;
        Ok(lines)
    }

    #[test]
    fn a_counted_panel_is_priced_by_the_matrix_and_aluminum_takes_its_factor() {
        let camry = Pricing::shipped("Toyota", "Camry", "CO", PartType::Oem);
        let areas = [
            DamageArea::hail("hood", 20, DentSize::Dime),
            DamageArea::hail("hood", 15, DentSize::Quarter),
        ];
        let out = pdr_lines(&camry, &areas).unwrap();
        assert_eq!(out.len(), 1, "areas on one panel add up");
        let hood = &out[0];
        assert_eq!(hood.id, "hood:PDR");
        assert_eq!(hood.part_cost, Cents::new(47_500), "35 dents up to quarter");
        assert_eq!(hood.areas, vec![0, 1]);
        let f150 = Pricing::shipped("Ford", "F-150", "CO", PartType::Oem);
        let out = pdr_lines(&f150, &areas[1..]).unwrap();
        assert_eq!(out[0].part_cost, Cents::new(25_500).scale(1.5));
        assert!(out[0].reason.contains("aluminum panel"));
    }

    #[test]
    fn a_quote_cell_asks_for_the_price_and_an_unpriced_panel_is_refused() {
        let p = Pricing::shipped("Toyota", "Camry", "CO", PartType::Oem);
        let out = pdr_lines(&p, &[DamageArea::hail("roof", 80, DentSize::HalfDollar)]).unwrap();
        assert_eq!(out[0].status, LineStatus::NeedsPrice);
        assert!(out[0]
            .question
            .as_deref()
            .unwrap()
            .contains("enter the PDR price"));
        let e = pdr_lines(&p, &[DamageArea::hail("grille", 3, DentSize::Dime)]).unwrap_err();
        assert!(e.to_string().contains("count them on hood, roof"), "{e}");
    }
}
