//! Vehicle text → vehicle: one grammar for `--vehicle "…"`, the case form
//! and the estimate form.
//!
//! `Toyota Camry 2014 2.5L`, `2011 Ford F-150 5.0L V8`, `Land Rover
//! Discovery Sport 2017`, `Mercedes-Benz C 300 2018`: the year is the
//! four-digit word at the start, else the last one (so `Peugeot 2008 2019`
//! is a 2019 Peugeot 2008); the engine starts at the first displacement
//! (`2.5L`) and runs to the end; the make is the first word, or the first
//! words when they spell one of [`MULTI_WORD_MAKES`]; the rest is the model.

use shopbench_core::VehicleId;

use crate::AppError;

/// Makes spelled with more than one word, as written on the car (matched
/// without regard to case or hyphens, so `mercedes benz` finds `Mercedes-Benz`).
pub const MULTI_WORD_MAKES: &[&str] = &[
    "Alfa Romeo",
    "Aston Martin",
    "Great Wall",
    "Land Rover",
    "Lynk & Co",
    "Mercedes-AMG",
    "Mercedes-Benz",
    "Mercedes-Maybach",
    "Rolls-Royce",
];

/// The oldest and newest model year taken as a year (older words are model names).
const YEARS: std::ops::RangeInclusive<u16> = shopbench_core::MODEL_YEARS;

fn is_year(w: &str) -> bool {
    w.len() == 4 && w.parse::<u16>().is_ok_and(|y| YEARS.contains(&y))
}

fn is_displacement(w: &str) -> bool {
    let l = w.to_ascii_lowercase();
    l.strip_suffix('l')
        .is_some_and(|n| !n.is_empty() && n.parse::<f64>().is_ok_and(|v| v > 0.0 && v < 20.0))
}

/// The words of a make, compared without case or hyphens.
fn make_key(words: &[&str]) -> String {
    words.join(" ").replace('-', " ").to_lowercase()
}

/// How many leading words of `words` are the make (1 unless a multi-word make matches).
fn make_len(words: &[&str]) -> usize {
    for make in MULTI_WORD_MAKES {
        let key = make_key(&[make]);
        let n = key.split(' ').count();
        // "Mercedes-Benz" written as one hyphenated word is one word already.
        for take in (1..=n.min(words.len())).rev() {
            if make_key(&words[..take]) == key {
                return take;
            }
        }
    }
    1
}

/// The canonical spelling of a multi-word make (`land rover` → `Land Rover`), else the words as typed.
fn make_name(words: &[&str]) -> String {
    let key = make_key(words);
    MULTI_WORD_MAKES
        .iter()
        .find(|m| make_key(&[m]) == key)
        .map(|m| m.to_string())
        .unwrap_or_else(|| words.join(" "))
}

/// Reads `text` as make, model, year and engine (any of them may be missing;
/// the caller decides which it needs). Empty text is an error.
pub fn parse_vehicle(text: &str) -> Result<VehicleId, AppError> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return Err(AppError::invalid(
            "vehicle",
            "empty — give make, model and year, e.g. \"Toyota Camry 2014 2.5L\"",
        ));
    }
    let year_at = if is_year(words[0]) {
        Some(0)
    } else {
        words.iter().rposition(|w| is_year(w))
    };
    let engine_at = words.iter().position(|w| is_displacement(w));
    let end = engine_at.unwrap_or(words.len());
    let rest: Vec<&str> = words[..end]
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != year_at)
        .map(|(_, w)| *w)
        .collect();
    let (make, model) = match rest.len() {
        0 => (None, None),
        _ => {
            let n = make_len(&rest);
            let model = rest[n..].join(" ");
            (
                Some(make_name(&rest[..n])),
                Some(model).filter(|m| !m.is_empty()),
            )
        }
    };
    Ok(VehicleId {
        vin: None,
        make,
        model,
        year: year_at.and_then(|i| words[i].parse().ok()),
        engine: engine_at.map(|i| words[i..].join(" ")),
    })
}

/// A four-digit word that would be the year but for its range ("Toyota
/// Camry 1890"): told as such, not as a missing year.
fn out_of_range_year(text: &str) -> Option<&str> {
    text.split_whitespace()
        .find(|w| w.len() == 4 && w.parse::<u16>().is_ok_and(|y| !YEARS.contains(&y)))
}

/// The calendar year now (UTC), from the system clock: read once by each
/// workflow that takes a vehicle in, and passed to [`check_model_year`].
pub fn this_year() -> u16 {
    let (year, _, _) = shopbench_core::calendar::today_utc();
    u16::try_from(year).unwrap_or(u16::MAX)
}

