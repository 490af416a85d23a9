//! The app's two languages: English, in which every message is written, and
//! French as Quebec shops use it. The French words are a table
//! (`assets/i18n/fr-CA.tsv`: the English text, a tab, the French), looked up
//! by the English text itself, so a screen reads `t("Connect")` and stays
//! readable in the source; a text the table lacks is shown in English, and
//! the catalogue test (`tests/catalogue.rs`) fails the build for any screen
//! text that is not in the table.
//!
//! ```
//! use shopbench_i18n::{tr, fill, Lang};
//! assert_eq!(tr(Lang::FrCa, "Connect"), "Connexion");
//! assert_eq!(tr(Lang::En, "Connect"), "Connect");
//! assert_eq!(fill(tr(Lang::FrCa, "Case {}"), &["12"]), "Dossier 12");
//! assert_eq!(Lang::from_locale("fr_CA.UTF-8"), Lang::FrCa);
//! ```

mod money;

pub use money::{
    amount_only, decimal, money, money_in, money_range, money_range_in, thousands, NBSP,
};

use std::collections::HashMap;
use std::sync::OnceLock;

/// The French (Canada) catalogue as shipped: `english<TAB>french` per line;
/// `#` starts a comment line.
pub const FR_CA: &str = include_str!("../../../assets/i18n/fr-CA.tsv");

/// A language the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English (the source language).
    #[default]
    En,
    /// French, Canada (Quebec's trade terms).
    FrCa,
}

impl Lang {
    /// Both, in the order Settings offers them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::FrCa];

    /// The code stored in the settings: `en` or `fr-CA`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::FrCa => "fr-CA",
        }
    }

    /// The language's own name, as a picker shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::FrCa => "Français (Canada)",
        }
    }

    /// A stored code read back (`fr`, `fr-CA`, `fr_CA` → French); anything
    /// else is English.
    pub fn from_code(code: &str) -> Lang {
        Lang::from_locale(code)
    }

    /// The language a POSIX locale (`LANG`, `LC_MESSAGES`: `fr_CA.UTF-8`,
    /// `fr_FR`, `en_US.UTF-8`, `C`) asks for: any French locale is French
    /// (Canada), the only French the app has; everything else is English.
    pub fn from_locale(locale: &str) -> Lang {
        let l = locale.trim().to_ascii_lowercase();
        if l == "fr" || l.starts_with("fr_") || l.starts_with("fr-") || l.starts_with("fr.") {
            Lang::FrCa
        } else {
            Lang::En
        }
    }

    /// The language a setting names (`en`, `fr-CA`), or — when none was
    /// chosen (empty) — the environment's ([`Lang::from_env`]).
    pub fn from_setting(chosen: &str, var: impl Fn(&str) -> Option<String>) -> Lang {
        if chosen.trim().is_empty() {
            Lang::from_env(var)
        } else {
            Lang::from_code(chosen)
        }
    }

    /// The language the environment asks for, by POSIX precedence:
    /// `LC_ALL`, then `LC_MESSAGES`, then `LANG` (the first one set).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(|k| var(k).filter(|v| !v.trim().is_empty()))
            .map(|v| Lang::from_locale(&v))
            .next()
            .unwrap_or_default()
    }
}

/// The catalogue's rows by their English text lower-cased (the first row
/// of those that differ only in case).
fn by_lower_case() -> &'static HashMap<String, &'static str> {
    static TABLE: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for (en, fr) in entries(FR_CA) {
            table.entry(en.to_lowercase()).or_insert(fr);
        }
        table
    })
}

/// The catalogue read once: English text → French text.
fn french() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| entries(FR_CA).collect())
}

/// The `(english, french)` rows of a catalogue text, comments and blank
/// lines skipped.
pub fn entries(catalogue: &str) -> impl Iterator<Item = (&str, &str)> {
    catalogue
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
}

/// The catalogue's text for `english` in `lang`, when it has one (English
/// is the source: it needs none).
fn lookup(lang: Lang, english: &str) -> Option<&'static str> {
    match lang {
        Lang::En => None,
        Lang::FrCa => french().get(english).copied(),
    }
}

