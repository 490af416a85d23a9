//! Turning an ELM327's text lines into per-ECU messages (pure; no I/O).
//!
//! With headers on (`ATH1`) and spaces off (`ATS0`) the adapter prints one frame
//! per line:
//!
//! ```text
//! CAN 11-bit   7E8 10 14 49 02 01 57 50 30      header(3 hex) PCI data…
//! CAN 29-bit   18DAF110 03 41 0D 32             header(8 hex) PCI data…
//! K-line/J1850 48 6B 10 41 0C 1A F8 C4          prio/fmt, target, source, data…, checksum
//!              86 F1 10 41 0C 1A F8 xx          (KWP: 0x80|length, target, source, …)
//! ```
//!
//! ISO-TP (ISO 15765-2) PCI byte, high nibble: `0` single frame (low nibble =
//! length), `1` first frame (12-bit length over the low nibble and the next
//! byte), `2` consecutive frame (low nibble = sequence 1..F,0,1…), `3` flow
//! control (ignored). Frames of different ECUs may interleave; each ECU is
//! reassembled on its own.
//!
//! With headers off the adapter prints `41 0C 1A F8` for single frames and, for
//! multi-frame replies, a length line `014` then `0: …`, `1: …` lines; that
//! format is understood too (the ECU is then [`EcuAddress::Unknown`]).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Who sent a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum EcuAddress {
    /// CAN 11-bit response identifier (0x7E8 = engine, 0x7E9 = transmission, …).
    Can11(u16),
    /// CAN 29-bit identifier (`18DAF1xx`, xx = ECU address).
    Can29(u32),
    /// Source address of a K-line/J1850 frame (0x10 = engine).
    Legacy(u8),
    /// Headers were off: the sender is not known.
    Unknown,
}

impl fmt::Display for EcuAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EcuAddress::Can11(id) => write!(f, "{id:03X}"),
            EcuAddress::Can29(id) => write!(f, "{id:08X}"),
            EcuAddress::Legacy(a) => write!(f, "{a:02X}"),
            EcuAddress::Unknown => f.write_str("ECU"),
        }
    }
}

impl From<EcuAddress> for String {
    fn from(a: EcuAddress) -> String {
        a.to_string()
    }
}

impl TryFrom<String> for EcuAddress {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl FromStr for EcuAddress {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("not an ECU address: {s:?}");
        match s.len() {
            _ if s == "ECU" => Ok(EcuAddress::Unknown),
            2 => u8::from_str_radix(s, 16)
                .map(EcuAddress::Legacy)
                .map_err(|_| bad()),
            3 => u16::from_str_radix(s, 16)
                .map(EcuAddress::Can11)
                .map_err(|_| bad()),
            8 => u32::from_str_radix(s, 16)
                .map(EcuAddress::Can29)
                .map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
}

impl EcuAddress {
    /// A short name for well-known addresses ("engine", "transmission").
    pub fn role(&self) -> Option<&'static str> {
        let low = match self {
            EcuAddress::Can11(id @ 0x7E8..=0x7EF) => (id - 0x7E8) as u8,
            EcuAddress::Can29(id) if id & 0xFFFF_FF00 == 0x18DA_F100 => match id & 0xFF {
                0x10 => 0,
                0x18 => 1,
                _ => return None,
            },
            EcuAddress::Legacy(0x10) => 0,
            EcuAddress::Legacy(0x18) => 1,
            _ => return None,
        };
        match low {
            0 => Some("engine"),
            1 => Some("transmission"),
            _ => None,
        }
    }
}

/// One complete message from one ECU (ISO-TP reassembled; header, PCI and checksum removed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EcuResponse {
    /// Who sent it.
    pub ecu: EcuAddress,
    /// The payload, starting with the response service byte (0x41, 0x43, 0x7F, …).
    pub data: Vec<u8>,
}

