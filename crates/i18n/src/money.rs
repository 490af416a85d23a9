//! Money as each language writes it: English `$1,234.50`; French (Canada)
//! `1 234,50 $` — a space between thousands, a decimal comma and the sign
//! after the amount, as the Office québécois de la langue française
//! recommends (the spaces are no-break spaces, U+00A0, so an amount never
//! breaks across lines). Amounts are integer cents; negative amounts take a
//! minus sign (U+2212) in front.

use crate::Lang;

/// The no-break space written inside French amounts.
pub const NBSP: char = '\u{a0}';

/// `cents` as `lang` writes an amount in dollars (US or Canadian: the sign
/// is the same).
pub fn money(lang: Lang, cents: i64) -> String {
    amount(lang, cents, "$")
}

/// `cents` in the currency `code` (ISO 4217): dollars as [`money`], any
/// other currency with its code after the number (`20.00 EUR`, `20,00 EUR`).
pub fn money_in(lang: Lang, cents: i64, code: &str) -> String {
    match code {
        "USD" | "CAD" | "" => money(lang, cents),
        other => {
            let sep = if lang == Lang::FrCa { NBSP } else { ' ' };
            format!("{}{sep}{other}", amount(lang, cents, ""))
        }
    }
}

/// `cents` as a bare amount, without the currency (`1,234.50`, `1 234,50`),
/// for a table that names its currency once.
pub fn amount_only(lang: Lang, cents: i64) -> String {
    // An ASCII minus, as the CLI's tables always printed it (its English
    // output may be read by scripts).
    amount(lang, cents, "").replacen('−', "-", 1)
}

/// A low–high range; one amount when both ends agree.
pub fn money_range(lang: Lang, low: i64, high: i64) -> String {
    range(money(lang, low), money(lang, high))
}

/// [`money_range`] in the currency `code`.
pub fn money_range_in(lang: Lang, low: i64, high: i64, code: &str) -> String {
    range(money_in(lang, low, code), money_in(lang, high, code))
}

/// A whole number with its thousands grouped as `lang` writes them:
/// `148,200` in English, `148 200` (no-break space) in French.
pub fn thousands(lang: Lang, n: u64) -> String {
    grouped(n, marks(lang).0)
}

/// A number already written with a decimal point (`2.5`, `+12.3`), with
/// the decimal comma in French (`2,5`); English unchanged.
pub fn decimal(lang: Lang, number: &str) -> String {
    match lang {
        Lang::En => number.to_string(),
        Lang::FrCa => number.replace('.', ","),
    }
}

fn range(low: String, high: String) -> String {
    if low == high {
        low
    } else {
        format!("{low} – {high}")
    }
}

/// The thousands separator and the decimal mark `lang` writes.
fn marks(lang: Lang) -> (char, char) {
    match lang {
        Lang::En => (',', '.'),
        Lang::FrCa => (NBSP, ','),
    }
}

/// `cents` with the currency `sign` where `lang` puts it (none when empty).
fn amount(lang: Lang, cents: i64, sign: &str) -> String {
    let minus = if cents < 0 { "−" } else { "" };
    let abs = cents.unsigned_abs();
    let (sep, mark) = marks(lang);
    let number = format!("{}{mark}{:02}", grouped(abs / 100, sep), abs % 100);
    match lang {
        _ if sign.is_empty() => format!("{minus}{number}"),
        Lang::En => format!("{minus}{sign}{number}"),
        Lang::FrCa => format!("{minus}{number}{NBSP}{sign}"),
    }
}

/// `1234567` → `1,234,567` (with `sep`).
fn grouped(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_writes_dollars_its_own_way() {
        let fr = |c| money(Lang::FrCa, c).replace(NBSP, " ");
        assert_eq!(money(Lang::En, 123_450), "$1,234.50");
        assert_eq!(fr(123_450), "1 234,50 $");
        assert_eq!(money(Lang::En, 250_000_000), "$2,500,000.00");
        assert_eq!(fr(250_000_000), "2 500 000,00 $");
        assert_eq!(money(Lang::En, 5), "$0.05");
        assert_eq!(fr(5), "0,05 $");
        assert_eq!(money(Lang::En, -305), "−$3.05");
        assert_eq!(fr(-305), "−3,05 $");
        assert_eq!(money_range(Lang::En, 100, 100), "$1.00");
        assert_eq!(
            money_range(Lang::FrCa, 100, 250).replace(NBSP, " "),
            "1,00 $ – 2,50 $"
        );
    }

    #[test]
    fn french_numbers_take_the_decimal_comma() {
        assert_eq!(thousands(Lang::En, 148_200), "148,200");
        assert_eq!(thousands(Lang::FrCa, 148_200).replace(NBSP, " "), "148 200");
        assert_eq!(thousands(Lang::En, 999), "999");
        assert_eq!(decimal(Lang::FrCa, "2.5 h"), "2,5 h");
        assert_eq!(decimal(Lang::En, "2.5 h"), "2.5 h");
    }

    #[test]
    fn another_currency_is_named_by_its_code() {
        assert_eq!(money_in(Lang::En, 2_000, "EUR"), "20.00 EUR");
        assert_eq!(
            money_in(Lang::FrCa, 123_400, "EUR").replace(NBSP, " "),
            "1 234,00 EUR"
        );
        assert_eq!(money_in(Lang::En, 2_000, "CAD"), "$20.00");
        assert_eq!(amount_only(Lang::En, 123_450), "1,234.50");
        assert_eq!(amount_only(Lang::En, -305), "-3.05");
        // As the CLI's purchase-cost table has always written them.
        assert_eq!(amount_only(Lang::En, 181_250), "1,812.50");
        assert_eq!(amount_only(Lang::En, 500_000_000), "5,000,000.00");
        assert_eq!(amount_only(Lang::En, 0), "0.00");
        assert_eq!(
            amount_only(Lang::FrCa, 123_450).replace(NBSP, " "),
            "1 234,50"
        );
        assert_eq!(
            money_range_in(Lang::En, 2_000, 12_000, "EUR"),
            "20.00 EUR – 120.00 EUR"
        );
    }
}
