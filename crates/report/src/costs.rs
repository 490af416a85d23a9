//! The purchase-cost breakdown (US and Canada).

use shopbench_costs::{CaCosts, Confidence, LineKind, Range, SaleType, UsCosts};
use shopbench_i18n::{tr, tr_text, trf, Lang};

use crate::fonts::Face;
use crate::format::{money, money_range};
use crate::layout::{Align, Cell, Col, Layout, Style, BODY, BODY_BOLD, GREY, SMALL};
use crate::{PaperSize, Shop};

/// A purchase-cost result from `shopbench-costs`, US or Canadian.
#[derive(Debug, Clone, Copy)]
pub enum PurchaseCosts<'a> {
    /// A US state or DC (amounts in USD).
    Us(&'a UsCosts),
    /// A Canadian province or territory (amounts in CAD).
    Ca(&'a CaCosts),
}

impl<'a> From<&'a UsCosts> for PurchaseCosts<'a> {
    fn from(c: &'a UsCosts) -> Self {
        PurchaseCosts::Us(c)
    }
}

impl<'a> From<&'a CaCosts> for PurchaseCosts<'a> {
    fn from(c: &'a CaCosts) -> Self {
        PurchaseCosts::Ca(c)
    }
}

impl<'a> From<&'a shopbench_wire::InspectionCosts> for PurchaseCosts<'a> {
    fn from(c: &'a shopbench_wire::InspectionCosts) -> Self {
        match c {
            shopbench_wire::InspectionCosts::Us(u) => PurchaseCosts::Us(u),
            shopbench_wire::InspectionCosts::Ca(c) => PurchaseCosts::Ca(c),
        }
    }
}

/// One line, whichever country.
struct Row<'a> {
    label: &'a str,
    amount: Option<i64>,
    range: Option<Range>,
    kind: LineKind,
    paid_to: &'a str,
    notes: &'a str,
    source_url: &'a str,
    confidence: Confidence,
}

/// A US or Canadian line as a [`Row`]: the two differ only in the names of
/// their amount and range fields (`amount_usd`, `range_cad`…).
macro_rules! row {
    ($l:expr, $amount:ident, $range:ident) => {
        Row {
            label: &$l.label,
            amount: $l.$amount.map(|a| a.get()),
            range: $l.$range,
            kind: $l.kind,
            paid_to: &$l.paid_to,
            notes: &$l.notes,
            source_url: &$l.source_url,
            confidence: $l.confidence,
        }
    };
}

/// The common view of both results.
struct View<'a> {
    place: String,
    currency: &'static str,
    inputs: Vec<(&'static str, String)>,
    rows: Vec<Row<'a>>,
    total_known: i64,
    range: Range,
    caveats: &'a [String],
    as_of: &'a str,
}

fn sale(s: SaleType, lang: Lang) -> String {
    match s {
        SaleType::Private => tr(lang, "private party").into(),
        SaleType::Dealer => tr(lang, "dealer").into(),
    }
}

fn view<'a>(c: PurchaseCosts<'a>, lang: Lang) -> View<'a> {
    match c {
        PurchaseCosts::Us(u) => us_view(u, lang),
        PurchaseCosts::Ca(c) => ca_view(c, lang),
    }
}

/// A US answer: price, sale, trade-in and local rate as given, lines in USD.
fn us_view(u: &UsCosts, lang: Lang) -> View<'_> {
    let t = |s| tr(lang, s);
    let mut inputs = vec![
        (t("Sale price"), money(lang, u.input.price_usd.get())),
        (t("Sale type"), sale(u.input.sale_type, lang)),
    ];
    if u.input.trade_in_usd.get() > 0 {
        inputs.push((t("Trade-in"), money(lang, u.input.trade_in_usd.get())));
    }
    inputs.push((
        t("Local tax rate"),
        match u.input.local_rate_pct {
            Some(r) => format!(
                "{} %",
                shopbench_i18n::decimal(lang, &trim_pct(r.as_pct_f64()))
            ),
            None => t("not given (shown as a range)").into(),
        },
    ));
    View {
        place: format!("{} ({})", u.state_name, u.state),
        currency: "USD",
        inputs,
        rows: u
            .lines
            .iter()
            .map(|l| row!(l, amount_usd, range_usd))
            .collect(),
        total_known: u.total_known_usd.get(),
        range: u.estimated_total_range_usd,
        caveats: &u.caveats,
        as_of: &u.rules_as_of,
    }
}

/// A Canadian answer: price, sale, family gift and plates as given, lines
/// in CAD.
fn ca_view(c: &CaCosts, lang: Lang) -> View<'_> {
    let t = |s| tr(lang, s);
    let mut inputs = vec![
        (t("Sale price"), money(lang, c.input.price_cad.get())),
        (t("Sale type"), sale(c.input.sale_type, lang)),
    ];
    if c.input.family_gift {
        inputs.push((t("Family gift"), t("yes").into()));
    }
    if c.input.buyer_has_plates {
        inputs.push((t("Plates"), t("buyer already has plates").into()));
    }
    View {
        place: format!("{} ({})", c.province_name, c.province),
        currency: "CAD",
        inputs,
        rows: c
            .lines
            .iter()
            .map(|l| row!(l, amount_cad, range_cad))
            .collect(),
        total_known: c.total_known_cad.get(),
        range: c.estimated_total_range_cad,
        caveats: &c.caveats,
        as_of: &c.rules_as_of,
    }
}

