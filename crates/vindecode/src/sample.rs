//! Plausible VINs built from the dataset itself, for benchmarks and tests.

use crate::dataset::{Dataset, Pattern, WmiInfo};
use crate::keys::{Constraint, DESCRIPTOR_LEN};
use crate::Decoder;

/// VIN characters (no I, O, Q).
const VIN_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
/// Position-10 year codes from 1980 (and again from 2010).
const YEAR_CODES: &[u8; 30] = b"ABCDEFGHJKLMNPRSTVWXY123456789";
const MODEL: u16 = 28;

/// A small deterministic generator (xorshift64*), so that runs are repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn symbol_char(s: u32) -> Option<u8> {
    match s {
        0..=9 => Some(b'0' + s as u8),
        10..=35 => Some(b'A' + (s - 10) as u8),
        _ => None,
    }
}

/// `n` varied, well-formed VINs (valid check digit) for many manufacturers
/// and model years, built by taking a random WMI (half uniformly, half in
/// proportion to its number of VIN schemas), one of its VIN schemas, a
/// model year in the schema's range and one of the schema's model patterns,
/// and filling the positions the pattern leaves open at random. The same
/// `seed` gives the same VINs.
pub fn plausible_vins(decoder: &Decoder, n: usize, seed: u64) -> Vec<String> {
    let data = decoder.dataset();
    let wmis = wmis_with_models(data);
    if wmis.is_empty() {
        return Vec::new();
    }
    let picker = WmiPicker::new(&wmis);
    let mut rng = Rng(seed | 1);
    let mut out = Vec::with_capacity(n);
    let mut attempts = 0usize;
    while out.len() < n && attempts < n * 50 {
        attempts += 1;
        let (code, wmi) = wmis[picker.pick(attempts, &mut rng)];
        if let Some(vin) = try_vin(data, code, wmi, decoder.this_year(), &mut rng) {
            out.push(vin);
        }
    }
    out
}

/// The WMIs (by code) with at least one schema that has model patterns,
/// leaving out malformed small-manufacturer codes.
fn wmis_with_models(data: &Dataset) -> Vec<(&String, &WmiInfo)> {
    let mut wmis: Vec<(&String, &WmiInfo)> = data
        .wmis
        .iter()
        .filter(|(code, w)| {
            (code.len() == 3 && code.as_bytes()[2] != b'9' || code.len() == 6)
                && w.schemas.iter().any(|(s, _, _)| {
                    data.schemas
                        .get(s)
                        .is_some_and(|ps| ps.iter().any(|p| p.element == MODEL))
                })
        })
        .collect();
    wmis.sort_by(|a, b| a.0.cmp(b.0));
    wmis
}

/// Picks WMIs: half the VINs uniformly (many small trailer and equipment
/// makers), half in proportion to the number of schema links (the big car
/// and truck makers, whose schemas hold most patterns).
struct WmiPicker {
    /// Running total of schema links, per WMI.
    cumulative: Vec<usize>,
    total: usize,
}

impl WmiPicker {
    fn new(wmis: &[(&String, &WmiInfo)]) -> WmiPicker {
        let mut cumulative = Vec::with_capacity(wmis.len());
        let mut total = 0usize;
        for (_, w) in wmis {
            total += w.schemas.len();
            cumulative.push(total);
        }
        WmiPicker { cumulative, total }
    }

    /// The index of the WMI for the `attempt`-th try (even: uniform, odd:
    /// by schema links).
    fn pick(&self, attempt: usize, rng: &mut Rng) -> usize {
        if attempt % 2 == 0 {
            rng.below(self.cumulative.len())
        } else {
            let r = rng.below(self.total);
            self.cumulative.partition_point(|&c| c <= r)
        }
    }
}

/// One try at a VIN for the WMI: a random schema, model year in its range
/// and model pattern, a descriptor that satisfies the pattern, and the check
/// digit. `None` when one of the random choices leads nowhere.
fn try_vin(
    data: &Dataset,
    code: &str,
    wmi: &WmiInfo,
    this_year: u16,
    rng: &mut Rng,
) -> Option<String> {
    let (schema, from, to) = wmi.schemas[rng.below(wmi.schemas.len())];
    let year = random_year(from, to, this_year, rng)?;
    let p = random_model_pattern(data, schema, rng)?;
    let mut desc = random_descriptor(year, wmi.car_lt, code, rng);
    if !satisfy(&mut desc, data.constraints_of(p), wmi.car_lt, code, rng) {
        return None;
    }
    with_check_digit(code, &desc)
}

