//! The error check (issue 19 item 5): what an error says on the desktop — its
//! explanation under the French headline — has French in the catalogue.
//!
//! The desktop shows an error's `Display` text, made of the messages of
//! the crates it came through (`#[error("…")]`) and the reasons a handler
//! or workflow gives a refused form field (`invalid("Field", "…")`), or the
//! file action that failed (`io("…", …)`). This check reads those crates'
//! sources and finds every such text (a format string read as a template:
//! each `{…}` a `{}` hole) as a row of `assets/i18n/fr-CA.tsv`. The UI
//! translates the composed message with `shopbench_i18n::tr_composed`.

use std::path::{Path, PathBuf};

/// The crates whose errors reach the desktop's message box (`DesktopError`
/// wraps each), besides the shell itself.
const CRATES: &[&str] = &[
    "app",
    "obd",
    "core",
    "vindecode",
    "recalls",
    "costs",
    "client",
    "j2534",
    "photos",
    "estimate",
    "store",
    "report",
];

/// Literals inside those calls that are not words for a person.
const NOT_TEXT: &[&str] = &[", ", "; ", "PDF", "PIDs", "CA", "ON"];

/// Whether a literal is a name code reads, not words: a JSON key
/// (`salesTax`, `fixed_by`) or a command-line flag (`--view`).
fn is_code(text: &str) -> bool {
    let camel = text
        .chars()
        .zip(text.chars().skip(1))
        .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
    !text.contains(' ') && (camel || text.contains('_') || text.starts_with("--"))
}

fn sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut dirs: Vec<PathBuf> = CRATES
        .iter()
        .map(|c| root.join("crates").join(c).join("src"))
        .collect();
    dirs.push(root.join("src-tauri/src"));
    let mut out = Vec::new();
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if p.is_dir() {
                dirs.push(p);
            } else if name.ends_with(".rs") && !name.ends_with("tests.rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A piece of Rust source as this check needs it.
#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Punct(char),
    Text(String),
}

/// The source's words, punctuation and string literals (their text as
/// written, escapes kept), comments and char literals skipped.
fn tokens(src: &str) -> Vec<Token> {
    let b: Vec<char> = src.chars().collect();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < b.len() {
        let c = b[i];
        if c == '/' && b.get(i + 1) == Some(&'/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '\'' && (b.get(i + 2) == Some(&'\'') || b.get(i + 1) == Some(&'\\')) {
            i += if b.get(i + 1) == Some(&'\\') { 4 } else { 3 };
        } else if c == '"' {
            let start = i + 1;
            i = start;
            while i < b.len() && b[i] != '"' {
                i += if b[i] == '\\' { 2 } else { 1 };
            }
            out.push(Token::Text(b[start..i.min(b.len())].iter().collect()));
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                i += 1;
            }
            out.push(Token::Word(b[start..i].iter().collect()));
        } else {
            if !c.is_whitespace() {
                out.push(Token::Punct(c));
            }
            i += 1;
        }
    }
    out
}

