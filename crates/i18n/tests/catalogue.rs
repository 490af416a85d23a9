//! The catalogue check (issue 19 item 5): every text a desktop screen shows
//! goes through the catalogue and has its French, so switching to French
//! leaves no English on a screen by oversight.
//!
//! It reads the UI's sources (`ui/src`) as text. A string literal is screen
//! text when it has a word in it (a capitalised word, or two words) and it
//! is not code: not an element's `id`, `class`, `for`, `type` or another
//! attribute that is not shown, not a command name, not a format-only string.
//! Each one must be the argument of `t(…)` or `tf(…)` (the UI's lookups),
//! and each such argument must be in `assets/i18n/fr-CA.tsv`.

use std::path::{Path, PathBuf};

/// Attributes whose values are never shown to the user.
const CODE_ATTRIBUTES: &[&str] = &[
    "id=",
    "class=",
    "for=",
    "type=",
    "list=",
    "inputmode=",
    "min=",
    "max=",
    "step=",
    "value=",
    "role=",
    "viewBox=",
    "preserveAspectRatio=",
    "accept=",
    "name=",
    "href=",
    "src=",
    "autocomplete=",
    "maxlength=",
    "rows=",
    "style=",
    "data-",
    "lang=",
    "d=",
    "points=",
    "x=",
    "y=",
    "width=",
    "height=",
    "rx=",
    "fill=",
    "stroke=",
];

/// Literals that are not words of a language: units, symbols, a brand.
const NOT_WORDS: &[&str] = &[
    "shopbench",
    "VIN",
    "MIL",
    "OBD-II",
    "J2534",
    "ELM327",
    "PDF",
    "CSV",
    "USD",
    "CAD",
];

/// The report files whose own words are translated: every report (the
/// diagnosis with its scan details and bulletins, the estimate with its
/// repair-scan comparison, the purchase costs, the inspection), the layout
/// they share and their formatting (reading names: missed until format.rs
/// was read too).
const REPORT_SOURCES: &[&str] = &[
    "diagnosis.rs",
    "format.rs",
    "layout.rs",
    "scan_details.rs",
    "bulletins.rs",
    "costs.rs",
    "estimate.rs",
    "inspection.rs",
    "scans.rs",
];

/// Report files with no words of their own: the font loader, and the
/// crate root (re-exports and the shop's data types).
const REPORT_WITHOUT_WORDS: &[&str] = &["fonts.rs", "lib.rs"];

/// Regression: the check read a hand-written list of report files and
/// missed `format.rs`, whose reading names stayed English in French. Every
/// report file is now either read or named as holding no words.
#[test]
fn regression_a_report_file_was_left_out_of_the_check() {
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("../report/src");
    for e in std::fs::read_dir(&report).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().to_string();
        if name.ends_with(".rs") {
            assert!(
                REPORT_SOURCES.contains(&name.as_str())
                    || REPORT_WITHOUT_WORDS.contains(&name.as_str()),
                "crates/report/src/{name} is neither read by the catalogue check nor named as holding no words"
            );
        }
    }
}

fn sources() -> Vec<PathBuf> {
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("../report/src");
    let mut out = ui_sources();
    out.extend(REPORT_SOURCES.iter().map(|f| report.join(f)));
    out
}

fn ui_sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src");
    let mut out = Vec::new();
    let mut dirs = vec![root];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("ui/src is beside crates/") {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Each string literal of a line: its text and what stands before it on the line.
fn literals(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            break; // a comment
        }
        if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            i += 3; // a char literal such as '"'
            continue;
        }
        if b[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            let end = j.min(b.len());
            out.push((line[start..end].to_string(), line[..i].to_string()));
            i = end + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether a literal reads as words for a person: a capitalised word, a
/// word of capitals (`FAIL`), or a word beside a space, a `?` or a bracket
/// (`" (edited)"`, `"battery ?"`). Format holes (`{}`, `{name}`) are not
/// words. A lone lower-case word (`"none"`) is not caught: it reads the same
/// as a code value, so such words are looked up where they are written.
fn is_words(s: &str) -> bool {
    let mut text = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth == 0 => text.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 2)
        .collect();
    if words.is_empty() || NOT_WORDS.contains(&s.trim()) {
        return false;
    }
    let capitalised = words.iter().any(|w| {
        let mut c = w.chars();
        c.next().is_some_and(|f| f.is_uppercase()) && c.all(|x| x.is_lowercase())
    });
    let shouting = words
        .iter()
        .any(|w| w.chars().count() >= 4 && w.chars().all(|c| c.is_uppercase()));
    let phrase = text.contains(' ') || text.contains('?') || text.contains('(');
    // A snake_case value, a path, a URL or a selector is code.
    let code = (s.contains('_') && !s.contains(' '))
        || s.starts_with('/')
        || s.starts_with('#')
        || s.contains("://")
        || s.starts_with('.');
    !code && (capitalised || shouting || phrase)
}

