//! Understanding the shop's words: complaints and findings in trade language
//! become symptom tags and readings.
//!
//! The vocabulary is data (`words` and each symptom's `phrases` in
//! `assets/knowledge/rules.json`); this module is the small pure reader:
//!
//! 1. [`tokenize`]: lower case, curly quotes straightened, contractions
//!    expanded ("won't" → "will not"), numbers split from their units
//!    ("+18%" → `+18` `%`, "8.1V" → `8.1` `v`), punctuation and words like
//!    "but" end a clause. Every token remembers the bytes it came from, so a
//!    match can be quoted in the words the shop wrote.
//! 2. [`Phrase`]: a pattern of words, where `word*` matches any word starting
//!    with `word` and `…` skips up to four words.
//! 3. Matching keeps the leftmost, then longest, phrase where phrases
//!    overlap ("shakes when braking" is brake pulsation, not also a rough idle), and drops a phrase
//!    that starts within three words after a negation cue in the same clause
//!    ("no misfire codes", "does not overheat").
//! 4. Readings: a key phrase, a number within four words in the same clause,
//!    then a unit; each unit row names the reading it fills and converts it.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::input::SymptomTag;

/// One word of the text as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    /// The normalised word, number or unit.
    pub text: String,
    /// Byte range in the original text.
    pub span: (usize, usize),
    /// A clause ends before this token (punctuation or a break word).
    pub clause_break: bool,
    /// The number this token is, if it is one.
    pub number: Option<f64>,
}

/// One element of a phrase pattern.
#[derive(Debug, Clone, PartialEq)]
enum Pat {
    Word(String),
    Prefix(String),
    Gap(usize),
}

/// A compiled phrase: `"crank* … will not start"`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Phrase {
    pats: Vec<Pat>,
}

impl Phrase {
    /// Compiles a phrase written in the knowledge's syntax. With
    /// `prefix_last`, the last word also matches longer words (how finding
    /// keywords were always matched: "hiss" finds "hissing").
    pub fn compile(
        text: &str,
        contractions: &BTreeMap<String, String>,
        prefix_last: bool,
    ) -> Phrase {
        let mut pats = Vec::new();
        for t in tokenize(text, contractions, &[]) {
            let w = t.text;
            if w == "…" || w == "..." {
                pats.push(Pat::Gap(4));
            } else if let Some(stem) = w.strip_suffix('*') {
                pats.push(Pat::Prefix(stem.to_string()));
            } else {
                pats.push(Pat::Word(w));
            }
        }
        if prefix_last {
            if let Some(Pat::Word(w)) = pats.last().cloned() {
                if w.chars().all(|c| c.is_alphabetic()) {
                    *pats.last_mut().expect("not empty") = Pat::Prefix(w);
                }
            }
        }
        Phrase { pats }
    }

    /// Where the phrase matches starting at token `i`: the end (exclusive).
    fn match_at(&self, tokens: &[Token], i: usize) -> Option<usize> {
        fn go(pats: &[Pat], tokens: &[Token], i: usize) -> Option<usize> {
            let Some((p, rest)) = pats.split_first() else {
                return Some(i);
            };
            match p {
                Pat::Gap(n) => (0..=*n)
                    .filter(|k| i + k <= tokens.len())
                    .find_map(|k| go(rest, tokens, i + k)),
                Pat::Word(w) => {
                    (tokens.get(i)?.text == *w).then_some(())?;
                    go(rest, tokens, i + 1)
                }
                Pat::Prefix(s) => {
                    tokens.get(i)?.text.starts_with(s.as_str()).then_some(())?;
                    go(rest, tokens, i + 1)
                }
            }
        }
        if self.pats.is_empty() {
            return None;
        }
        go(&self.pats, tokens, i)
    }
}