/// `english` in `lang`: the catalogue's French for it, or `english` itself
/// (in English, or when the catalogue lacks it).
pub fn tr(lang: Lang, english: &'static str) -> &'static str {
    lookup(lang, english).unwrap_or(english)
}

/// [`tr`] of a template with its `{}` holes filled in order ([`fill`]).
pub fn trf(lang: Lang, english: &'static str, args: &[&str]) -> String {
    fill(tr(lang, english), args)
}

/// [`tr`] of a text known only at run time (e.g. an error's headline sent
/// by the shell, a line an engine writes): its French when the catalogue
/// has it — as a row of its own, or as a row with `{}` holes the text fits
/// ([`by_template`]) — else itself.
pub fn tr_text(lang: Lang, english: &str) -> String {
    match lang {
        Lang::En => english.to_string(),
        Lang::FrCa => run_time_french(english).unwrap_or_else(|| english.to_string()),
    }
}

/// [`tr_text`] of a text that may end in a detail no catalogue can hold —
/// a rule's note followed by the readings that met it, `Trims high at idle
/// … (ltft_b1 = 22.50 > 15)`: the whole text's French when there is one,
/// else the French of the part before the last ` (` with the detail kept.
pub fn tr_noted(lang: Lang, text: &str) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    if let Some(french) = run_time_french(text) {
        return french;
    }
    text.rsplit_once(" (")
        .and_then(|(note, detail)| Some(format!("{} ({detail}", run_time_french(note)?)))
        .unwrap_or_else(|| text.to_string())
}

/// [`tr_text`] of a text made of clauses joined by `; ` — an estimate line's reason,
/// `moderate dent on hood → repair: …; aluminum panel: at the aluminum body rate` — each
/// clause in turn, so the catalogue holds each clause once rather than every combination.
pub fn tr_clauses(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::FrCa => text
            .split("; ")
            .map(|clause| tr_text(lang, clause))
            .collect::<Vec<_>>()
            .join(" ; "),
    }
}

/// [`tr_text`] of a line composed of catalogue texts joined by punctuation —
/// an error's explanation, whose crates' messages nest (`{field}: {reason}`,
/// `{what} ({path}): {source}`), or an assistant's sentence (`1. Spark plugs
/// worn / fouled — 53 %: P0303 points to it; the complaint (rough idle) fits
/// it`): of the whole line's French, its noted form ([`tr_noted`]) and the
/// line cut at its first `; `, `: `, ` — ` or `. ` with each side read the
/// same way, the reading that leaves the fewest English words. What no row
/// covers (a path, the operating system's words, a code's meaning from the
/// catalogue's data, a recall's summary) stays as written.
pub fn tr_composed(lang: Lang, text: &str) -> String {
    if lang == Lang::En {
        return text.to_string();
    }
    let whole = run_time_french(text);
    // Its noted form differs from the whole line's French only when there is none.
    let noted = whole
        .is_none()
        .then(|| tr_noted(lang, text))
        .filter(|n| n != text);
    let split = [("; ", "; "), (": ", " : "), (" — ", " — "), (". ", ". ")]
        .into_iter()
        .find_map(|(sep, french_sep)| {
            let (head, rest) = text.split_once(sep)?;
            Some(format!(
                "{}{french_sep}{}",
                tr_composed(lang, head),
                tr_composed(lang, rest)
            ))
        });
    // The whole line's first on a tie: a template fitted whole reads best.
    let candidates = [whole, noted, split];
    candidates
        .into_iter()
        .flatten()
        .min_by_key(|french| untranslated_words(text, french))
        .unwrap_or_else(|| text.to_string())
}

/// How many of `english`'s words (three letters or more) `french` still
/// holds as they were: what a reading left untranslated.
fn untranslated_words(english: &str, french: &str) -> usize {
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_lowercase)
            .collect()
    };
    let french = words(french);
    words(english).iter().filter(|w| french.contains(w)).count()
}

/// English words no French sentence has ([`english_left`]'s list).
const ENGLISH: [&str; 22] = [
    "the", "of", "requires", "damage", "is", "and", "to", "with", "engine", "since", "not", "for",
    "on", "by", "in", "from", "was", "are", "has", "it", "this", "be",
];

/// Whether a French text still holds English sentence words — what a template's French
/// shows when a filled-in piece had no French of its own (`structural damage sur …`). A
/// check's heuristic (tests over the engines' texts use it), not a language detector: it
/// looks for the words no French sentence has, except between two capitalised words,
/// where they belong to a name (`Department of Revenue`, `Guide to Estimating`).
pub fn english_left(french: &str) -> bool {
    let words: Vec<&str> = french.split_whitespace().collect();
    let capitalised = |w: Option<&&str>| {
        w.and_then(|w| w.trim_start_matches('(').chars().next())
            .is_some_and(char::is_uppercase)
    };
    words.iter().enumerate().any(|(i, w)| {
        ENGLISH.contains(w)
            && !(i > 0 && capitalised(words.get(i - 1)) && capitalised(words.get(i + 1)))
    })
}