/// Whether the literal stands where code, not text, goes.
fn is_code_position(before: &str) -> bool {
    let b = before.trim_end();
    let b = b.strip_suffix("format!(").unwrap_or(b).trim_end();
    CODE_ATTRIBUTES.iter().any(|a| {
        b.ends_with(a)
            || (a.ends_with('-') && b.rsplit(' ').next().is_some_and(|w| w.starts_with(a)))
    }) || b.ends_with("Locator::Css(")
        || b.ends_with("key() ==")
        || b.ends_with("listen(")
        || b.ends_with(".expect(")
}

/// Whether the literal is the argument of a lookup: `t("…")`, `tf("…", …)`.
fn is_looked_up(before: &str) -> bool {
    let called = |b: &str| {
        b.rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("")
            .to_string()
    };
    // `tr(lang, "…")`, `trf(lang, "…", …)`: the text is the second argument.
    if let Some((b, args)) = before.rsplit_once('(') {
        if matches!(called(b).as_str(), "tr" | "trf")
            && args.trim_end().ends_with(',')
            && !args.contains(')')
        {
            return true;
        }
    }
    let Some(b) = before.trim_end().strip_suffix('(') else {
        return false;
    };
    matches!(called(b).as_str(), "t" | "tf" | "n" | "tr")
}

/// The texts the catalogue has no French for.
fn without_french(texts: &[String]) -> Vec<&String> {
    texts
        .iter()
        .filter(|t| !shopbench_i18n::has_french(t))
        .collect()
}

/// The string literals of the function `signature` starts in the file at
/// `path` (relative to this crate), up to `end` (its closing line).
fn literals_of_fn(path: &str, signature: &str, end: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find(signature)
        .unwrap_or_else(|| panic!("{signature} not in {}", path.display()));
    let body = &text[start..start + text[start..].find(end).expect("its end")];
    body.lines()
        .flat_map(literals)
        .map(|(lit, _)| lit)
        .collect()
}

#[test]
fn every_screen_text_goes_through_the_catalogue_and_has_its_french() {
    let mut untranslated = Vec::new();
    let mut no_french = Vec::new();
    for file in sources() {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let mut in_tests = false;
        // The two lines before, joined (a call's opening and its first argument).
        let (mut last, mut prev) = (String::new(), String::new());
        for (n, line) in text.lines().enumerate() {
            let this = line.trim().to_string();
            let trimmed = line.trim_start();
            if trimmed.starts_with("#[cfg(test)]") {
                in_tests = true;
            }
            if in_tests
                || trimmed.starts_with("//")
                || trimmed.starts_with("#[")
                || line.contains("// i18n: ")
            {
                continue;
            }
            for (lit, before) in literals(line) {
                // A literal opening its line is an argument of the call the
                // lines before open (`tf(` then the template; `trf(`,
                // `lang,` then the template).
                let before = if before.trim().is_empty() {
                    prev.clone()
                } else {
                    before
                };
                if is_looked_up(&before) {
                    if !shopbench_i18n::has_french(&lit.replace("\\\"", "\"")) {
                        no_french.push(format!("{name}:{}: {lit:?}", n + 1));
                    }
                } else if is_words(&lit) && !is_code_position(&before) {
                    untranslated.push(format!("{name}:{}: {lit:?}", n + 1));
                }
            }
            if !this.is_empty() {
                prev = format!("{last} {this}");
                last = this;
            }
        }
    }
    assert!(
        untranslated.is_empty(),
        "{} screen texts not looked up with t(…)/tf(…):\n{}",
        untranslated.len(),
        untranslated.join("\n")
    );
    assert!(
        no_french.is_empty(),
        "{} texts missing from assets/i18n/fr-CA.tsv:\n{}",
        no_french.len(),
        no_french.join("\n")
    );
}

/// The desktop's error headlines (`DesktopError::title`, sent to the UI as
/// text and looked up there) each have their French.
#[test]
fn every_error_headline_has_its_french() {
    let titles = literals_of_fn("../../src-tauri/src/error.rs", "pub fn title(", "\n    }\n");
    assert!(
        titles.len() >= 20,
        "only {} headlines found: the reader is out of date",
        titles.len()
    );
    let missing = without_french(&titles);
    assert!(
        missing.is_empty(),
        "error headlines without French: {missing:?}"
    );
}

/// The Diagnosis screen shows each cause's system (`air_fuel` as "air
/// fuel") through the catalogue: every system the knowledge names has its
/// French.
#[test]
fn every_cause_system_has_its_french() {
    let mut systems: Vec<String> = knowledge_values("causes.json", "system")
        .iter()
        .map(|s| s.replace('_', " "))
        .collect();
    systems.sort();
    systems.dedup();
    assert!(
        systems.len() >= 10,
        "only {systems:?}: the reader is out of date"
    );
    let missing = without_french(&systems);
    assert!(missing.is_empty(), "systems without French: {missing:?}");
}