/// Splits and normalises text (see the module docs). `breaks` are the words
/// that end a clause; they stay in the token list.
pub(crate) fn tokenize(
    text: &str,
    contractions: &BTreeMap<String, String>,
    breaks: &[String],
) -> Vec<Token> {
    // Spans index `lower`; when lower-casing changes byte lengths (rare
    // non-ASCII text) the quote falls back to nothing, matching is unchanged.
    let lower = text.to_lowercase().replace(['’', '‘', '`'], "'");
    let mut out = TokenList::default();
    let mut i = 0;
    while i < lower.len() {
        i = if starts_number(lower.as_bytes(), i) {
            let end = number_end(lower.as_bytes(), i);
            out.push(&lower[i..end].replace(',', ""), (i, end));
            end
        } else if starts_word(&lower, i) {
            let end = word_end(&lower, i);
            out.push_word(&lower[i..end], (i, end), contractions, breaks);
            end
        } else {
            out.push_symbol(&lower, i)
        };
    }
    out.tokens
}

/// The tokens read so far and whether a clause ended since the last one, so
/// that the next token can carry the break.
#[derive(Default)]
struct TokenList {
    tokens: Vec<Token>,
    pending_break: bool,
}

impl TokenList {
    /// Adds one token (a number if `s` reads as a finite one) and hands it
    /// the pending clause break.
    fn push(&mut self, s: &str, span: (usize, usize)) {
        let number = s.parse::<f64>().ok().filter(|v| v.is_finite());
        self.tokens.push(Token {
            text: s.to_string(),
            span,
            clause_break: self.pending_break,
            number,
        });
        self.pending_break = false;
    }

    /// Adds a word: a contraction becomes the words it stands for; otherwise
    /// outer quotes, a possessive "'s" and inner quotes go. A break word
    /// ends the clause before itself.
    fn push_word(
        &mut self,
        raw: &str,
        span: (usize, usize),
        contractions: &BTreeMap<String, String>,
        breaks: &[String],
    ) {
        let whole = raw.trim_matches('\'');
        let word = if contractions.contains_key(whole) {
            whole
        } else {
            whole.strip_suffix("'s").unwrap_or(whole)
        };
        match contractions.get(word) {
            Some(exp) => {
                for w in exp.split_whitespace() {
                    self.push(w, span);
                }
            }
            None => {
                let w = word.replace('\'', "");
                if breaks.contains(&w) {
                    self.pending_break = true;
                }
                self.push(&w, span);
            }
        }
    }

    /// Reads what is neither number nor word at byte `i`: `%` and an
    /// ellipsis are tokens, clause punctuation ends the clause, anything
    /// else is skipped. Returns where reading goes on.
    fn push_symbol(&mut self, lower: &str, i: usize) -> usize {
        let c = lower.as_bytes()[i];
        if c == b'%' {
            self.push("%", (i, i + 1));
            i + 1
        } else if lower[i..].starts_with('…') {
            self.push("…", (i, i + '…'.len_utf8()));
            i + '…'.len_utf8()
        } else if lower[i..].starts_with("...") {
            self.push("…", (i, i + 3));
            i + 3
        } else {
            if matches!(
                c,
                b',' | b'.' | b';' | b':' | b'!' | b'?' | b'(' | b')' | b'\n'
            ) {
                self.pending_break = true;
            }
            i + lower[i..].chars().next().map_or(1, char::len_utf8)
        }
    }
}

/// A number starts at byte `i`: a digit, or a sign before a digit that does
/// not follow a letter or digit ("+18%", but not the dash in "p0301-p0304").
fn starts_number(b: &[u8], i: usize) -> bool {
    let c = b[i];
    let signed = (c == b'+' || c == b'-')
        && b.get(i + 1).is_some_and(u8::is_ascii_digit)
        && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
    c.is_ascii_digit() || signed
}