/// Refuses a model year later than next calendar year's models
/// ([`shopbench_core::newest_model_year`], the limit the VIN decoder reads
/// years by): in 2026 a 2027 is on sale, a 2035 is a typo. No year passes.
pub fn check_model_year(year: Option<u16>, this_year: u16) -> Result<(), AppError> {
    let newest = shopbench_core::newest_model_year(this_year);
    match year {
        Some(year) if year > newest => Err(AppError::FutureModelYear { year, newest }),
        _ => Ok(()),
    }
}

/// Make, model and year, all three required (estimates price by them).
pub fn parse_make_model_year(text: &str) -> Result<(String, String, u16), AppError> {
    let v = parse_vehicle(text)?;
    let (Some(make), Some(model), Some(year)) = (v.make, v.model, v.year) else {
        let bad_year = if v.year.is_none() {
            out_of_range_year(text)
        } else {
            None
        };
        let reason = match bad_year {
            Some(y) => format!(
                "\"{}\" — {y} is not a model year ({}–{})",
                text.trim(),
                YEARS.start(),
                YEARS.end()
            ),
            None => format!(
                "\"{}\" — give make, model and year, e.g. \"Toyota Camry 2022\"",
                text.trim()
            ),
        };
        return Err(AppError::invalid("vehicle", reason));
    };
    Ok((make, model, year))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (Option<String>, Option<String>, Option<u16>, Option<String>) {
        let v = parse_vehicle(text).unwrap();
        (v.make, v.model, v.year, v.engine)
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    /// "Toyota Camry 1890" was answered "give make, model and year", though
    /// all three were given: the year is out of range, and is now said so.
    #[test]
    fn regression_a_year_out_of_range_was_called_missing() {
        let e = parse_make_model_year("Toyota Camry 1890")
            .unwrap_err()
            .to_string();
        assert!(e.contains("1890 is not a model year (1900–2100)"), "{e}");
        let e = parse_make_model_year("Toyota Camry")
            .unwrap_err()
            .to_string();
        assert!(e.contains("give make, model and year"), "{e}");
    }

    #[test]
    fn next_years_models_are_the_newest_taken() {
        assert!(check_model_year(Some(2027), 2026).is_ok());
        assert!(check_model_year(None, 2026).is_ok());
        assert!(check_model_year(Some(1990), 2026).is_ok());
        let e = check_model_year(Some(2028), 2026).unwrap_err().to_string();
        assert_eq!(
            e,
            "model year 2028 is not on sale yet — the newest model year accepted is 2027; check the year"
        );
        assert!(check_model_year(Some(2028), 2027).is_ok());
    }

    /// Regression (issue 13): the desktop's estimate form read
    /// "Land Rover Discovery 2019" as make "Land".
    #[test]
    fn land_rover_discovery_is_make_land_rover() {
        assert_eq!(
            parts("Land Rover Discovery 2019"),
            (s("Land Rover"), s("Discovery"), Some(2019), None)
        );
    }

    #[test]
    fn multi_word_and_hyphenated_makes() {
        assert_eq!(
            parts("Mercedes-Benz C 300 2018"),
            (s("Mercedes-Benz"), s("C 300"), Some(2018), None)
        );
        assert_eq!(parts("mercedes benz E 350 2016").0, s("Mercedes-Benz"));
        assert_eq!(
            parts("Alfa Romeo Giulia 2020"),
            (s("Alfa Romeo"), s("Giulia"), Some(2020), None)
        );
        assert_eq!(parts("2021 Rolls Royce Ghost").0, s("Rolls-Royce"));
        assert_eq!(
            parts("Land Rover Discovery Sport 2017").1,
            s("Discovery Sport")
        );
    }

    #[test]
    fn year_engine_and_numbered_models() {
        assert_eq!(
            parts("Toyota Camry 2014 2.5L"),
            (s("Toyota"), s("Camry"), Some(2014), s("2.5L"))
        );
        assert_eq!(
            parts("2011 Ford F-150 5.0L V8"),
            (s("Ford"), s("F-150"), Some(2011), s("5.0L V8"))
        );
        assert_eq!(
            parts("Peugeot 2008 2019"),
            (s("Peugeot"), s("2008"), Some(2019), None)
        );
        assert_eq!(parts("2019 Peugeot 2008").1, s("2008"));
        assert_eq!(parts("Toyota Camry"), (s("Toyota"), s("Camry"), None, None));
        assert_eq!(parts("Toyota"), (s("Toyota"), None, None, None));
        assert!(parse_vehicle("  ").is_err());
    }

    #[test]
    fn estimates_need_make_model_and_year() {
        assert_eq!(
            parse_make_model_year("Toyota Camry 2022").unwrap(),
            ("Toyota".into(), "Camry".into(), 2022)
        );
        let e = parse_make_model_year("Camry 2022").unwrap_err().to_string();
        assert!(e.contains("make, model and year"), "{e}");
    }
}
