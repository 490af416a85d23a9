//! The vehicle in a question: make, model, year, engine and mileage, read
//! from the words as the diagnosis engine splits them ("2012 Camry 2.5,
//! 140k miles" → Toyota Camry 2012, 2.5L, 140,000 mi).

use shopbench_core::{DistanceUnit, Mileage};
use shopbench_diagnosis::Words;

use crate::language::{Language, Make};

/// Words that follow a number that is not a year or an engine size.
const UNITS: &[&str] = &[
    "rpm", "mi", "mile", "miles", "km", "kms", "%", "v", "volt", "volts", "psi", "kpa", "bar",
    "hz", "mph", "kmh", "f", "c", "ms", "g", "gs", "ma", "a", "amps", "k", "thousand", "degrees",
    "percent", "inhg", "hours", "min", "minutes", "sec", "seconds",
];
const MILES: &[&str] = &["mi", "mile", "miles"];
const KMS: &[&str] = &["km", "kms", "kilometers", "kilometres", "klicks"];
const LITRES: &[&str] = &["l", "liter", "litre", "liters", "litres", "ltr"];
/// The oldest and newest model years read as years (the engine has no clock).
const YEARS: std::ops::RangeInclusive<u16> = 1980..=2035;

/// What the words say about the vehicle; each part with the words that said it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct VehicleWords {
    pub make: Option<(String, String)>,
    pub model: Option<(String, String)>,
    pub year: Option<(u16, String)>,
    pub engine: Option<(String, String)>,
    pub mileage: Option<(Mileage, String)>,
}

struct Toks<'w, 'k> {
    words: &'w Words<'k>,
    t: Vec<&'w str>,
}

impl Toks<'_, '_> {
    fn get(&self, i: usize) -> &str {
        self.t.get(i).copied().unwrap_or("")
    }

    fn number(&self, i: usize) -> Option<f64> {
        let s = self.get(i);
        s.starts_with(|c: char| c.is_ascii_digit())
            .then(|| s.parse::<f64>().ok())
            .flatten()
    }

    fn year_at(&self, i: usize) -> Option<u16> {
        let s = self.get(i);
        let y = (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u16>().ok())
            .flatten()
            .filter(|y| YEARS.contains(y))?;
        let next = self.get(i + 1);
        let before = if i > 0 { self.get(i - 1) } else { "" };
        (!UNITS.contains(&next) && before != "at").then_some(y)
    }

    fn capitalised_mid_sentence(&self, i: usize) -> bool {
        i > 0
            && !self.words.clause_break(i)
            && self
                .words
                .quote(i, i + 1)
                .starts_with(|c: char| c.is_uppercase())
    }
}

/// Reads the vehicle out of `words` with the make and model tables of `lang`.
pub(crate) fn read_vehicle(lang: &Language, words: &Words<'_>) -> VehicleWords {
    let toks = Toks {
        words,
        t: words.tokens().collect(),
    };
    let mut v = VehicleWords::default();
    let years: Vec<usize> = (0..toks.t.len())
        .filter(|&i| toks.year_at(i).is_some())
        .collect();
    if let Some(&i) = years.first() {
        v.year = Some((toks.year_at(i).expect("checked"), words.quote(i, i + 1)));
    }
    let sizes = engine_sizes(&toks);
    read_make_model(lang, &toks, &years, &sizes, &mut v);
    v.engine = engine(lang, &toks, &sizes, &years, &v);
    v.mileage = mileage(&toks);
    v
}

/// Positions of numbers written like an engine size ("2.5", "5.4L").
fn engine_sizes(toks: &Toks<'_, '_>) -> Vec<usize> {
    (0..toks.t.len())
        .filter(|&i| {
            toks.get(i).contains('.')
                && toks.number(i).is_some_and(|n| (0.6..=8.5).contains(&n))
                && (LITRES.contains(&toks.get(i + 1)) || !UNITS.contains(&toks.get(i + 1)))
        })
        .collect()
}

fn near(positions: &[usize], i: usize, within: usize) -> bool {
    positions.iter().any(|&p| p.abs_diff(i) <= within)
}

fn read_make_model(
    lang: &Language,
    toks: &Toks<'_, '_>,
    years: &[usize],
    sizes: &[usize],
    v: &mut VehicleWords,
) {
    let first_make = lang
        .makes
        .iter()
        .filter_map(|m| {
            let s = m.aliases.iter().flat_map(|a| toks.words.spans(a)).min()?;
            Some((s, m))
        })
        .min_by_key(|(s, _)| *s);
    if let Some(((a, e), make)) = first_make {
        v.make = Some((make.name.clone(), toks.words.quote(a, e)));
        if let Some((s, e, name)) = model_after(make, toks, e) {
            v.model = Some((name, toks.words.quote(s, e)));
        }
        return;
    }
    // No make named: a model next to a year or an engine size, or written
    // with a capital mid-sentence, names its make ("a 2012 Camry").
    let found = lang.makes.iter().find_map(|make| {
        make.models.iter().filter(|m| !m.numeric).find_map(|m| {
            toks.words.spans(&m.pattern).into_iter().find_map(|(s, e)| {
                let anchored = near(years, s, 2)
                    || near(years, e - 1, 2)
                    || near(sizes, e - 1, 1)
                    || toks.capitalised_mid_sentence(s);
                anchored.then(|| (make, m.name.clone(), s, e))
            })
        })
    });
    if let Some((make, model, s, e)) = found {
        v.make = Some((make.name.clone(), toks.words.quote(s, e)));
        v.model = Some((model, toks.words.quote(s, e)));
    }
}

