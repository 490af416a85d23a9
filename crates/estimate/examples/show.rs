//! Prints an estimate for a request given as JSON on stdin (a development aid).
use std::io::Read;

fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let req: shopbench_estimate::EstimateRequest = serde_json::from_str(&s).unwrap();
    let est =
        shopbench_estimate::estimate(&req, shopbench_estimate::EstimateData::shipped()).unwrap();
    for l in &est.line_items {
        println!(
            "{:>2} {:<34} {:<6} {:<62} part {:>9} lab {:>4} {:>9} pnt {:>4} {:>9} = {:>9} {:?} {:?}",
            l.line, l.id, l.operation.as_str(), l.description, l.part_cost.usd().to_string(), l.labor_hours.as_hours(), l.labor_cost.usd().to_string(), l.paint_hours.as_hours(), l.paint_cost.usd().to_string(), l.subtotal.usd().to_string(), l.status, l.payer
        );
    }
    println!(
        "TOTAL {} ({}–{}) customer {} pending {}",
        est.totals.total.usd(),
        est.totals.total_min.usd(),
        est.totals.total_max.usd(),
        est.totals.customer_pay.usd(),
        est.totals.pending_confirmation.usd()
    );
    for n in est.notes.iter().chain(&est.warnings) {
        println!("note: {n}");
    }
}
