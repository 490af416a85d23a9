//! Number, money and name formatting shared by the reports.

use shopbench_i18n::{n, tr, trf, Lang};

/// Whole numbers grouped as the report's language writes them (`148,200`, `148 200`).
pub(crate) use shopbench_i18n::thousands;

/// Money as the report's language writes it (`$1,812.50`, `1 812,50 $`).
pub(crate) use shopbench_i18n::{money, money_range};

/// `0.623` → `62 %`; below one percent → `<1 %`.
pub(crate) fn percent(p: f64) -> String {
    let pct = p * 100.0;
    if pct > 0.0 && pct < 1.0 {
        "<1 %".to_string()
    } else {
        format!("{:.0} %", pct)
    }
}

/// A reading value with a sensible number of decimals, with the decimal
/// comma in French.
pub(crate) fn number(lang: shopbench_i18n::Lang, v: f64) -> String {
    let s = if v.fract() == 0.0 && v.abs() < 1e9 {
        format!("{v:.0}")
    } else if v.abs() >= 100.0 {
        format!("{v:.1}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    shopbench_i18n::decimal(lang, &s)
}

/// The readings with a label of their own: engine name, English label (a
/// catalogue row), unit.
const READING_LABELS: &[(&str, &str, &str)] = &[
    ("rpm", n("Engine speed"), "rpm"),
    ("idle_rpm", n("Idle speed"), "rpm"),
    ("maf", n("Mass air flow"), "g/s"),
    ("coolant_temp", n("Coolant temperature"), "°C"),
    (
        "coolant_temp_max",
        n("Coolant temperature, highest seen"),
        "°C",
    ),
    (
        "ect_cold_soak",
        n("Coolant temperature after cold soak"),
        "°C",
    ),
    (
        "iat_cold_soak",
        n("Intake air temperature after cold soak"),
        "°C",
    ),
    ("intake_temp", n("Intake air temperature"), "°C"),
    ("iat", n("Intake air temperature"), "°C"),
    ("load", n("Calculated engine load"), "%"),
    ("engine_load", n("Calculated engine load"), "%"),
    ("speed", n("Vehicle speed"), "km/h"),
    ("vehicle_speed", n("Vehicle speed"), "km/h"),
    ("throttle", n("Throttle position"), "%"),
    ("map", n("Manifold absolute pressure"), "kPa"),
    ("map_kpa", n("Manifold absolute pressure"), "kPa"),
    ("fuel_pressure_kpa", n("Fuel pressure"), "kPa"),
    ("fuel_pressure_psi", n("Fuel pressure"), "psi"),
    (
        "cam_crank_offset_deg",
        n("Cam/crank correlation offset"),
        "°",
    ),
    ("battery_v", n("Battery voltage (engine off)"), "V"),
    ("charging_v", n("Charging voltage (engine running)"), "V"),
    ("parasitic_draw_ma", n("Parasitic draw"), "mA"),
    ("boost_desired_kpa", n("Boost, desired"), "kPa"),
    ("boost_actual_kpa", n("Boost, actual"), "kPa"),
    (
        "ltft_b1_2500",
        n("Long-term fuel trim bank 1 at 2500 rpm"),
        "%",
    ),
];

/// A human label, in the report's language, and unit for a reading name
/// the diagnosis engine uses.
pub(crate) fn reading_label(lang: Lang, name: &str) -> (String, &'static str) {
    if let Some((_, label, unit)) = READING_LABELS.iter().find(|(n, _, _)| *n == name) {
        // The one unit French writes otherwise: tours par minute.
        let unit = match (lang, *unit) {
            (Lang::FrCa, "rpm") => "tr/min",
            (_, u) => u,
        };
        return (tr(lang, label).to_string(), unit);
    }
    for (prefix, label, unit) in [
        ("ltft_b", n("Long-term fuel trim bank {}"), "%"),
        ("stft_b", n("Short-term fuel trim bank {}"), "%"),
        ("misfire_cyl_", n("Misfire count, cylinder {}"), ""),
        ("compression_cyl_", n("Compression, cylinder {}"), "psi"),
    ] {
        if let Some(which) = name.strip_prefix(prefix) {
            return (trf(lang, label, &[which]), unit);
        }
    }
    if let Some(rest) = name.strip_prefix("o2_") {
        // o2_b1s1_min_v → O2 sensor B1S1, minimum
        let mut parts = rest.splitn(2, '_');
        let sensor = parts.next().unwrap_or("").to_ascii_uppercase();
        let label = match parts.next().unwrap_or("") {
            "min_v" => n("O2 sensor {}, minimum"),
            "max_v" => n("O2 sensor {}, maximum"),
            "span_v" => n("O2 sensor {}, swing"),
            _ => n("O2 sensor {}"),
        };
        return (trf(lang, label, &[&sensor]), "V");
    }
    (name.replace('_', " "), "")
}

/// `Vacuum leak` → `vacuum leak` (a name inside a sentence), leaving acronyms (`EGR valve`)
/// alone.
pub(crate) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => a
            .to_lowercase()
            .chain(std::iter::once(b))
            .chain(chars)
            .collect(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats_with_separators() {
        use shopbench_i18n::Lang;
        assert_eq!(money(Lang::En, 181_250), "$1,812.50");
        assert_eq!(money(Lang::En, -305), "−$3.05");
        assert_eq!(money_range(Lang::En, 100, 250), "$1.00 – $2.50");
    }

    #[test]
    fn thousands_groups() {
        use shopbench_i18n::Lang;
        assert_eq!(thousands(Lang::En, 0), "0");
        assert_eq!(thousands(Lang::En, 1000), "1,000");
        assert_eq!(thousands(Lang::En, 123_456_789), "123,456,789");
    }

    #[test]
    fn percent_and_numbers() {
        assert_eq!(percent(0.623), "62 %");
        assert_eq!(percent(0.004), "<1 %");
        assert_eq!(percent(0.0), "0 %");
        use shopbench_i18n::Lang::{En, FrCa};
        assert_eq!(number(En, 14.0), "14");
        assert_eq!(number(En, 0.126), "0.13");
        assert_eq!(number(En, 0.1), "0.1");
        assert_eq!(number(En, 812.44), "812.4");
        assert_eq!(number(FrCa, 812.44), "812,4");
    }

    #[test]
    fn reading_labels() {
        assert_eq!(
            reading_label(Lang::En, "ltft_b1"),
            ("Long-term fuel trim bank 1".into(), "%")
        );
        assert_eq!(reading_label(Lang::En, "coolant_temp").1, "°C");
        assert_eq!(reading_label(Lang::FrCa, "rpm").1, "tr/min");
        assert_eq!(
            reading_label(Lang::En, "o2_b1s1_min_v").0,
            "O2 sensor B1S1, minimum"
        );
        assert_eq!(
            reading_label(Lang::FrCa, "o2_b1s1_min_v").0,
            "Sonde d'oxygène B1S1, minimum"
        );
        assert_eq!(
            reading_label(Lang::FrCa, "ltft_b2").0,
            "Correction de carburant à long terme, rangée 2"
        );
        assert_eq!(
            reading_label(Lang::En, "misfire_cyl_3").0,
            "Misfire count, cylinder 3"
        );
        assert_eq!(reading_label(Lang::En, "odd_name"), ("odd name".into(), ""));
    }
}