/// How frames are laid out on a line; follows from the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameFormat {
    /// ISO 15765-4 with 11-bit identifiers (protocols 6, 8).
    Can11,
    /// ISO 15765-4 with 29-bit identifiers (protocols 7, 9).
    Can29,
    /// SAE J1850, ISO 9141-2, ISO 14230-4 (protocols 1–5): 3 header bytes and a checksum.
    Legacy,
    /// Headers off (`ATH0`): payload only; multi-frame as `014`, `0: …`, `1: …`.
    Headerless,
    /// Guess per line (used before the protocol is known).
    Auto,
}

/// An OBD protocol as numbered by the ELM327 (`ATSPn`, `ATDPN`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Protocol(pub u8);

impl Protocol {
    /// The standard name.
    pub fn name(self) -> &'static str {
        match self.0 {
            0 => "automatic",
            1 => "SAE J1850 PWM (41.6 kbaud)",
            2 => "SAE J1850 VPW (10.4 kbaud)",
            3 => "ISO 9141-2 (5 baud init)",
            4 => "ISO 14230-4 KWP (5 baud init)",
            5 => "ISO 14230-4 KWP (fast init)",
            6 => "ISO 15765-4 CAN (11 bit ID, 500 kbaud)",
            7 => "ISO 15765-4 CAN (29 bit ID, 500 kbaud)",
            8 => "ISO 15765-4 CAN (11 bit ID, 250 kbaud)",
            9 => "ISO 15765-4 CAN (29 bit ID, 250 kbaud)",
            10 => "SAE J1939 CAN (29 bit ID, 250 kbaud)",
            11 => "USER1 CAN (11 bit ID, 125 kbaud)",
            12 => "USER2 CAN (11 bit ID, 50 kbaud)",
            _ => "unknown",
        }
    }

    /// True for the CAN protocols (ISO-TP framing, DTC count byte).
    pub fn is_can(self) -> bool {
        self.0 >= 6
    }

    /// The line format the adapter uses for this protocol.
    pub fn frame_format(self) -> FrameFormat {
        match self.0 {
            6 | 8 | 11 | 12 => FrameFormat::Can11,
            7 | 9 | 10 => FrameFormat::Can29,
            1..=5 => FrameFormat::Legacy,
            _ => FrameFormat::Auto,
        }
    }

    /// Parses an `ATDPN` answer: `6`, `A6` (found by automatic search), `A0`/`0` = none.
    pub fn from_dpn(answer: &str) -> Option<Protocol> {
        let s = answer.trim();
        let s = s.strip_prefix('A').unwrap_or(s);
        let n = u8::from_str_radix(s, 16).ok()?;
        (1..=12).contains(&n).then_some(Protocol(n))
    }

    /// The digit used in `ATSPn`.
    pub fn code(self) -> char {
        char::from_digit(u32::from(self.0), 16)
            .unwrap_or('0')
            .to_ascii_uppercase()
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.name())
    }
}

/// The result of parsing one reply: the messages and any lines that could not be used.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// Complete messages, in the order they completed.
    pub responses: Vec<EcuResponse>,
    /// Why some lines or messages were dropped.
    pub problems: Vec<String>,
}

/// Decodes hex digits (spaces ignored). `None` if a non-hex character or an odd count.
pub(crate) fn hex_bytes(s: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = s.bytes().filter(|b| *b != b' ').collect();
    if digits.len() % 2 != 0 {
        return None;
    }
    digits
        .chunks(2)
        .map(|p| {
            let hi = (p[0] as char).to_digit(16)?;
            let lo = (p[1] as char).to_digit(16)?;
            Some((hi * 16 + lo) as u8)
        })
        .collect()
}

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A multi-frame message of one ECU, still arriving.
#[derive(Default)]
struct Partial {
    expected: usize,
    data: Vec<u8>,
    next_seq: u8,
}

/// Parses the data lines of one reply (adapter messages already removed).
pub fn parse_lines<S: AsRef<str>>(lines: &[S], format: FrameFormat) -> Parsed {
    let mut reply = ReplyParser::default();
    for raw in lines {
        let line: String = raw.as_ref().chars().filter(|c| *c != ' ').collect();
        if !line.is_empty() {
            reply.line(&line, format);
        }
    }
    reply.finish()
}