fn trim_pct(p: f64) -> String {
    let s = format!("{p:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Renders the itemized government costs of buying a used vehicle: the
/// inputs, one row per tax or fee (who is paid, amount, range, confidence),
/// the known total and the estimated range, the notes behind each line with
/// its official source, the caveats and the date the rules were checked.
pub fn render_purchase_costs(shop: &Shop, costs: PurchaseCosts<'_>, paper: PaperSize) -> Vec<u8> {
    let lang = shop.lang;
    let v = view(costs, lang);
    let title = tr(lang, "Purchase cost breakdown");
    let mut l = Layout::new(
        paper,
        &shop.name,
        &format!("{title} · {}", v.place),
        &trf(
            lang,
            "Rules as of {} · amounts in {}",
            &[v.as_of, v.currency],
        ),
    );
    l.shop_header(
        shop,
        title,
        &[
            trf(lang, "Used vehicle bought in {}", &[&v.place]),
            trf(lang, "Amounts in {}", &[v.currency]),
        ],
    );

    l.heading(l.t("The purchase"), 30.0);
    l.key_values(&v.inputs);

    l.heading(l.t("Taxes and fees"), 60.0);
    taxes_and_fees(&mut l, &v);

    if !v.caveats.is_empty() {
        l.heading(l.t("Before you rely on these figures"), 30.0);
        for c in v.caveats {
            l.bullet(&tr_text(l.lang(), c), BODY);
        }
    }

    l.heading(l.t("Notes and sources"), 40.0);
    for (i, r) in v.rows.iter().enumerate() {
        l.need(3.0 * SMALL.line_height());
        l.paragraph(
            &format!("{}. {}", i + 1, tr_text(l.lang(), r.label)),
            BODY_BOLD,
            0.0,
        );
        if !r.notes.trim().is_empty() {
            l.paragraph(tr_text(l.lang(), r.notes).trim(), BODY, 12.0);
        }
        if !r.source_url.is_empty() {
            l.paragraph(
                &l.tf("Source: {}", &[r.source_url]),
                SMALL.color(GREY),
                12.0,
            );
        }
        l.gap(3.0);
    }
    l.gap(4.0);
    l.paragraph(
        &l.tf(
            "Government taxes and fees only, from the rules as checked on {}. Dealer charges other than a regulated documentation fee, insurance and financing are not included. This is an estimate, not tax advice.",
            &[v.as_of],
        ),
        SMALL,
        0.0,
    );

    l.finish(&format!("{title} — {}", v.place))
}

/// The taxes-and-fees table, the known total and the estimated range, and the
/// notes on both (also the inspection report's costs section).
fn taxes_and_fees(l: &mut Layout, v: &View<'_>) {
    let cols = [
        Col::new("#", 0.05, Align::Right),
        Col::new(l.t("Item"), 0.33, Align::Left),
        Col::new(l.t("Paid to"), 0.23, Align::Left),
        Col::new(l.t("Amount"), 0.14, Align::Right),
        Col::new(l.t("Range"), 0.25, Align::Right),
    ];
    let rows: Vec<Vec<Cell>> = v
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut label = tr_text(l.lang(), r.label);
            match r.kind {
                LineKind::Informational => label.push_str(l.t(" (for information; not counted)")),
                LineKind::MarketEstimate => label.push_str(l.t(" (estimate)")),
                _ => {}
            }
            if r.confidence == Confidence::Medium {
                label.push_str(" †");
            }
            vec![
                Cell::styled((i + 1).to_string(), SMALL),
                label.into(),
                Cell::styled(tr_text(l.lang(), r.paid_to), Style::new(8.5, Face::Regular)),
                r.amount
                    .map(|a| money(l.lang(), a))
                    .unwrap_or_else(|| "—".into())
                    .into(),
                r.range
                    .map(|x| money_range(l.lang(), x.low.get(), x.high.get()))
                    .unwrap_or_default()
                    .into(),
            ]
        })
        .collect();
    l.table(&cols, &rows);

    // Totals.
    l.gap(6.0);
    l.need(2.0 * BODY_BOLD.line_height() + 6.0);
    let total_rows = [
        (l.t("Total known"), money(l.lang(), v.total_known)),
        (
            l.t("Estimated total range"),
            money_range(l.lang(), v.range.low.get(), v.range.high.get()),
        ),
    ];
    for (label, value) in total_rows {
        let base = l.y + BODY_BOLD.size;
        let w = BODY_BOLD.width(&value);
        let r = l.right;
        l.text_at(r - 4.0 - w, base, &value, BODY_BOLD);
        let lw = BODY_BOLD.width(label);
        l.text_at(r - 4.0 - 150.0 - lw, base, label, BODY_BOLD);
        l.y += BODY_BOLD.line_height() + 2.0;
    }
    l.paragraph(
        l.t("The known total adds the taxes and fees with a fixed amount; the range also counts local surtaxes and costs that depend on the vehicle (weight, value, plates)."),
        SMALL,
        0.0,
    );
    if v.rows.iter().any(|r| r.confidence == Confidence::Medium) {
        l.paragraph(
            l.t("† Not yet confirmed against the official source: check the amount before relying on it."),
            SMALL,
            0.0,
        );
    }
}

/// The costs of `costs` as a section of another report: the purchase, the
/// taxes and fees with their totals, and the caveats.
pub(crate) fn costs_section(l: &mut Layout, costs: PurchaseCosts<'_>) {
    let v = view(costs, l.lang());
    l.paragraph(
        &l.tf(
            "Bought in {} · amounts in {} · rules as of {}",
            &[&v.place, v.currency, v.as_of],
        ),
        SMALL,
        0.0,
    );
    l.key_values(&v.inputs);
    taxes_and_fees(l, &v);
    for c in v.caveats {
        l.bullet(c, SMALL);
    }
}
