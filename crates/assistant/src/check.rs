//! Checking a language model's answer against the fact sheet before any of
//! it is shown: every sentence cites at least one source, every citation is
//! a fact gathered for this question, every trouble code, campaign number,
//! long number and case named in the words was gathered too. The first
//! problem found is the reason the answer is set aside.

use crate::answer::{Answer, Part, Sentence, MODEL_ENGINE};
use crate::compose::Prepared;
use crate::source::{cited, SourceId};
use crate::understand::codes_in;

/// Why a model's answer was set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected(pub String);

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Splits text into sentences: at line ends, and after `.`, `?` or `!`
/// followed by a space and a capital letter. Citations written after the
/// full stop ("… threshold. [P0420]") stay with their sentence.
pub(crate) fn sentences(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let mut start = 0;
        let mut i = 0;
        while let Some(k) = line[i..].find(['.', '?', '!']) {
            let end = i + k + 1;
            let list_marker = line[start..end - 1]
                .trim()
                .chars()
                .all(|c| c.is_ascii_digit());
            match sentence_end(line, end).filter(|_| !list_marker) {
                Some(cut) => {
                    push_sentence(&mut out, &line[start..cut]);
                    start = cut;
                    i = cut;
                }
                None => i = end,
            }
        }
        push_sentence(&mut out, &line[start..]);
    }
    out
}

/// Where a sentence ending at `end` (just after its `.`, `?` or `!`) is cut:
/// after any citations that follow it, when a capital letter comes next.
fn sentence_end(line: &str, end: usize) -> Option<usize> {
    let mut j = end;
    loop {
        let rest = &line[j..];
        let trimmed = rest.trim_start();
        let skipped = rest.len() - trimmed.len();
        if trimmed.starts_with('[') {
            let close = trimmed.find(']')?;
            j += skipped + close + 1;
            continue;
        }
        return (skipped > 0 && trimmed.starts_with(|c: char| c.is_uppercase())).then_some(j);
    }
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let s = s.trim();
    if s.is_empty() {
        return;
    }
    let only_citations = s
        .trim_start_matches('[')
        .split('[')
        .all(|p| p.trim_end().ends_with(']') || p.trim().is_empty())
        && s.starts_with('[');
    match out.last_mut() {
        Some(last) if only_citations => {
            last.push(' ');
            last.push_str(s);
        }
        _ => out.push(s.to_string()),
    }
}

/// A line that is only a heading ("Likely causes:") or list punctuation.
fn is_heading(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (s.ends_with(':') && words <= 6) || s.chars().all(|c| !c.is_alphanumeric())
}

/// Campaign numbers as NHTSA writes them: two digits, V/E/T/C, six digits.
fn campaign_numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            let b = w.as_bytes();
            b.len() == 9
                && b[..2].iter().all(u8::is_ascii_digit)
                && matches!(b[2].to_ascii_uppercase(), b'V' | b'E' | b'T' | b'C')
                && b[3..].iter().all(u8::is_ascii_digit)
        })
        .map(str::to_uppercase)
        .collect()
}

/// Numbers of seven digits or more (complaint numbers, part numbers, recall numbers).
fn long_numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() >= 7)
        .map(str::to_string)
        .collect()
}

/// `case 12` written in the words.
fn cases_named(text: &str) -> Vec<i64> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .filter(|w| w[0] == "case")
        .filter_map(|w| w[1].parse().ok())
        .collect()
}

impl Prepared<'_> {
    /// Checks a language model's answer (see the module docs); a passing one
    /// becomes an [`Answer`] of [`MODEL_ENGINE`], sentence by sentence.
    pub fn check(&self, text: &str) -> Result<Answer, Rejected> {
        let sheet = self.sheet();
        let reject = |m: String| Err(Rejected(m));
        let mut out: Vec<Sentence> = Vec::new();
        for s in sentences(text) {
            let (ids, bad) = cited(&s);
            if let Some(b) = bad.first() {
                return reject(format!("it wrote [{b}], which is not a source id"));
            }
            if let Some(id) = ids.iter().find(|id| !sheet.has(id)) {
                return reject(format!(
                    "it cited [{id}], which is not among the facts gathered for this question"
                ));
            }
            let words = strip_citations(&s);
            if ids.is_empty() {
                if is_heading(&words) {
                    continue;
                }
                return reject(format!(
                    "the sentence \u{201c}{}\u{201d} cites no source",
                    words
                ));
            }
            self.check_words(&words)?;
            out.push(Sentence::new(Part::Model, words, ids));
        }
        if out.is_empty() {
            return reject("it gave no sentence with a source".into());
        }
        Ok(self.answer_from(MODEL_ENGINE, out, None))
    }

    fn check_words(&self, words: &str) -> Result<(), Rejected> {
        let sheet = self.sheet();
        for (code, _) in codes_in(words) {
            if !sheet.has(&SourceId::Code(code)) {
                return Err(Rejected(format!(
                    "it named {code}, which is not among the facts gathered for this question"
                )));
            }
        }
        let recalls: Vec<&str> = self
            .gathered
            .recalls
            .iter()
            .map(|r| r.number.as_str())
            .collect();
        for n in campaign_numbers(words) {
            if !recalls.contains(&n.as_str()) {
                return Err(Rejected(format!(
                    "it named campaign {n}, which is not in the offline recall data"
                )));
            }
        }
        for n in long_numbers(words) {
            let known = recalls.contains(&n.as_str())
                || n.parse::<u64>()
                    .is_ok_and(|o| sheet.has(&SourceId::Complaint(o)));
            if !known {
                return Err(Rejected(format!(
                    "it wrote the number {n}, which is in none of the facts gathered"
                )));
            }
        }
        for c in cases_named(words) {
            if !sheet.has(&SourceId::Case(c)) {
                return Err(Rejected(format!(
                    "it named case {c}, which is not among the facts gathered"
                )));
            }
        }
        Ok(())
    }
}

/// The sentence without its `[…]` citations.
fn strip_citations(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    out.replace(" .", ".")
        .replace(" ,", ",")
        .replace(" ?", "?")
        .replace(" ;", ";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_full_stops_and_keep_trailing_citations() {
        let s = sentences("P0420 means low efficiency. [P0420] Check the rear O2 [test:rear_o2_graph].\n1. Catalyst [cause:catalyst_failed]\nLikely causes:");
        assert_eq!(
            s,
            [
                "P0420 means low efficiency. [P0420]",
                "Check the rear O2 [test:rear_o2_graph].",
                "1. Catalyst [cause:catalyst_failed]",
                "Likely causes:"
            ]
        );
        assert_eq!(sentences("Idle at 2.5 L. Fine [P0420]").len(), 2);
    }

    #[test]
    fn numbers_and_cases_in_words_are_found() {
        assert_eq!(
            campaign_numbers("see 19V123000 and 13v900000"),
            ["19V123000", "13V900000"]
        );
        assert_eq!(long_numbers("ODI 10500001, 140000 mi"), ["10500001"]);
        assert_eq!(cases_named("Like Case 17 and case 4."), [17, 4]);
        assert_eq!(
            strip_citations("It is worn [cause:x] [P0420]."),
            "It is worn."
        );
    }
}