/// What is known part-way through one reply: the messages and problems so
/// far, each ECU's unfinished multi-frame message, and the total length a
/// headers-off multi-frame reply announced. Lines of one reply depend on
/// each other (frames of one message, the length line), hence the state.
#[derive(Default)]
struct ReplyParser {
    out: Parsed,
    partial: BTreeMap<EcuAddress, Partial>,
    /// headers-off multi-frame: total length announced by a bare 3-digit line
    headerless_len: Option<usize>,
}

impl ReplyParser {
    /// Takes one line (spaces already removed, not empty) as `format` lays
    /// it out. A headers-off segment (`0:490201…`) is recognised whatever
    /// the format, since the adapter prints it so whenever headers are off.
    fn line(&mut self, line: &str, format: FrameFormat) {
        if let Some(rest) = segment_payload(line) {
            self.headerless_segment(line, rest);
            return;
        }
        if !is_hex(line) {
            self.problem(format!("not hex: {line:?}"));
            return;
        }
        let fmt = match format {
            FrameFormat::Auto => guess_format(line),
            f => f,
        };
        // (Headerless falls through to the payload-only branch below.)
        match fmt {
            FrameFormat::Can11 | FrameFormat::Can29 => self.can_line(line, fmt, format),
            FrameFormat::Legacy => legacy_frame(line, &mut self.out),
            FrameFormat::Auto | FrameFormat::Headerless => self.headerless_line(line),
        }
    }

    /// A headers-off multi-frame segment: `rest` is the hex after `N:`,
    /// appended to the one unknown-sender message until the announced
    /// length is reached (no length line: it never completes).
    fn headerless_segment(&mut self, line: &str, rest: &str) {
        let Some(b) = hex_bytes(rest) else {
            self.problem(format!("not hex: {line:?}"));
            return;
        };
        let e = self.partial.entry(EcuAddress::Unknown).or_default();
        if e.expected == 0 {
            e.expected = self.headerless_len.unwrap_or(usize::MAX);
        }
        e.data.extend_from_slice(&b);
        if e.data.len() >= e.expected {
            self.complete(EcuAddress::Unknown);
        }
    }

    /// A CAN line with headers on: the 3- or 8-digit identifier, then the
    /// frame. While guessing (`Auto`), a bare 3-digit line is the length
    /// line of a headers-off multi-frame reply, not a header.
    fn can_line(&mut self, line: &str, fmt: FrameFormat, format: FrameFormat) {
        let hlen = if fmt == FrameFormat::Can11 { 3 } else { 8 };
        if line.len() == 3 && fmt == FrameFormat::Can11 && format == FrameFormat::Auto {
            self.length_line(line);
            return;
        }
        if line.len() < hlen + 2 || (line.len() - hlen) % 2 != 0 {
            self.problem(format!("short or odd CAN frame: {line:?}"));
            return;
        }
        let id = u32::from_str_radix(&line[..hlen], 16).unwrap_or(0);
        let ecu = if hlen == 3 {
            EcuAddress::Can11(id as u16)
        } else {
            EcuAddress::Can29(id)
        };
        let bytes = hex_bytes(&line[hlen..]).unwrap_or_default();
        self.can_frame(ecu, &bytes);
    }

    /// A headers-off line that is not a segment: a 3-digit length line, or
    /// a single frame's payload itself.
    fn headerless_line(&mut self, line: &str) {
        if line.len() == 3 {
            self.length_line(line);
            return;
        }
        match hex_bytes(line) {
            Some(data) => self.out.responses.push(EcuResponse {
                ecu: EcuAddress::Unknown,
                data,
            }),
            None => self.problem(format!("odd number of hex digits: {line:?}")),
        }
    }

    /// Notes the total length a headers-off multi-frame reply announces
    /// (`014` = 20 bytes) for the segments that follow.
    fn length_line(&mut self, line: &str) {
        self.headerless_len = usize::from_str_radix(line, 16).ok();
    }