/// [`english_left`] of a French text outside what it quotes (`« … »`, `“ … ”`:
/// words a customer or technician wrote, kept as written).
pub fn english_left_unquoted(french: &str) -> bool {
    let mut outside = String::with_capacity(french.len());
    let mut depth = 0usize;
    for c in french.chars() {
        match c {
            '«' | '“' => depth += 1,
            '»' | '”' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    english_left(&outside)
}

/// What a check over an engine's run-time texts asks of each: no French found for it, or
/// French with English left in a filled-in piece ([`english_left`]).
pub fn lacks_french(english: &str) -> bool {
    run_time_french(english).is_none_or(|french| english_left(&french))
}

/// [`lacks_french`] of a text made of `; `-joined clauses, as [`tr_clauses`] reads it.
pub fn lacks_french_in_clauses(english: &str) -> bool {
    let french: Option<Vec<String>> = english.split("; ").map(run_time_french).collect();
    french.is_none_or(|clauses| english_left(&clauses.join(" ; ")))
}

/// Whether [`tr_text`] finds French for `english`, as a row or through a
/// template (what a check over an engine's run-time text asks).
pub fn translates(english: &str) -> bool {
    run_time_french(english).is_some()
}

/// The French of a run-time text: its row; for a text starting in lower
/// case (a name inside a sentence, `front fender, left`), its capitalised
/// row with the French lower-cased the same way; else a template it fits.
fn run_time_french(english: &str) -> Option<String> {
    if let Some(french) = french().get(english) {
        return Some(french.to_string());
    }
    let mut chars = english.chars();
    let capitalised: Option<String> = chars
        .next()
        .filter(|c| c.is_lowercase())
        .map(|first| first.to_uppercase().chain(chars).collect());
    let lowered = |french: String| {
        let mut fr = french.chars();
        let head = fr.next().map(|c| c.to_lowercase().collect::<String>());
        head.unwrap_or_default() + fr.as_str()
    };
    if let Some(french) = capitalised.as_deref().and_then(|c| french().get(c)) {
        return Some(lowered(french.to_string()));
    }
    // A name lower-cased whole inside a sentence (`“graph the downstream o2
    // against the upstream” found a fault`): its row, whatever its case (looked
    // for only when the text starts in lower case, like the row above).
    if let Some(french) = capitalised
        .as_ref()
        .and_then(|_| by_lower_case().get(&english.to_lowercase()))
    {
        return Some(lowered(french.to_string()));
    }
    by_template(english).or_else(|| capitalised.as_deref().and_then(by_template).map(lowered))
}

/// The French of a run-time text that fits one of the catalogue's
/// templates — an engine writes `format!("{} - R&I", panel)` and the
/// catalogue has `{} - R&I` — with each filled-in piece translated in turn
/// (the panel's name has its own row). The most specific template (the
/// most fixed text) wins. A template whose fixed text has fewer than two
/// letters (`{} ({})`, `{}/h`) would fit almost anything and is not used
/// this way.
fn by_template(english: &str) -> Option<String> {
    templates().iter().find_map(|(pieces, french)| {
        let holes = fit(pieces, english)?;
        let filled: Vec<String> = holes.iter().map(|h| hole_in_french(h)).collect();
        let args: Vec<&str> = filled.iter().map(String::as_str).collect();
        Some(fill(french, &args))
    })
}

/// A filled-in piece of a run-time text in French: a decimal number with
/// the decimal comma (`7.25` → `7,25`), words through the catalogue, a
/// plan step (`name — procedure`) part by part.
fn hole_in_french(hole: &str) -> String {
    if hole.parse::<f64>().is_ok() {
        return decimal(Lang::FrCa, hole);
    }
    if let Some(cents) = dollars(hole) {
        return money(Lang::FrCa, cents);
    }
    let whole = run_time_french(hole);
    if let Some(french) = whole.as_ref().filter(|f| !english_left(f)) {
        return french.clone();
    }
    // Clauses (`…; …`) or a list (`Catalyst, Misfire`) whose every piece has French (a
    // template may also fit the whole, badly: `{} h {} min of running` fits
    // `4 engine warm-ups, 1 h 32 min of running`).
    for sep in ["; ", ", "] {
        if !hole.contains(sep) {
            continue;
        }
        let french: Option<Vec<String>> = hole.split(sep).map(run_time_french).collect();
        let joined = french.map(|f| f.join(if sep == "; " { " ; " } else { sep }));
        // Only when no piece was fitted, badly, to a loose template (`{} on {}`).
        if let Some(joined) = joined.filter(|j| !english_left(j)) {
            return joined;
        }
    }
    // A plan step (`name — procedure`) part by part, unless only a loose
    // template's fit of the whole leaves less English.
    let parts = tr_parts(Lang::FrCa, hole, " — ");
    match whole {
        Some(w) if english_left(&parts) => w,
        _ => parts,
    }
}

/// A dollar amount as the engines write it (`$59.80`, `$1011.67`, `$1,234.50`) in cents.
fn dollars(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('$')?.replace(',', "");
    let (whole, cents) = digits.split_once('.').unwrap_or((&digits, "00"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !all_digits(cents) || cents.len() != 2 {
        return None;
    }
    Some(whole.parse::<i64>().ok()? * 100 + cents.parse::<i64>().ok()?)
}

/// The catalogue's templates as (fixed pieces around the holes, French),
/// most fixed text first.
fn templates() -> &'static [(Vec<&'static str>, &'static str)] {
    static TABLE: OnceLock<Vec<(Vec<&'static str>, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let letters = |pieces: &[&str]| -> usize {
            pieces
                .iter()
                .map(|p| p.chars().filter(|c| c.is_alphabetic()).count())
                .sum()
        };
        let mut rows: Vec<_> = entries(FR_CA)
            .filter(|(en, _)| en.contains("{}"))
            .map(|(en, fr)| (en.split("{}").collect::<Vec<_>>(), fr))
            .filter(|(pieces, _)| letters(pieces) >= 2 && !loose(pieces))
            .collect();
        rows.sort_by_key(|(pieces, _)| {
            std::cmp::Reverse(pieces.iter().map(|p| p.len()).sum::<usize>())
        });
        rows
    })
}

/// Whether a template's fixed text is one English small word alone
/// (`{} on {}`, for the Connect screen's `ELM327 on /dev/ttyUSB0`): fitted
/// to any run-time text, it would turn a sentence's `on` into `sur` and
/// leave the rest — such a template is looked up by its own text only.
fn loose(pieces: &[&str]) -> bool {
    ENGLISH.contains(&pieces.concat().trim())
}

/// The texts that fill the holes when `text` reads as the template whose
/// fixed pieces are `pieces` (each hole at least one character but a
/// closing one, each middle piece found at its first place), else `None`.
fn fit<'t>(pieces: &[&str], text: &'t str) -> Option<Vec<&'t str>> {
    let (first, rest) = pieces.split_first()?;
    let (last, middle) = rest.split_last()?;
    let mut at = text.strip_prefix(first).map(|_| first.len())?;
    let end = text.len().checked_sub(last.len())?;
    if !text.ends_with(last) || end <= at {
        return None;
    }
    let mut holes = Vec::with_capacity(pieces.len() - 1);
    for piece in middle {
        let from = text[..end]
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| i > at)?;
        let found = from + text[from..end].find(piece)?;
        holes.push(&text[at..found]);
        at = found + piece.len();
    }
    // The last hole may be empty when the template ends with it: an error
    // ends in an optional detail (`…in the OBD socket{}`).
    if end < at || (end == at && !last.is_empty()) {
        return None;
    }
    holes.push(&text[at..end]);
    Some(holes)
}