/// Where the number starting at `start` ends: digits, a decimal point
/// before a digit, and thousands commas ("1,200"), so "8.1v" stops at `v`.
fn number_end(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < b.len()
        && (b[i].is_ascii_digit()
            || (b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
            || b[i] == b','
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                && b.get(i + 2).is_some_and(u8::is_ascii_digit)
                && b.get(i + 3).is_some_and(u8::is_ascii_digit))
    {
        i += 1;
    }
    i
}

/// A word starts at byte `i`: a letter (any alphabet), or a quote before an
/// ASCII letter ("'cause").
fn starts_word(lower: &str, i: usize) -> bool {
    let b = lower.as_bytes();
    let c = b[i];
    c.is_ascii_alphabetic()
        || c == b'\'' && i + 1 < b.len() && b[i + 1].is_ascii_alphabetic()
        || c >= 0x80 && lower[i..].chars().next().is_some_and(char::is_alphabetic)
}

/// Where the word starting at `start` ends: letters, digits, quotes and `*`
/// run on ("won't", "p0301", "misfir*").
fn word_end(lower: &str, start: usize) -> usize {
    let mut i = start;
    while i < lower.len() {
        let ch = lower[i..].chars().next().expect("in range");
        if ch.is_alphanumeric() || ch == '\'' || ch == '*' {
            i += ch.len_utf8();
        } else {
            break;
        }
    }
    i
}

// ---------------------------------------------------------------------------
// The vocabulary as the knowledge file gives it, and compiled.

/// `words` in rules.json.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct WordsDef {
    pub contractions: Vec<(String, String)>,
    pub negations: Vec<String>,
    pub breaks: Vec<String>,
    pub readings: Vec<ReadingWordsDef>,
}

/// A measurement written in notes: key phrases and units.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ReadingWordsDef {
    pub keys: Vec<String>,
    /// (unit words, reading name, factor, offset); unit "" accepts a bare number.
    pub units: Vec<(String, String, f64, f64)>,
}

/// A unit as written (its words), the reading it gives, and the factor and
/// offset that convert to the reading's unit.
type UnitRule = (Vec<String>, String, f64, f64);

/// The compiled vocabulary, built once with the knowledge.
#[derive(Debug, Clone)]
pub(crate) struct Vocabulary {
    contractions: BTreeMap<String, String>,
    negations: Vec<String>,
    breaks: Vec<String>,
    symptoms: Vec<(SymptomTag, String, Phrase)>,
    readings: Vec<(Vec<Phrase>, Vec<UnitRule>)>,
}

/// Where a piece of text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum TextSource {
    /// The customer's complaint.
    Complaint,
    /// The technician's findings.
    Findings,
}

impl TextSource {
    /// `complaint` / `findings`.
    pub fn as_str(self) -> &'static str {
        match self {
            TextSource::Complaint => "complaint",
            TextSource::Findings => "findings",
        }
    }
}

/// What the words say: symptom tags and readings, each with the words that
/// said it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct WordsRead {
    /// Tags found (first quote for each), in tag order.
    pub tags: BTreeMap<SymptomTag, (TextSource, String)>,
    /// Tags mentioned only under a negation ("does not overheat").
    pub negated: BTreeMap<SymptomTag, (TextSource, String)>,
    /// Readings written in the text: value and the words.
    pub readings: BTreeMap<String, (f64, TextSource, String)>,
}

impl Vocabulary {
    /// Compiles the vocabulary and every symptom's phrases.
    pub fn compile(def: &WordsDef, symptoms: &[(SymptomTag, Vec<String>)]) -> Vocabulary {
        let contractions: BTreeMap<String, String> = def.contractions.iter().cloned().collect();
        let symptoms = symptoms
            .iter()
            .flat_map(|(tag, phrases)| {
                phrases
                    .iter()
                    .map(|p| (*tag, p.clone(), Phrase::compile(p, &contractions, false)))
                    .collect::<Vec<_>>()
            })
            .collect();
        let readings = def
            .readings
            .iter()
            .map(|r| {
                let keys = r
                    .keys
                    .iter()
                    .map(|k| Phrase::compile(k, &contractions, false))
                    .collect();
                let units = r
                    .units
                    .iter()
                    .map(|(u, name, f, o)| {
                        let words = tokenize(u, &contractions, &[])
                            .into_iter()
                            .map(|t| t.text)
                            .collect();
                        (words, name.clone(), *f, *o)
                    })
                    .collect();
                (keys, units)
            })
            .collect();
        Vocabulary {
            contractions,
            negations: def.negations.clone(),
            breaks: def.breaks.clone(),
            symptoms,
            readings,
        }
    }