/// The values of `key` in a knowledge file (the i18n crate has no JSON
/// reader: they are read as text).
fn knowledge_values(file: &str, key: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets/knowledge")
        .join(file);
    let text = std::fs::read_to_string(path).unwrap();
    text.split(&format!("\"{key}\""))
        .skip(1)
        .filter_map(|rest| {
            let rest = rest.trim_start().strip_prefix(':')?.trim_start();
            let rest = rest.strip_prefix('"')?;
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect()
}

/// Every cause and test name of the diagnosis knowledge — the causes the
/// Diagnosis screen and the customer's report name, the tests the plan
/// names, with their procedures, normal results and tools — and every
/// rule's note (the evidence a combination, a reading or a make gives) has
/// its French.
#[test]
fn every_cause_and_test_name_has_its_french() {
    for (file, key, at_least) in [
        ("causes.json", "name", 80),
        ("tests.json", "name", 70),
        ("tests.json", "procedure", 70),
        ("tests.json", "expected", 70),
        ("tests.json", "tool", 70),
        ("tests.json", "one", 6),
        ("tests.json", "several", 6),
        ("rules.json", "note", 70),
    ] {
        let names = knowledge_values(file, key);
        assert!(
            names.len() >= at_least,
            "{file}: only {} {key} values: the reader is out of date",
            names.len()
        );
        let missing = without_french(&names);
        assert!(
            missing.is_empty(),
            "{file}: {key} values without French: {missing:?}"
        );
    }
}

/// A plan step naming the misfiring cylinders (a test's `cylinder_name`,
/// filled in as the engine fills it: one cylinder, two, three) reads in
/// French with no English left, as the desktop and the report show it.
#[test]
fn every_cylinder_name_filled_in_has_its_french() {
    let fill = |text: &str, holes: &[&str]| {
        holes
            .iter()
            .fold(text.to_string(), |t, h| t.replacen("{}", h, 1))
    };
    let ones = knowledge_values("tests.json", "one");
    let several = knowledge_values("tests.json", "several");
    assert!(ones.len() >= 6, "only {ones:?}: the reader is out of date");
    let filled = ones.iter().map(|t| (fill(t, &["3"]), "cylindre 3"));
    let filled = filled.chain(several.iter().flat_map(|t| {
        [
            (fill(t, &["2", "5"]), "cylindres 2 et 5"),
            (fill(t, &["1, 4", "6"]), "cylindres 1, 4 et 6"),
        ]
    }));
    for (english, cylinders) in filled {
        let french = shopbench_i18n::tr_text(shopbench_i18n::Lang::FrCa, &english);
        assert!(
            french.contains(cylinders) && !shopbench_i18n::english_left(&french),
            "{english} → {french}"
        );
    }
}

/// The diagnosis engine's confidence labels (`high`, `medium`, …), shown on
/// the Diagnosis screen and in the report through the catalogue, each have
/// their French.
#[test]
fn every_confidence_label_has_its_french() {
    let labels = literals_of_fn(
        "../diagnosis/src/engine.rs",
        "fn confidence_label(",
        "\n}\n",
    );
    assert!(
        labels.len() >= 3,
        "only {labels:?}: the reader is out of date"
    );
    let missing = without_french(&labels);
    assert!(
        missing.is_empty(),
        "confidence labels without French: {missing:?}"
    );
}

#[test]
fn the_check_tells_text_from_code() {
    assert!(is_words("Connect to the car"));
    assert!(is_words("Connect"));
    assert!(!is_words("front_bumper"));
    assert!(!is_words("ca"));
    assert!(!is_words("{} {}"));
    assert!(!is_words("/dev/ttyUSB0"));
    assert!(is_words(" (edited)"));
    assert!(is_words("FAIL"));
    assert!(!is_words("{engine} · {}"));
    assert!(!is_words("https://api.example.com"));
    assert!(is_code_position("<li class=format!("));
    assert!(is_code_position("<p class="));
    assert!(!is_code_position("<h2>"));
    assert!(is_looked_up("{t("));
    assert!(is_looked_up("x = tf("));
    assert!(!is_looked_up("s.split("));
    assert!(is_looked_up("shopbench_i18n::tr(lang, "));
    assert!(is_looked_up("trf(lang, "));
    assert!(!is_looked_up("str(lang, "));
    assert!(is_code_position("x.expect("));
    assert!(!is_looked_up("tr(lang, x).push("));
    assert!(!is_looked_up("v.join("));
    let l = literals(r#"<h2>"Connected"</h2><p id="x">"Two words"</p> // "comment""#);
    assert_eq!(l.len(), 3, "{l:?}");
    assert_eq!(l[0].0, "Connected");
}