/// [`tr_text`] of each side of the first `sep` in `text`: a plan step is
/// `name — procedure`, and the catalogue has each on its own.
pub fn tr_parts(lang: Lang, text: &str, sep: &str) -> String {
    match text.split_once(sep) {
        Some((head, rest)) => format!("{}{sep}{}", tr_text(lang, head), tr_text(lang, rest)),
        None => tr_text(lang, text),
    }
}

/// Marks a text for translation where it is written (a `const` or a
/// table), to be looked up with [`tr`] where it is shown; the catalogue
/// check reads it as looked up.
pub const fn n(english: &'static str) -> &'static str {
    english
}

/// Whether the catalogue has a French text for `english`.
pub fn has_french(english: &str) -> bool {
    french().contains_key(english)
}

/// A translated template with its `{}` holes filled in order (French word
/// order may differ, so the holes move with the text, not the code).
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut args = args.iter();
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(args.next().copied().unwrap_or("{}"));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_picks_the_language() {
        for fr in ["fr_CA.UTF-8", "fr_FR", "fr", "FR-ca", "fr.UTF-8"] {
            assert_eq!(Lang::from_locale(fr), Lang::FrCa, "{fr}");
        }
        for en in ["en_US.UTF-8", "C", "C.UTF-8", "", "fy_NL", "POSIX"] {
            assert_eq!(Lang::from_locale(en), Lang::En, "{en}");
        }
        let env = |k: &str| match k {
            "LC_ALL" => Some(String::new()),
            "LC_MESSAGES" => Some("fr_CA.UTF-8".into()),
            _ => Some("en_US.UTF-8".into()),
        };
        assert_eq!(Lang::from_env(env), Lang::FrCa, "LC_MESSAGES before LANG");
        assert_eq!(Lang::from_env(|_| None), Lang::En);
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), l);
        }
    }

    #[test]
    fn each_part_of_a_step_is_translated() {
        let step = "Smoke-test the intake — Check the smoke";
        assert_eq!(
            tr_parts(Lang::FrCa, step, " — "),
            "Test de fumée de l'admission — Check the smoke",
            "a part the catalogue lacks stays as written"
        );
        assert_eq!(tr_parts(Lang::En, step, " — "), step);
        assert_eq!(
            tr_parts(Lang::FrCa, "Smoke-test the intake", " — "),
            "Test de fumée de l'admission"
        );
        assert_eq!(
            tr_parts(
                Lang::FrCa,
                "Smoke-test the intake — No smoke escapes",
                " — "
            ),
            "Test de fumée de l'admission — Aucune fumée ne s'échappe"
        );
    }

    #[test]
    fn every_catalogue_row_has_both_texts_once() {
        let mut seen = std::collections::HashSet::new();
        for (en, fr) in entries(FR_CA) {
            assert!(
                !en.trim().is_empty() && !fr.trim().is_empty(),
                "{en:?} → {fr:?}"
            );
            assert!(seen.insert(en), "{en:?} is in the catalogue twice");
            assert_eq!(
                en.matches("{}").count(),
                fr.matches("{}").count(),
                "{en:?} and {fr:?} have different holes"
            );
        }
    }

    #[test]
    fn a_run_time_text_is_translated_through_the_template_it_fits() {
        let fits = |pieces: &[&str], text| fit(pieces, text);
        assert_eq!(fits(&["", " - R&I"], "Hood - R&I"), Some(vec!["Hood"]));
        assert_eq!(
            fits(&["", " - R&I"], " - R&I"),
            None,
            "a hole is never empty"
        );
        assert_eq!(
            fits(&["Sales tax (", " ", ")"], "Sales tax (CA 7.25%)"),
            Some(vec!["CA", "7.25%"])
        );
        assert_eq!(fits(&["a ", " b"], "a b"), None);
        assert_eq!(
            fits(&["", " é ", ""], "x é y é z"),
            Some(vec!["x", "y é z"])
        );
        // A row of its own, then a template whose hole is itself translated.
        assert_eq!(tr_text(Lang::FrCa, "Connect"), "Connexion");
        assert_eq!(tr_text(Lang::FrCa, "Case Connect"), "Dossier Connexion");
        assert_eq!(tr_text(Lang::En, "Case Connect"), "Case Connect");
        assert!(translates("Case 12") && !translates("a text no catalogue has"));
        assert_eq!(
            tr_text(Lang::FrCa, "connect"),
            "connexion",
            "a name inside a sentence"
        );
    }

    #[test]
    fn a_note_is_translated_and_its_readings_kept() {
        let note = "No fuel pressure";
        assert_eq!(tr_noted(Lang::FrCa, note), "Aucune pression d'essence");
        assert_eq!(
            tr_noted(Lang::FrCa, "No fuel pressure (fuel_kpa = 0.00 < 20)"),
            "Aucune pression d'essence (fuel_kpa = 0.00 < 20)"
        );
        assert_eq!(
            tr_noted(Lang::En, "No fuel pressure (x)"),
            "No fuel pressure (x)"
        );
        assert_eq!(tr_noted(Lang::FrCa, "gibberish (x)"), "gibberish (x)");
    }

    #[test]
    fn a_dollar_amount_in_a_hole_is_written_as_quebec_writes_it() {
        assert_eq!(dollars("$59.80"), Some(5980));
        assert_eq!(dollars("$1,011.67"), Some(101_167));
        assert_eq!(dollars("$12"), Some(1200));
        for not_money in ["59.80", "$", "$1.2", "$1.234", "$x.10", "$-3.00"] {
            assert_eq!(dollars(not_money), None, "{not_money}");
        }
        assert_eq!(hole_in_french("$1011.67"), money(Lang::FrCa, 101_167));
    }

    #[test]
    fn english_left_in_a_french_text_is_found() {
        assert!(english_left("structural damage sur bas de caisse gauche"));
        assert!(!english_left(
            "des dommages structurels sur bas de caisse gauche l'exigent"
        ));
        assert!(!english_left(
            "absent des temps publiés (CCC/MOTOR Guide to Estimating) : 40 %"
        ));
        assert!(!english_left("le barème du Department of Revenue"));
        assert!(english_left("the book value"));
        assert!(english_left(
            "4 engine warm-ups, 1 h 32 min de fonctionnement"
        ));
    }

    /// The Scan screen read `(4 engine warm-ups, 1 h 32 min de fonctionnement depuis)`: a
    /// template fitted the whole list badly before its pieces were tried.
    #[test]
    fn regression_a_list_in_a_hole_was_fitted_whole_by_its_last_pieces_template() {
        let french = tr_text(
            Lang::FrCa,
            "Codes last cleared 49 km (30 mi) ago (4 engine warm-ups, 1 h 32 min of running since)",
        );
        assert!(!english_left(&french), "{french}");
        assert!(
            french.contains("4 réchauffages du moteur, 1 h 32 min"),
            "{french}"
        );
    }

    #[test]
    fn holes_fill_in_order_and_missing_words_stay_english() {
        assert_eq!(fill("{} of {}", &["3", "5"]), "3 of 5");
        assert_eq!(fill("{} left", &[]), "{} left");
        assert_eq!(
            tr(Lang::FrCa, "a text no catalogue has"),
            "a text no catalogue has"
        );
    }

    /// Regression: `a scuffed lens can be restored`, left English inside a
    /// French estimate reason, passed the no-English-left check, whose word
    /// list had neither "can" nor "be"; it has "be", "it", "has", "this" now.
    #[test]
    fn regression_an_english_clause_with_be_passed_the_check() {
        assert!(english_left("réparer : a scuffed lens can be restored"));
        assert!(english_left("il compte 9 caractères, it has 17"));
        assert!(!english_left(
            "une lentille éraflée peut être remise en état"
        ));
    }

    /// An error's explanation nests messages; each part is read in turn, and
    /// a template whose last hole (an optional detail) is empty still fits.
    #[test]
    fn an_error_message_is_read_part_by_part() {
        let fr = |t: &str| tr_composed(Lang::FrCa, t);
        assert_eq!(
            fr("Price: missing — give the agreed price, e.g. 25000"),
            "Prix : manquant — indiquez le prix convenu, p. ex. 25000"
        );
        let unanswered = "unable to connect to the car on /dev/ttyUSB0 — is the ignition on? \
                          Check the adapter is seated in the OBD socket";
        assert!(
            fr(unanswered).starts_with("impossible de se connecter au véhicule sur /dev/ttyUSB0")
        );
        assert_eq!(tr_composed(Lang::En, unanswered), unanswered);
        assert_eq!(fr("No such file or directory"), "No such file or directory");
    }

    /// Regression: a plan step in a template's hole (`name — procedure`,
    /// the procedure holding `; `) was fitted whole to a loose template
    /// (`{} on {}`), which kept the procedure in English.
    #[test]
    fn regression_a_plan_step_in_a_hole_was_fitted_whole_to_a_loose_template() {
        let line = "Test first: Measure fuel pressure and volume — Gauge on the rail \
                    (or scan-tool FRP); key-on prime, idle, snap throttle, and flow into a jar \
                    for 15 s; normal: Within spec (typically 280–420 kPa) and holds under load; \
                    about 20 min";
        let french = tr_composed(Lang::FrCa, line);
        assert!(french.contains("Manomètre sur la rampe"), "{french}");
        assert!(!english_left(&french), "{french}");
    }
}