/// A literal as the catalogue holds it: escapes read, a line continuation
/// joined, each format hole `{…}` written `{}`.
fn as_template(literal: &str) -> String {
    let mut out = String::new();
    let mut chars = literal.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().copied()) {
            ('\\', Some('\n')) => {
                chars.next();
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            ('\\', Some(e)) => {
                chars.next();
                out.push(match e {
                    'n' => '\n',
                    't' => '\t',
                    other => other,
                });
            }
            ('{', Some('{')) | ('}', Some('}')) => {
                chars.next();
                out.push(c);
            }
            ('{', _) => {
                for h in chars.by_ref() {
                    if h == '}' {
                        break;
                    }
                }
                out.push_str("{}");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether a template has words to translate: two letters outside its holes.
fn has_words(template: &str) -> bool {
    template
        .replace("{}", "")
        .chars()
        .filter(|c| c.is_alphabetic())
        .count()
        >= 2
}

/// The error texts of one file: each `#[error("…")]`, and each literal in
/// an `invalid(…)`, `Invalid { … }` or `io(…)` call; a file's test module
/// is not read.
fn error_texts(src: &str) -> Vec<String> {
    let src = without_test_module(src);
    let t = tokens(src);
    let mut out = Vec::new();
    for i in 0..t.len() {
        if let [Token::Word(l), Token::Word(b), Token::Punct('=')] = &t[i..(i + 3).min(t.len())] {
            if l == "let" && b == "bad" {
                out.extend(closure_texts(&t[i + 3..]));
            }
        }
        if let Some(text) = reason_field(&t[i..]) {
            out.push(text);
        }
        let call = match (&t[i], t.get(i + 1)) {
            (Token::Word(w), Some(Token::Punct('(')))
                if matches!(w.as_str(), "invalid" | "io" | "bad" | "missing") =>
            {
                Some((i + 1, '(', ')'))
            }
            (Token::Word(w), Some(Token::Punct('{'))) if w == "Invalid" => Some((i + 1, '{', '}')),
            (Token::Word(w), Some(Token::Punct('('))) if w == "error" => {
                if let Some(Token::Text(s)) = t.get(i + 2) {
                    out.push(s.clone());
                }
                None
            }
            _ => None,
        };
        let Some((open, o, c)) = call else { continue };
        let mut depth = 0;
        for tok in &t[open..] {
            match tok {
                Token::Punct(p) if *p == o => depth += 1,
                Token::Punct(p) if *p == c => depth -= 1,
                Token::Text(s) => out.push(s.clone()),
                _ => {}
            }
            if depth == 0 {
                break;
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|l| seen.insert(l.clone()));
    out.iter()
        .map(|l| as_template(l))
        .filter(|l| has_words(l) && !is_code(l) && !NOT_TEXT.contains(&l.as_str()))
        .collect()
}

/// The text of an error's reason given where it is made, as a field of its
/// variant: `reason: "…"` or `detail: format!("…", …)`.
fn reason_field(t: &[Token]) -> Option<String> {
    let [Token::Word(field), Token::Punct(':'), rest @ ..] = t else {
        return None;
    };
    if !matches!(field.as_str(), "reason" | "detail" | "why") {
        return None;
    }
    match rest {
        [Token::Text(s), ..] => Some(s.clone()),
        [Token::Word(f), Token::Punct('!'), Token::Punct('('), Token::Text(s), ..]
            if f == "format" =>
        {
            Some(s.clone())
        }
        _ => None,
    }
}

/// The source before its test module (`#[cfg(test)] mod tests`); a test-only
/// item above it (`#[cfg(test)] fn …`) does not end the reading.
fn without_test_module(src: &str) -> &str {
    let module = src.match_indices("#[cfg(test)]").find(|(at, tag)| {
        let next = src[at + tag.len()..].trim_start();
        ["mod ", "pub mod ", "pub(crate) mod "]
            .iter()
            .any(|m| next.starts_with(m))
    });
    module.map_or(src, |(at, _)| &src[..at])
}

/// The literals of a `let bad = …;` closure (an error's reason made where
/// it is refused): up to the `;` that ends it.
fn closure_texts(t: &[Token]) -> Vec<String> {
    let mut depth = 0;
    let mut out = Vec::new();
    for tok in t {
        match tok {
            Token::Punct('(' | '{' | '[') => depth += 1,
            Token::Punct(')' | '}' | ']') => depth -= 1,
            Token::Punct(';') if depth == 0 => break,
            Token::Text(s) => out.push(s.clone()),
            _ => {}
        }
    }
    out
}

#[test]
fn the_reader_finds_error_texts_and_reads_them_as_templates() {
    let src = r#"
        #[error("no adapter on {port}: {detail:?}")]
        NoAdapter { port: String },
        // invalid("Not", "a call in a comment")
        fn f() { let q = '"'; Err(invalid("Model year", format!("'{y}' is not \
               a year"))) }
        fn g() { DesktopError::Invalid { field: "Codes".into(), reason: "none {{here}}".into() } }
        fn v() { let bad = |r: String| E::Bad { r }; bad(format!("it has {n} characters")) }
        fn w() { let bad = || format!("'{s}' is not an address"); x.ok_or_else(bad) }
        fn r() { E::NoData { vehicle, reason: format!("offline, no cache at {}", p) } }
        #[cfg(test)]
        fn only_in_tests() {}
        fn m() { VehicleLookups::missing("no VIN, nothing looked up") }
        #[cfg(test)]
        mod tests { fn h() { invalid("Test", "only in a test") } }
    "#;
    assert_eq!(
        error_texts(src),
        [
            "no adapter on {}: {}",
            "Model year",
            "'{}' is not a year",
            "Codes",
            "none {here}",
            "it has {} characters",
            "'{}' is not an address",
            "offline, no cache at {}",
            "no VIN, nothing looked up"
        ]
    );
}

#[test]
fn every_error_explanation_has_its_french() {
    let mut texts: Vec<(String, String)> = Vec::new();
    for file in sources() {
        let src = std::fs::read_to_string(&file).unwrap();
        let name = file.display().to_string();
        let short = name.split("/../../").last().unwrap_or(&name).to_string();
        texts.extend(error_texts(&src).into_iter().map(|t| (t, short.clone())));
    }
    assert!(
        texts.len() > 150,
        "only {} error texts: the reader is out of date",
        texts.len()
    );
    let mut missing: Vec<String> = texts
        .iter()
        .filter(|(t, _)| !shopbench_i18n::has_french(t))
        .map(|(t, f)| format!("{t}\t({f})"))
        .collect();
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "{} error texts missing from assets/i18n/fr-CA.tsv:\n{}",
        missing.len(),
        missing.join("\n")
    );
}