    /// Tokens of a text with this vocabulary's contractions and breaks.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        tokenize(text, &self.contractions, &self.breaks)
    }

    /// Compiles a finding keyword (last word matches longer words).
    pub fn keyword(&self, text: &str) -> Phrase {
        Phrase::compile(text, &self.contractions, true)
    }

    /// Whether a phrase occurs, not negated; the quoted words if so.
    pub fn find(&self, tokens: &[Token], text: &str, phrase: &Phrase) -> Option<String> {
        (0..tokens.len()).find_map(|i| {
            let end = phrase.match_at(tokens, i)?;
            (end > i && !self.negated(tokens, i, &[])).then(|| quote(text, tokens, i, end))
        })
    }

    /// Whether a match starting at `start` follows a negation cue within
    /// three words in the same clause. Cue words inside `covered` (other
    /// phrases' matches, like the "no" of "no crank") do not count.
    fn negated(&self, tokens: &[Token], start: usize, covered: &[(usize, usize)]) -> bool {
        let mut j = start;
        let mut steps = 0;
        while j > 0 && steps < 3 {
            if tokens[j].clause_break {
                return false;
            }
            j -= 1;
            steps += 1;
            let inside = covered.iter().any(|&(a, e)| a <= j && j < e);
            if !inside && self.negations.iter().any(|n| *n == tokens[j].text) {
                return true;
            }
        }
        false
    }

    /// Reads one text: symptom tags (longest phrase wins where phrases
    /// overlap; negated phrases set aside) and readings.
    pub fn read(&self, text: &str, source: TextSource, into: &mut WordsRead) {
        let tokens = self.tokens(text);
        // every match: (start, end, tag, index)
        let mut found: Vec<(usize, usize, SymptomTag)> = Vec::new();
        for (tag, _, phrase) in &self.symptoms {
            for i in 0..tokens.len() {
                if let Some(end) = phrase.match_at(&tokens, i) {
                    if end > i {
                        found.push((i, end, *tag));
                    }
                }
            }
        }
        // Leftmost-longest: where matches overlap, the one starting first
        // (then the longer) is what the words say — "shakes when braking" is
        // brake pulsation, not also a rough idle; "no crank no start" is a
        // no-crank, not also "crank no start".
        found.sort_by_key(|&(a, e, t)| (a, std::cmp::Reverse(e), t));
        let mut kept: Vec<(usize, usize, SymptomTag)> = Vec::new();
        for m in found {
            if !kept.iter().any(|&(a, e, _)| m.0 < e && a < m.1) {
                kept.push(m);
            }
        }
        let spans: Vec<(usize, usize)> = kept.iter().map(|&(a, e, _)| (a, e)).collect();
        for &(a, e, tag) in &kept {
            let q = (source, quote(text, &tokens, a, e));
            if self.negated(&tokens, a, &spans) {
                into.negated.entry(tag).or_insert(q);
            } else {
                into.tags.entry(tag).or_insert(q);
            }
        }
        self.read_readings(text, &tokens, source, into);
    }

    /// Readings written in the text (see the module docs).
    fn read_readings(
        &self,
        text: &str,
        tokens: &[Token],
        source: TextSource,
        into: &mut WordsRead,
    ) {
        let mut used = vec![false; tokens.len()];
        for (keys, units) in &self.readings {
            'keys: for key in keys {
                for i in 0..tokens.len() {
                    let Some(end) = key.match_at(tokens, i) else {
                        continue;
                    };
                    if end == i {
                        continue;
                    }
                    // numbers after the key first, then before it, same clause
                    let after = (end..tokens.len().min(end + 4))
                        .take_while(|&j| j == end || !tokens[j].clause_break);
                    let before = (i.saturating_sub(4)..i)
                        .rev()
                        .take_while(|&j| !tokens[j + 1].clause_break);
                    for j in after.chain(before) {
                        if used[j] || tokens[j].number.is_none() {
                            continue;
                        }
                        let v = tokens[j].number.expect("checked");
                        for (unit, name, f, o) in units {
                            let n = unit.len();
                            let ok = if n == 0 {
                                tokens.get(j + 1).is_none_or(|t| {
                                    t.number.is_none()
                                        && !units.iter().any(|(u, ..)| u.first() == Some(&t.text))
                                        && !is_unit_word(&t.text)
                                })
                            } else {
                                (0..n).all(|k| {
                                    tokens.get(j + 1 + k).is_some_and(|t| t.text == unit[k])
                                })
                            };
                            if ok && !into.readings.contains_key(name) {
                                used[j] = true;
                                let (a, e) = (i.min(j), (end).max(j + 1 + n));
                                into.readings.insert(
                                    name.clone(),
                                    (v * f + o, source, quote(text, tokens, a, e)),
                                );
                                continue 'keys;
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Units that a bare-number reading must not swallow ("18 psi" is not a trim).
fn is_unit_word(w: &str) -> bool {
    matches!(
        w,
        "psi"
            | "kpa"
            | "bar"
            | "v"
            | "volts"
            | "volt"
            | "ma"
            | "a"
            | "amps"
            | "rpm"
            | "f"
            | "c"
            | "mph"
            | "kmh"
            | "mi"
            | "km"
            | "miles"
            | "mm"
            | "in"
            | "inhg"
    )
}

/// The original words of tokens `a..e`, trimmed.
fn quote(text: &str, tokens: &[Token], a: usize, e: usize) -> String {
    let (s, _) = tokens[a].span;
    let (_, t) = tokens[e - 1].span;
    text.get(s..t).unwrap_or_default().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c() -> BTreeMap<String, String> {
        [("won't", "will not"), ("doesn't", "does not")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn tokens_expand_contractions_and_split_numbers_from_units() {
        let t = tokenize("Won't start, LTFT +18%; 8.1V", &c(), &[]);
        let w: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(w, ["will", "not", "start", "ltft", "+18", "%", "8.1", "v"]);
        assert!(t[3].clause_break && t[6].clause_break);
        assert_eq!(t[4].number, Some(18.0));
        assert_eq!(&"Won't start"[t[0].span.0..t[1].span.1], "Won't");
    }

    #[test]
    fn phrases_match_prefixes_and_gaps() {
        let p = Phrase::compile("crank* … will not start", &c(), false);
        let t = tokenize("it cranks fine but won't start", &c(), &[]);
        assert_eq!(p.match_at(&t, 1), Some(7));
        assert_eq!(p.match_at(&t, 0), None);
        let k = Phrase::compile("hiss", &c(), true);
        assert!(k.match_at(&tokenize("hissing", &c(), &[]), 0).is_some());
    }
}

/// What one text says, as the engine reads it: for tests, tools and front
/// ends that want to show how the words were understood.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordsFound {
    /// Symptom tags the words name, each with the words that named it.
    pub tags: Vec<(SymptomTag, String)>,
    /// Tags mentioned only under a negation ("does not overheat").
    pub negated: Vec<(SymptomTag, String)>,
    /// Readings written in the text: name, value (in the reading's unit) and words.
    pub readings: Vec<(String, f64, String)>,
}

impl Vocabulary {
    /// Reads one text on its own (as a complaint).
    pub fn found(&self, text: &str) -> WordsFound {
        let mut w = WordsRead::default();
        self.read(text, TextSource::Complaint, &mut w);
        WordsFound {
            tags: w.tags.into_iter().map(|(t, (_, q))| (t, q)).collect(),
            negated: w.negated.into_iter().map(|(t, (_, q))| (t, q)).collect(),
            readings: w
                .readings
                .into_iter()
                .map(|(k, (v, _, q))| (k, v, q))
                .collect(),
        }
    }
}

/// A phrase in the knowledge's syntax (`word*` matches any word starting
/// with `word`, `…` skips up to four words), compiled with the knowledge's
/// contractions: for front-ends that keep their own phrase tables (the
/// assistant's scope and follow-up words) and must read them exactly as the
/// engine reads a complaint. Built by [`Knowledge::pattern`](crate::Knowledge::pattern).
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern(Phrase);

/// A text split into words as the engine splits a complaint, to look
/// [`Pattern`]s up in. Built by [`Knowledge::words`](crate::Knowledge::words).
#[derive(Debug, Clone)]
pub struct Words<'k> {
    vocabulary: &'k Vocabulary,
    text: String,
    tokens: Vec<Token>,
}

impl Vocabulary {
    /// Compiles a phrase as symptom phrases are compiled.
    pub(crate) fn pattern(&self, text: &str) -> Pattern {
        Pattern(Phrase::compile(text, &self.contractions, false))
    }

    /// Splits a text for [`Words::find`].
    pub(crate) fn words(&self, text: &str) -> Words<'_> {
        Words {
            vocabulary: self,
            text: text.to_string(),
            tokens: self.tokens(text),
        }
    }
}

impl Words<'_> {
    /// The words of the first place `pattern` occurs that is not under a
    /// negation cue ("no", "not", … up to three words before it in the same
    /// clause), as written.
    pub fn find(&self, pattern: &Pattern) -> Option<String> {
        self.vocabulary.find(&self.tokens, &self.text, &pattern.0)
    }

    /// Whether `pattern` occurs anywhere, negated or not.
    pub fn mentions(&self, pattern: &Pattern) -> bool {
        (0..self.tokens.len()).any(|i| pattern.0.match_at(&self.tokens, i).is_some_and(|e| e > i))
    }

    /// The words, normalised as the engine reads them (lower case,
    /// contractions expanded, numbers split from units).
    pub fn tokens(&self) -> impl Iterator<Item = &str> {
        self.tokens.iter().map(|t| t.text.as_str())
    }

    /// Every place `pattern` occurs, negated or not, as word ranges
    /// (`start..end` over [`Words::tokens`]), leftmost first.
    pub fn spans(&self, pattern: &Pattern) -> Vec<(usize, usize)> {
        (0..self.tokens.len())
            .filter_map(|i| {
                pattern
                    .0
                    .match_at(&self.tokens, i)
                    .filter(|&e| e > i)
                    .map(|e| (i, e))
            })
            .collect()
    }

    /// Whether the words starting at `start` follow a negation cue (see [`Words::find`]).
    pub fn negated(&self, start: usize) -> bool {
        start < self.tokens.len() && self.vocabulary.negated(&self.tokens, start, &[])
    }

    /// Whether a clause ends before word `i` (punctuation or a word like "but").
    pub fn clause_break(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.clause_break)
    }

    /// The original text of words `start..end`.
    pub fn quote(&self, start: usize, end: usize) -> String {
        if start >= end || end > self.tokens.len() {
            return String::new();
        }
        quote(&self.text, &self.tokens, start, end)
    }
}

#[cfg(test)]
mod pattern_tests {
    use super::*;

    fn vocab() -> Vocabulary {
        let def = WordsDef {
            contractions: vec![("doesn't".into(), "does not".into())],
            negations: vec!["not".into(), "no".into()],
            breaks: vec!["but".into()],
            readings: Vec::new(),
        };
        Vocabulary::compile(&def, &[])
    }

    #[test]
    fn a_pattern_is_found_unless_negated_and_mentions_sees_both() {
        let v = vocab();
        let p = v.pattern("downstream … switch*");
        assert_eq!(
            v.words("and if the downstream O2 switches?")
                .find(&p)
                .as_deref(),
            Some("downstream O2 switches")
        );
        let negated = v.words("no downstream switching seen");
        assert_eq!(negated.find(&p), None);
        assert!(negated.mentions(&p));
        let w = v.words("It doesn't");
        assert_eq!(w.tokens().collect::<Vec<_>>(), ["it", "does", "not"]);
        let w = v.words("rear O2 switches, but the downstream switches too");
        assert_eq!(w.spans(&p), [(5, 7)]);
        assert!(w.clause_break(3) && !w.clause_break(4));
        assert_eq!(w.quote(5, 7), "downstream switches");
    }
}