    /// One ISO-TP frame (PCI byte first) from `ecu`, dispatched on the PCI
    /// type in its high nibble (see the module documentation).
    fn can_frame(&mut self, ecu: EcuAddress, bytes: &[u8]) {
        let Some((&pci, rest)) = bytes.split_first() else {
            return;
        };
        match pci >> 4 {
            0 => self.single_frame(ecu, pci, rest),
            1 => self.first_frame(ecu, pci, rest),
            2 => self.consecutive_frame(ecu, pci, rest),
            3 => {} // flow control: nothing for us
            _ => self.problem(format!("{ecu}: unknown PCI byte {pci:02X}")),
        }
    }

    /// A single frame: a whole message whose length is in the PCI byte
    /// (or, for CAN FD, in the byte after it); padding after it is dropped.
    fn single_frame(&mut self, ecu: EcuAddress, pci: u8, rest: &[u8]) {
        let (len, rest) = single_frame_length(pci, rest);
        if len == 0 || len > rest.len() {
            self.problem(format!(
                "{ecu}: single frame length {len} but {} bytes",
                rest.len()
            ));
            return;
        }
        self.out.responses.push(EcuResponse {
            ecu,
            data: rest[..len].to_vec(),
        });
    }

    /// A first frame: starts `ecu`'s message with its 12-bit total length,
    /// replacing (and reporting) one that had not completed.
    fn first_frame(&mut self, ecu: EcuAddress, pci: u8, rest: &[u8]) {
        let Some((&lo, rest)) = rest.split_first() else {
            self.problem(format!("{ecu}: first frame without length"));
            return;
        };
        let expected = (usize::from(pci & 0x0F) << 8) | usize::from(lo);
        if self.partial.contains_key(&ecu) {
            self.problem(format!(
                "{ecu}: new first frame before the last message completed"
            ));
        }
        let started = Partial {
            expected,
            data: rest.to_vec(),
            next_seq: 1,
        };
        self.partial.insert(ecu, started);
    }

    /// A consecutive frame: appended to `ecu`'s message if its sequence
    /// number is the next one (else the message is dropped), completing it
    /// once the announced length is reached.
    fn consecutive_frame(&mut self, ecu: EcuAddress, pci: u8, rest: &[u8]) {
        let Some(p) = self.partial.get_mut(&ecu) else {
            self.problem(format!("{ecu}: consecutive frame without a first frame"));
            return;
        };
        let seq = pci & 0x0F;
        if seq != p.next_seq {
            let expected = p.next_seq;
            self.problem(format!(
                "{ecu}: consecutive frame {seq:X} where {expected:X} was expected"
            ));
            self.partial.remove(&ecu);
            return;
        }
        p.next_seq = (p.next_seq + 1) & 0x0F;
        p.data.extend_from_slice(rest);
        if p.data.len() >= p.expected {
            self.complete(ecu);
        }
    }

    /// Moves `ecu`'s finished multi-frame message to the responses, cut to
    /// its announced length (the last frame is padded).
    fn complete(&mut self, ecu: EcuAddress) {
        let mut done = self.partial.remove(&ecu).unwrap_or_default();
        done.data.truncate(done.expected);
        self.out.responses.push(EcuResponse {
            ecu,
            data: done.data,
        });
    }

    /// Notes why a line or message was dropped.
    fn problem(&mut self, message: String) {
        self.out.problems.push(message);
    }

    /// The result: messages still unfinished at the end of the reply are
    /// reported as problems.
    fn finish(self) -> Parsed {
        let ReplyParser {
            mut out, partial, ..
        } = self;
        for (ecu, p) in partial {
            out.problems.push(format!(
                "incomplete multi-frame message from {ecu}: {} of {} bytes",
                p.data.len(),
                p.expected
            ));
        }
        out
    }
}

/// The hex after `N:` when `line` is a headers-off multi-frame segment
/// (`0:490201…`: one hex digit, a colon); `None` for any other line.
fn segment_payload(line: &str) -> Option<&str> {
    let (idx, rest) = line.split_once(':')?;
    (idx.len() == 1 && is_hex(idx)).then_some(rest)
}