/// A random model year in the schema's range, from 1981 to this year (none
/// when the range lies outside).
fn random_year(from: u16, to: Option<u16>, this_year: u16, rng: &mut Rng) -> Option<u16> {
    let first = from.max(1981);
    let last = to.unwrap_or(this_year).min(this_year);
    if first > last {
        return None;
    }
    Some(first + rng.below(usize::from(last - first) + 1) as u16)
}

/// A random model pattern of the schema that is not a formula.
fn random_model_pattern<'a>(data: &'a Dataset, schema: u32, rng: &mut Rng) -> Option<&'a Pattern> {
    let patterns = data.schemas.get(&schema)?;
    let models: Vec<_> = patterns
        .iter()
        .filter(|p| p.element == MODEL && p.formula_span.is_none())
        .collect();
    if models.is_empty() {
        return None;
    }
    Some(models[rng.below(models.len())])
}

/// A random descriptor with the year code, the 30-year cycle of position 7
/// for cars and light trucks, and the small manufacturer's positions 12–14.
/// Descriptor positions 0–4 = VIN 4–8, 5 = '|', 6–13 = VIN 10–17.
fn random_descriptor(year: u16, car_lt: bool, code: &str, rng: &mut Rng) -> [u8; DESCRIPTOR_LEN] {
    let mut desc = [0u8; DESCRIPTOR_LEN];
    for (i, c) in desc.iter_mut().enumerate() {
        *c = if i == 5 {
            b'|'
        } else if i >= 8 {
            b'0' + rng.below(10) as u8
        } else {
            VIN_CHARS[rng.below(VIN_CHARS.len())]
        };
    }
    desc[6] = YEAR_CODES[usize::from((year - 1980) % 30)];
    if car_lt {
        // Position 7 tells the 30-year cycle for cars and light trucks.
        desc[3] = if year >= 2010 {
            VIN_CHARS[10 + rng.below(VIN_CHARS.len() - 10)]
        } else {
            b'0' + rng.below(10) as u8
        };
    }
    if code.len() == 6 {
        desc[8..11].copy_from_slice(&code.as_bytes()[3..6]);
    }
    desc
}

/// Makes the descriptor satisfy the pattern's constraints: open positions
/// get a random allowed character, positions already fixed (separator,
/// year, cycle, small-manufacturer code) must already be allowed. `false`
/// when they cannot.
fn satisfy(
    desc: &mut [u8; DESCRIPTOR_LEN],
    cons: &[Constraint],
    car_lt: bool,
    code: &str,
    rng: &mut Rng,
) -> bool {
    for c in cons {
        let pos = usize::from(c.pos);
        let fixed = pos == 5
            || pos == 6
            || (car_lt && pos == 3)
            || (code.len() == 6 && (8..11).contains(&pos));
        let allowed = vin_chars_allowed(c);
        if fixed {
            let bar_ok = pos == 5 && c.allowed & (1 << 36) != 0;
            if !bar_ok && !allowed.contains(&desc[pos]) {
                return false;
            }
        } else if allowed.is_empty() {
            return false;
        } else {
            desc[pos] = allowed[rng.below(allowed.len())];
        }
    }
    true
}

/// The VIN characters (no I, O, Q) a constraint allows.
fn vin_chars_allowed(c: &Constraint) -> Vec<u8> {
    (0..36)
        .filter(|s| c.allowed & (1u64 << s) != 0)
        .filter_map(symbol_char)
        .filter(|ch| !matches!(ch, b'I' | b'O' | b'Q'))
        .collect()
}

/// The VIN of the WMI and descriptor with its check digit computed (`None`
/// when it does not parse as a VIN).
fn with_check_digit(code: &str, desc: &[u8; DESCRIPTOR_LEN]) -> Option<String> {
    let mut vin = Vec::with_capacity(17);
    vin.extend_from_slice(&code.as_bytes()[..3]);
    vin.extend_from_slice(&desc[..5]);
    vin.push(b'0');
    vin.extend_from_slice(&desc[6..]);
    let text = String::from_utf8(vin).expect("ASCII");
    let parsed = text.parse::<shopbench_core::Vin>().ok()?;
    let mut bytes = text.into_bytes();
    bytes[8] = parsed.expected_check_digit() as u8;
    Some(String::from_utf8(bytes).expect("ASCII"))
}