/// The make's model written within three words after the make.
fn model_after(make: &Make, toks: &Toks<'_, '_>, after: usize) -> Option<(usize, usize, String)> {
    make.models
        .iter()
        .flat_map(|m| {
            toks.words
                .spans(&m.pattern)
                .into_iter()
                .filter(move |&(s, _)| s >= after && s <= after + 2)
                .map(move |(s, e)| (s, e, m.name.clone()))
        })
        .min_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)))
}

fn engine(
    lang: &Language,
    toks: &Toks<'_, '_>,
    sizes: &[usize],
    years: &[usize],
    v: &VehicleWords,
) -> Option<(String, String)> {
    let vehicle_named = v.make.is_some() || v.model.is_some() || !years.is_empty();
    let size = sizes
        .iter()
        .find(|&&i| LITRES.contains(&toks.get(i + 1)) || vehicle_named)
        .map(|&i| {
            let litres = LITRES.contains(&toks.get(i + 1));
            let n = toks.number(i).expect("a size is a number");
            (
                format!("{n:.1}L"),
                toks.words.quote(i, i + 1 + usize::from(litres)),
            )
        });
    let named: Vec<(String, String)> = lang
        .engine_words
        .iter()
        .filter_map(|(w, p)| {
            let (s, e) = *toks.words.spans(p).first()?;
            Some((w.clone(), toks.words.quote(s, e)))
        })
        .collect();
    if size.is_none() && (named.is_empty() || !vehicle_named) {
        return None;
    }
    let parts: Vec<(String, String)> = size.into_iter().chain(named).collect();
    Some((
        parts
            .iter()
            .map(|(e, _)| e.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        parts
            .iter()
            .map(|(_, q)| q.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    ))
}

/// "140k miles", "140,000 mi", "90000 km", "140k".
fn mileage(toks: &Toks<'_, '_>) -> Option<(Mileage, String)> {
    (0..toks.t.len()).find_map(|i| {
        let n = toks.number(i)?;
        let thousands = matches!(toks.get(i + 1), "k" | "thousand");
        let j = i + 1 + usize::from(thousands);
        let value = if thousands { n * 1000.0 } else { n };
        let unit = if MILES.contains(&toks.get(j)) {
            Some(DistanceUnit::Mi)
        } else if KMS.contains(&toks.get(j)) {
            Some(DistanceUnit::Km)
        } else {
            None
        };
        let (unit, end) = match unit {
            Some(u) => (u, j + 1),
            None if thousands && (1.0..1000.0).contains(&n) => (DistanceUnit::Mi, j),
            None => return None,
        };
        (value >= 100.0).then(|| (Mileage { value, unit }, toks.words.quote(i, end)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::LANGUAGE_JSON;
    use shopbench_diagnosis::Knowledge;

    fn read(text: &str) -> VehicleWords {
        let kb = Knowledge::embedded();
        let lang = Language::load(kb, LANGUAGE_JSON).unwrap();
        read_vehicle(&lang, &kb.words(text))
    }

    type Parts<'a> = (
        Option<&'a str>,
        Option<&'a str>,
        Option<u16>,
        Option<&'a str>,
        Option<f64>,
    );

    fn parts(v: &VehicleWords) -> Parts<'_> {
        (
            v.make.as_ref().map(|m| m.0.as_str()),
            v.model.as_ref().map(|m| m.0.as_str()),
            v.year.as_ref().map(|y| y.0),
            v.engine.as_ref().map(|e| e.0.as_str()),
            v.mileage.as_ref().map(|m| m.0.value),
        )
    }

    #[test]
    fn a_model_next_to_a_year_names_its_make() {
        let v = read("P0420 on a 2012 Camry 2.5, 140k miles — likely causes?");
        assert_eq!(
            parts(&v),
            (
                Some("Toyota"),
                Some("Camry"),
                Some(2012),
                Some("2.5L"),
                Some(140_000.0)
            )
        );
    }

    #[test]
    fn makes_models_and_engines_in_many_spellings() {
        let v = read("2013 Ford F-150 5.0L V8 with 98,000 km");
        assert_eq!(
            parts(&v),
            (
                Some("Ford"),
                Some("F-150"),
                Some(2013),
                Some("5.0L V8"),
                Some(98_000.0)
            )
        );
        assert_eq!(v.mileage.unwrap().0.unit, DistanceUnit::Km);
        let v = read("chevy silverado 5.3 misfire");
        assert_eq!(parts(&v).0, Some("Chevrolet"));
        assert_eq!(parts(&v).1, Some("Silverado"));
        assert_eq!(parts(&v).3, Some("5.3L"));
        let v = read("land rover discovery 2017");
        assert_eq!(parts(&v).0, Some("Land Rover"));
    }

    /// Common words that are also model names are not read as vehicles.
    #[test]
    fn no_spark_is_not_a_chevrolet() {
        let v = read("crank no start, no spark, battery 12.4 V at 2000 rpm");
        assert_eq!(parts(&v), (None, None, None, None, None));
        let v = read("Spark plugs worn at 100k");
        assert_eq!(parts(&v).0, None);
        assert_eq!(parts(&v).4, Some(100_000.0));
    }
}