/// A single frame's length and the bytes it counts from: the PCI byte's
/// low nibble, or for `0` (the CAN FD escape) the next byte (`0` if none).
fn single_frame_length(pci: u8, rest: &[u8]) -> (usize, &[u8]) {
    match pci & 0x0F {
        0 => match rest.split_first() {
            Some((l, r)) => (usize::from(*l), r),
            None => (0, rest),
        },
        l => (usize::from(l), rest),
    }
}

/// Guesses a line's layout before the protocol is known: an odd digit
/// count has an 11-bit header, `18…` of 12+ digits a 29-bit one, other
/// long lines are K-line/J1850 frames, short ones a headers-off payload.
fn guess_format(line: &str) -> FrameFormat {
    if line.len() % 2 == 1 {
        FrameFormat::Can11
    } else if line.starts_with("18") && line.len() >= 12 {
        FrameFormat::Can29
    } else if line.len() >= 10 {
        FrameFormat::Legacy
    } else {
        FrameFormat::Auto
    }
}

/// SAE J1850 CRC-8 (polynomial 0x1D, initial 0xFF, final complement).
fn j1850_crc(data: &[u8]) -> u8 {
    let mut crc: u8 = 0xFF;
    for &b in data {
        crc ^= b;
        for _ in 0..8 {
            crc = if crc & 0x80 != 0 {
                (crc << 1) ^ 0x1D
            } else {
                crc << 1
            };
        }
    }
    !crc
}

fn legacy_frame(line: &str, out: &mut Parsed) {
    let Some(bytes) = hex_bytes(line) else {
        out.problems
            .push(format!("odd number of hex digits: {line:?}"));
        return;
    };
    if bytes.len() < 5 {
        out.problems.push(format!("frame too short: {line:?}"));
        return;
    }
    let (body, check) = bytes.split_at(bytes.len() - 1);
    let sum = body.iter().fold(0u8, |a, b| a.wrapping_add(*b));
    if sum != check[0] && j1850_crc(body) != check[0] {
        out.problems.push(format!("checksum error: {line:?}"));
        return;
    }
    let mut data = &body[3..];
    // KWP2000 format byte 10LL_LLLL carries the data length
    let fmt = body[0];
    if fmt & 0xC0 == 0x80 && fmt & 0x3F != 0 {
        let len = usize::from(fmt & 0x3F);
        if len > data.len() {
            out.problems
                .push(format!("KWP length {len} longer than the frame: {line:?}"));
            return;
        }
        data = &data[..len];
    }
    out.responses.push(EcuResponse {
        ecu: EcuAddress::Legacy(body[2]),
        data: data.to_vec(),
    });
}

