//! The embedded DejaVu Sans faces: parsing, text measurement, and per-document
//! subsetting.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use printpdf::ParsedFont;

static REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Which face a run of text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Face {
    Regular,
    Bold,
}

impl Face {
    pub(crate) const ALL: [Face; 2] = [Face::Regular, Face::Bold];

    /// The resource name the page content refers to.
    pub(crate) fn resource_id(self) -> &'static str {
        match self {
            Face::Regular => "FSans",
            Face::Bold => "FSansBold",
        }
    }

    fn ttf(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR_TTF,
            Face::Bold => BOLD_TTF,
        }
    }
}

/// A parsed face with a fast advance-width table.
pub(crate) struct FontFace {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
    /// Advance widths in font units for code points below `FAST_LIMIT` (0 = no glyph).
    fast: Vec<u16>,
}

const FAST_LIMIT: u32 = 0x2800;

impl FontFace {
    fn load(face: Face) -> FontFace {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(face.ttf(), 0, &mut warnings).unwrap_or_else(|| {
            panic!("the embedded font for {face:?} does not parse: {warnings:?}")
        });
        let units_per_em = f32::from(parsed.units_per_em.max(1));
        let fast = (0..FAST_LIMIT)
            .map(|cp| {
                parsed
                    .lookup_glyph_index(cp)
                    .and_then(|gid| parsed.get_glyph_width(gid))
                    .unwrap_or(0)
            })
            .collect();
        FontFace {
            parsed,
            units_per_em,
            fast,
        }
    }

    /// Whether the face has a glyph for `c`.
    pub(crate) fn has(&self, c: char) -> bool {
        let cp = c as u32;
        if cp < FAST_LIMIT {
            self.fast[cp as usize] != 0 || self.parsed.lookup_glyph_index(cp).is_some()
        } else {
            self.parsed.lookup_glyph_index(cp).is_some()
        }
    }

    fn advance_units(&self, c: char) -> u16 {
        let cp = c as u32;
        if cp < FAST_LIMIT {
            self.fast[cp as usize]
        } else {
            self.parsed
                .lookup_glyph_index(cp)
                .and_then(|gid| self.parsed.get_glyph_width(gid))
                .unwrap_or(0)
        }
    }

    /// Width of `text` at `size` pt, in pt (no kerning: the PDF is not kerned either).
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| u32::from(self.advance_units(c))).sum();
        units as f32 * size / self.units_per_em
    }
}

/// Both faces, parsed once per process.
pub(crate) fn face(face: Face) -> &'static FontFace {
    static REGULAR: OnceLock<FontFace> = OnceLock::new();
    static BOLD: OnceLock<FontFace> = OnceLock::new();
    match face {
        Face::Regular => REGULAR.get_or_init(|| FontFace::load(Face::Regular)),
        Face::Bold => BOLD.get_or_init(|| FontFace::load(Face::Bold)),
    }
}

/// Replaces what the font cannot draw: control characters become spaces,
/// characters without a glyph become `?`.
pub(crate) fn sanitize(text: &str, f: Face) -> String {
    let ff = face(f);
    text.chars()
        .map(|c| {
            if c.is_control() {
                ' '
            } else if ff.has(c) {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// The face cut down to the characters one document uses (plus `.notdef`),
/// re-parsed so printpdf maps the same characters to the subset's glyphs.
///
/// Embedding the whole of DejaVu Sans costs ~700 kB per face and per PDF;
/// a subset is a few kB. Falls back to the whole face if subsetting fails.
pub(crate) fn subset(f: Face, used: &BTreeSet<char>) -> ParsedFont {
    let full = &face(f).parsed;
    match subset_bytes(f, used) {
        Some(bytes) => {
            let mut warnings = Vec::new();
            ParsedFont::from_bytes(&bytes, 0, &mut warnings).unwrap_or_else(|| full.clone())
        }
        None => full.clone(),
    }
}

fn subset_bytes(f: Face, used: &BTreeSet<char>) -> Option<Vec<u8>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};

    let full = &face(f).parsed;
    // Glyph 0 (.notdef) first, then each used glyph once, ascending.
    let gids: BTreeMap<u16, ()> = used
        .iter()
        .filter_map(|c| full.lookup_glyph_index(*c as u32))
        .filter(|g| *g != 0)
        .map(|g| (g, ()))
        .collect();
    let ids: Vec<u16> = std::iter::once(0).chain(gids.keys().copied()).collect();
    let font_file = ReadScope::new(f.ttf()).read::<FontData<'_>>().ok()?;
    let provider = font_file.table_provider(0).ok()?;
    subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok()
}
