//! vPIC pattern keys and the VIN descriptor they are matched against.
//!
//! vPIC matches a pattern with SQL `LIKE`: the VIN's descriptor
//! (positions 4–8, a `|`, positions 10–17 — 14 characters) must start with the
//! pattern's `Keys`, where `*` is any one character and `[A-D]`, `[0-9XY]`
//! are character classes (SQL Server syntax):
//!
//! ```text
//!   VIN        1 F T F W 1 E T 5 D F C 1 0 3 1 2
//!   position   1 2 3 4 5 6 7 8 9 ...
//!   descriptor       F W 1 E T | D F C 1 0 3 1 2     (position 9 is left out)
//!   Keys             * * 1 E [S-V] | * F             matches
//! ```
//!
//! A compiled key is the list of its constrained positions, each with a 64-bit
//! set of the symbols allowed there; matching is one AND per constrained
//! position. "Formula" keys (`#` = any digit, whose digits become the value)
//! are matched against the descriptor with every digit replaced by `#`.

/// Length of the descriptor: positions 4–8, `|`, positions 10–17.
pub(crate) const DESCRIPTOR_LEN: usize = 14;

/// Index of a descriptor symbol in the 64-bit sets: `0`–`9`, `A`–`Z`, `|`, `#`.
fn symbol(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(10 + u32::from(c - b'A')),
        b'|' => Some(36),
        b'#' => Some(37),
        _ => None,
    }
}

fn bit(c: u8) -> u64 {
    symbol(c).map_or(0, |s| 1u64 << s)
}

/// One constrained position of a key: the position in the descriptor and the
/// set of symbols allowed there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Constraint {
    pub pos: u8,
    pub allowed: u64,
}

/// A parsed key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompiledKey {
    /// Positions the key constrains (wildcards are left out).
    pub constraints: Vec<Constraint>,
    /// The key can never match (longer than the descriptor, or malformed).
    pub impossible: bool,
    /// Number of characters other than `*` — vPIC's tie-breaker
    /// `LENGTH(REPLACE(Keys, '*', ''))`.
    pub non_wildcard_len: u8,
    /// `(first, last)` descriptor positions of `#` in a formula key.
    pub formula_span: Option<(u8, u8)>,
}

/// Parses a vPIC `Keys` string.
pub(crate) fn compile(keys: &str) -> CompiledKey {
    let k = keys.trim().to_ascii_uppercase();
    let b = k.as_bytes();
    let mut constraints = Vec::new();
    let mut impossible = false;
    let mut pos = 0usize;
    let mut i = 0usize;
    let mut hashes: Option<(u8, u8)> = None;
    while i < b.len() {
        let c = b[i];
        if pos >= DESCRIPTOR_LEN {
            // LIKE 'keys%' cannot match a 14-character descriptor.
            impossible = true;
            break;
        }
        match c {
            b'*' => i += 1,
            b'[' => {
                let Some(end) = b[i + 1..]
                    .iter()
                    .position(|&x| x == b']')
                    .map(|e| i + 1 + e)
                else {
                    impossible = true;
                    break;
                };
                let class = &b[i + 1..end];
                let mut allowed = 0u64;
                let mut j = 0;
                while j < class.len() {
                    if j + 2 < class.len() && class[j + 1] == b'-' {
                        for ch in class[j]..=class[j + 2] {
                            allowed |= bit(ch);
                        }
                        j += 3;
                    } else {
                        allowed |= bit(class[j]);
                        j += 1;
                    }
                }
                constraints.push(Constraint {
                    pos: pos as u8,
                    allowed,
                });
                i = end + 1;
            }
            _ => {
                if c == b'#' {
                    let p = pos as u8;
                    hashes = Some(hashes.map_or((p, p), |(f, _)| (f, p)));
                }
                constraints.push(Constraint {
                    pos: pos as u8,
                    allowed: bit(c),
                });
                i += 1;
            }
        }
        pos += 1;
    }
    let non_wildcard_len = k.bytes().filter(|&c| c != b'*').count().min(255) as u8;
    CompiledKey {
        constraints,
        impossible,
        non_wildcard_len,
        formula_span: hashes,
    }
}

/// The descriptor of a VIN as one symbol bit per position, plain and with
/// every digit turned into `#` (for formula keys).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Descriptor {
    pub text: [u8; DESCRIPTOR_LEN],
    pub bits: [u64; DESCRIPTOR_LEN],
    pub formula_bits: [u64; DESCRIPTOR_LEN],
}