/// Writes bytes as upper-case hex without spaces (`[0x01, 0x0C]` → `"010C"`).
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    use fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02X}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn resp(ecu: EcuAddress, data: &[u8]) -> EcuResponse {
        EcuResponse {
            ecu,
            data: data.to_vec(),
        }
    }

    #[test]
    fn single_frames_from_two_ecus() {
        let p = parse_lines(&["7E804410C1AF8", "7EA04410C0FA0"], FrameFormat::Can11);
        assert_eq!(
            p.responses,
            vec![
                resp(EcuAddress::Can11(0x7E8), &[0x41, 0x0C, 0x1A, 0xF8]),
                resp(EcuAddress::Can11(0x7EA), &[0x41, 0x0C, 0x0F, 0xA0]),
            ]
        );
        assert!(p.problems.is_empty());
    }

    #[test]
    fn spaced_lines_and_padding() {
        let p = parse_lines(&["7E8 03 41 0D 32 AA AA AA AA"], FrameFormat::Auto);
        assert_eq!(
            p.responses,
            vec![resp(EcuAddress::Can11(0x7E8), &[0x41, 0x0D, 0x32])]
        );
    }

    #[test]
    fn vin_multi_frame_interleaved_with_another_ecu() {
        let lines = [
            "7E81014490201575030",
            "7E903410D00",
            "7E8215A5A5A39395A54",
            "7E82253333930303030",
        ];
        let p = parse_lines(&lines, FrameFormat::Can11);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.responses.len(), 2);
        assert_eq!(p.responses[0].ecu, EcuAddress::Can11(0x7E9));
        let vin = &p.responses[1];
        assert_eq!(vin.data.len(), 0x14);
        assert_eq!(String::from_utf8_lossy(&vin.data[3..]), "WP0ZZZ99ZTS390000");
    }

    #[test]
    fn consecutive_frame_out_of_order_is_reported() {
        let p = parse_lines(
            &["7E8101449020157505A", "7E8225A5A39395A5453"],
            FrameFormat::Can11,
        );
        assert!(p.responses.is_empty());
        assert_eq!(p.problems.len(), 1);
    }

    #[test]
    fn sequence_wraps_after_f() {
        // 1 + 7*16 frames: first frame 6 bytes, then sequences 1..F,0,1 …
        let total = 6 + 7 * 17;
        let mut lines = vec![format!("7E81{:03X}{}", total, "00".repeat(6))];
        for i in 1..=17u8 {
            lines.push(format!("7E82{:X}{}", i & 0x0F, "11".repeat(7)));
        }
        let p = parse_lines(&lines, FrameFormat::Can11);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.responses[0].data.len(), total);
    }

    #[test]
    fn twenty_nine_bit() {
        let p = parse_lines(&["18DAF11003410D32"], FrameFormat::Auto);
        assert_eq!(
            p.responses,
            vec![resp(EcuAddress::Can29(0x18DAF110), &[0x41, 0x0D, 0x32])]
        );
        assert_eq!(p.responses[0].ecu.to_string(), "18DAF110");
        assert_eq!(p.responses[0].ecu.role(), Some("engine"));
    }

    #[test]
    fn legacy_kwp_and_j1850_checksums() {
        // KWP: 84 F1 10 | 41 0C 1A F8 | checksum = sum
        let body = [0x84u8, 0xF1, 0x10, 0x41, 0x0C, 0x1A, 0xF8];
        let sum = body.iter().fold(0u8, |a, b| a.wrapping_add(*b));
        let line = format!("{}{:02X}", to_hex(&body), sum);
        let p = parse_lines(&[line.as_str()], FrameFormat::Legacy);
        assert_eq!(
            p.responses,
            vec![resp(EcuAddress::Legacy(0x10), &[0x41, 0x0C, 0x1A, 0xF8])]
        );
        // J1850 VPW with CRC
        let body = [0x48u8, 0x6B, 0x10, 0x41, 0x0D, 0x32];
        let line = format!("{}{:02X}", to_hex(&body), j1850_crc(&body));
        let p = parse_lines(&[line.as_str()], FrameFormat::Legacy);
        assert_eq!(
            p.responses,
            vec![resp(EcuAddress::Legacy(0x10), &[0x41, 0x0D, 0x32])]
        );
        // a corrupted byte is caught
        let p = parse_lines(&["486B10410D3300"], FrameFormat::Legacy);
        assert!(p.responses.is_empty());
        assert_eq!(p.problems.len(), 1);
    }

    #[test]
    fn j1850_crc_known_value() {
        // SAE J1850 check value for "123456789" is 0x4B.
        assert_eq!(j1850_crc(b"123456789"), 0x4B);
    }

    #[test]
    fn headers_off_formats() {
        let p = parse_lines(&["410C1AF8"], FrameFormat::Auto);
        assert_eq!(
            p.responses,
            vec![resp(EcuAddress::Unknown, &[0x41, 0x0C, 0x1A, 0xF8])]
        );
        let p = parse_lines(
            &[
                "014",
                "0:490201575030",
                "1:5A5A5A39395A54",
                "2:53333930303030",
            ],
            FrameFormat::Auto,
        );
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.responses[0].data.len(), 0x14);
        assert_eq!(&p.responses[0].data[..3], &[0x49, 0x02, 0x01]);
    }

    #[test]
    fn headerless_long_single_frame_is_not_taken_for_k_line() {
        let p = parse_lines(&["4100BE3FA813"], FrameFormat::Headerless);
        assert_eq!(
            p.responses,
            vec![resp(
                EcuAddress::Unknown,
                &[0x41, 0x00, 0xBE, 0x3F, 0xA8, 0x13]
            )]
        );
    }

    /// Parses `lines` as `format`, expecting no problems and the 20-byte VIN
    /// reply (`49 02 01 WP0ZZZ99ZTS390000`) last; returns the answering ECUs.
    fn vin_reply_ecus(lines: &[&str], format: FrameFormat) -> Vec<EcuAddress> {
        let p = parse_lines(lines, format);
        assert!(p.problems.is_empty(), "{format:?}: {:?}", p.problems);
        let vin = &p.responses.last().expect("a response").data;
        assert_eq!(vin.len(), 0x14, "{format:?}");
        assert_eq!(&vin[..3], &[0x49, 0x02, 0x01]);
        assert_eq!(String::from_utf8_lossy(&vin[3..]), "WP0ZZZ99ZTS390000");
        p.responses.iter().map(|r| r.ecu).collect()
    }

    #[test]
    fn vin_multi_frame_29_bit_and_headers_off_with_spaces_on() {
        let can29 = "18DAF1101014490201575030 18DAF118034101000000 \
                     18DAF110215A5A5A39395A54 18DAF1102253333930303030";
        let headers_off =
            "014|0: 49 02 01 57 50 30|1: 5A 5A 5A 39 39 5A 54|2: 53 33 39 30 30 30 30";
        let cases: [(Vec<&str>, [FrameFormat; 2], &[EcuAddress]); 2] = [
            (
                can29.split_whitespace().collect(),
                [FrameFormat::Can29, FrameFormat::Auto],
                &[
                    EcuAddress::Can29(0x18DA_F118),
                    EcuAddress::Can29(0x18DA_F110),
                ],
            ),
            (
                headers_off.split('|').collect(),
                [FrameFormat::Headerless, FrameFormat::Auto],
                &[EcuAddress::Unknown],
            ),
        ];
        for (lines, formats, ecus) in cases {
            for format in formats {
                assert_eq!(vin_reply_ecus(&lines, format), ecus, "{format:?}");
            }
        }
    }

    #[test]
    fn headers_off_odd_cases_are_reported() {
        // No length line: the message never completes.
        let p = parse_lines(&["0:490201575030"], FrameFormat::Headerless);
        assert!(p.responses.is_empty());
        assert_eq!(
            p.problems,
            vec![format!(
                "incomplete multi-frame message from ECU: 6 of {} bytes",
                usize::MAX
            )]
        );
        // Not hex after the index, odd digit count.
        let p = parse_lines(&["0:ZZ", "41 0C 1"], FrameFormat::Headerless);
        assert!(p.responses.is_empty());
        assert_eq!(
            p.problems,
            vec![
                "not hex: \"0:ZZ\"".to_string(),
                "odd number of hex digits: \"410C1\"".to_string(),
            ]
        );
    }

    /// The ELM layer drops `SEARCHING...` and turns `NO DATA` into an error
    /// before parsing (tested in `elm.rs`); should one get here, it is a
    /// problem, never data.
    #[test]
    fn adapter_messages_are_problems_not_data() {
        for format in [FrameFormat::Can11, FrameFormat::Auto] {
            let p = parse_lines(&["SEARCHING...", "7E803410D32", "NO DATA"], format);
            assert_eq!(
                p.responses,
                vec![resp(EcuAddress::Can11(0x7E8), &[0x41, 0x0D, 0x32])],
                "{format:?}"
            );
            assert_eq!(
                p.problems,
                vec![
                    "not hex: \"SEARCHING...\"".to_string(),
                    "not hex: \"NODATA\"".to_string(),
                ],
                "{format:?}"
            );
        }
    }

    #[test]
    fn can_fd_escape_single_frame() {
        let p = parse_lines(&["7E800034100BEAAAA"], FrameFormat::Can11);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(
            p.responses,
            vec![resp(EcuAddress::Can11(0x7E8), &[0x41, 0x00, 0xBE])]
        );
    }

    #[test]
    fn bad_can_frames_are_reported_one_problem_each() {
        let cases: [(&[&str], &[&str]); 9] = [
            (&["7E8"], &["short or odd CAN frame: \"7E8\""]),
            (&["7E8041"], &["short or odd CAN frame: \"7E8041\""]),
            (&["7E800"], &["7E8: single frame length 0 but 0 bytes"]),
            (&["7E80541"], &["7E8: single frame length 5 but 1 bytes"]),
            (&["7E810"], &["7E8: first frame without length"]),
            (
                &["7E82141"],
                &["7E8: consecutive frame without a first frame"],
            ),
            (&["7E8410C"], &["7E8: unknown PCI byte 41"]),
            (&["7E830000000"], &[]),
            (
                &["7E8100A49020157", "7E8100A49020157"],
                &[
                    "7E8: new first frame before the last message completed",
                    "incomplete multi-frame message from 7E8: 4 of 10 bytes",
                ],
            ),
        ];
        for (lines, problems) in cases {
            let p = parse_lines(lines, FrameFormat::Can11);
            assert!(p.responses.is_empty(), "{lines:?}: {:?}", p.responses);
            assert_eq!(p.problems, problems, "{lines:?}");
        }
    }

    #[test]
    fn protocol_numbers() {
        assert_eq!(Protocol::from_dpn("A6"), Some(Protocol(6)));
        assert_eq!(Protocol::from_dpn("7"), Some(Protocol(7)));
        assert_eq!(Protocol::from_dpn("A0"), None);
        assert_eq!(Protocol::from_dpn("0"), None);
        assert_eq!(Protocol(10).code(), 'A');
        assert_eq!(Protocol(6).frame_format(), FrameFormat::Can11);
        assert!(!Protocol(3).is_can());
    }

    #[test]
    fn ecu_address_round_trips() {
        for a in [
            EcuAddress::Can11(0x7E8),
            EcuAddress::Can29(0x18DAF110),
            EcuAddress::Legacy(0x10),
            EcuAddress::Unknown,
        ] {
            assert_eq!(a.to_string().parse::<EcuAddress>(), Ok(a));
        }
    }

    proptest! {
        #[test]
        fn arbitrary_lines_never_panic(lines in proptest::collection::vec(".{0,40}", 0..8)) {
            for f in [FrameFormat::Can11, FrameFormat::Can29, FrameFormat::Legacy, FrameFormat::Auto, FrameFormat::Headerless] {
                let _ = parse_lines(&lines, f);
            }
        }

        #[test]
        fn arbitrary_hex_lines_never_panic(lines in proptest::collection::vec("[0-9A-F:]{0,40}", 0..8)) {
            for f in [FrameFormat::Can11, FrameFormat::Can29, FrameFormat::Legacy, FrameFormat::Auto, FrameFormat::Headerless] {
                let _ = parse_lines(&lines, f);
            }
        }

        /// Segmenting any payload the ISO-TP way and parsing the lines gives the payload back.
        #[test]
        fn isotp_segment_reassemble(payload in proptest::collection::vec(any::<u8>(), 1..300)) {
            let mut lines = Vec::new();
            if payload.len() <= 7 {
                lines.push(format!("7E8{:02X}{}", payload.len(), to_hex(&payload)));
            } else {
                lines.push(format!("7E81{:03X}{}", payload.len(), to_hex(&payload[..6])));
                for (i, chunk) in payload[6..].chunks(7).enumerate() {
                    let seq = (i + 1) & 0x0F;
                    lines.push(format!("7E82{:X}{}", seq, to_hex(chunk)));
                }
            }
            let p = parse_lines(&lines, FrameFormat::Can11);
            prop_assert!(p.problems.is_empty());
            prop_assert_eq!(p.responses, vec![resp(EcuAddress::Can11(0x7E8), &payload)]);
        }
    }
}