impl Descriptor {
    /// vPIC's `var_keys`: `SUBSTRING(vin, 4, 5) || '|' || SUBSTRING(vin, 10, 8)`.
    pub fn of(vin: &str) -> Descriptor {
        let v = vin.as_bytes();
        let mut text = [b'*'; DESCRIPTOR_LEN];
        text[..5].copy_from_slice(&v[3..8]);
        text[5] = b'|';
        text[6..].copy_from_slice(&v[9..17]);
        let mut bits = [0u64; DESCRIPTOR_LEN];
        let mut formula_bits = [0u64; DESCRIPTOR_LEN];
        for (i, &c) in text.iter().enumerate() {
            bits[i] = bit(c);
            formula_bits[i] = if c.is_ascii_digit() {
                bit(b'#')
            } else {
                bit(c)
            };
        }
        Descriptor {
            text,
            bits,
            formula_bits,
        }
    }

    /// Whether `constraints` all hold over `bits`.
    #[inline]
    pub fn matches(bits: &[u64; DESCRIPTOR_LEN], constraints: &[Constraint]) -> bool {
        constraints
            .iter()
            .all(|c| bits[usize::from(c.pos)] & c.allowed != 0)
    }

    /// The descriptor text between two positions, inclusive.
    pub fn slice(&self, from: u8, to: u8) -> String {
        String::from_utf8_lossy(&self.text[usize::from(from)..=usize::from(to)]).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(keys: &str, vin: &str) -> bool {
        let k = compile(keys);
        !k.impossible && Descriptor::matches(&Descriptor::of(vin).bits, &k.constraints)
    }

    #[test]
    fn descriptor_skips_the_check_digit() {
        assert_eq!(&Descriptor::of("1FTFW1ET5DFC10312").text, b"FW1ET|DFC10312");
    }

    #[test]
    fn wildcards_and_literals_match_as_a_prefix() {
        assert!(m("FW1E", "1FTFW1ET5DFC10312"));
        assert!(m("**1E*|D", "1FTFW1ET5DFC10312"));
        assert!(m("*****|*F", "1FTFW1ET5DFC10312"));
        assert!(!m("*****|*G", "1FTFW1ET5DFC10312"));
        assert!(!m("FX", "1FTFW1ET5DFC10312"));
    }

    #[test]
    fn classes_and_ranges() {
        assert!(m("**[0-2]", "1FTFW1ET5DFC10312"));
        assert!(m("****[RST]", "1FTFW1ET5DFC10312"));
        assert!(!m("****[A-D]", "1FTFW1ET5DFC10312"));
        assert!(m("*****|*[A-DF]", "1FTFW1ET5DFC10312"));
    }

    #[test]
    fn too_long_keys_never_match() {
        assert!(compile("*****|*********").impossible);
        assert!(!compile("*****|********").impossible);
    }

    #[test]
    fn formula_keys_match_digits_and_span_them() {
        let k = compile("**#|9");
        assert_eq!(k.formula_span, Some((2, 2)));
        let d = Descriptor::of("1FTFW1ET5DFC10312");
        assert!(!Descriptor::matches(&d.formula_bits, &k.constraints)); // pos 6 is 'E', not '|'
        let k = compile("**#");
        assert!(Descriptor::matches(&d.formula_bits, &k.constraints));
        assert!(!Descriptor::matches(&d.bits, &k.constraints));
        assert_eq!(d.slice(2, 2), "1");
    }

    #[test]
    fn specificity_counts_non_wildcards() {
        assert_eq!(compile("**1E*|D").non_wildcard_len, 4);
        assert_eq!(compile("[AB]").non_wildcard_len, 4);
    }

    proptest::proptest! {
        #[test]
        fn compiling_any_key_never_panics(keys in "\\PC{0,30}") {
            let k = compile(&keys);
            proptest::prop_assert!(k.constraints.iter().all(|c| usize::from(c.pos) < DESCRIPTOR_LEN));
        }

        #[test]
        fn a_literal_key_taken_from_the_vin_always_matches(
            vin in "[0-9A-HJ-NPR-Z]{17}",
            len in 1usize..=14,
        ) {
            let d = Descriptor::of(&vin);
            let keys = String::from_utf8(d.text[..len].to_vec()).unwrap();
            let k = compile(&keys);
            proptest::prop_assert!(Descriptor::matches(&d.bits, &k.constraints));
        }
    }
}
