//! A small flow layout over printpdf: text with wrapping, tables whose header
//! row repeats after a page break, boxes and bars, a running header on every
//! page after the first, and "Page n of N" footers added once N is known.
//!
//! Coordinates inside this module are points measured from the top-left
//! corner; they are flipped to PDF's bottom-left origin when an op is emitted.

use shopbench_i18n::Lang;
use std::collections::BTreeSet;

use printpdf::date::DateTime;
use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, RawImage, RawImageData, RawImageFormat, Rect, Rgb, TextItem,
    XObject, XObjectId, XObjectTransform,
};

use crate::fonts::{self, Face};
use crate::PaperSize;

/// Text appearance.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub size: f32,
    pub face: Face,
    pub color: [f32; 3],
}

pub(crate) const INK: [f32; 3] = [0.1, 0.1, 0.12];
pub(crate) const GREY: [f32; 3] = [0.42, 0.42, 0.45];
pub(crate) const RULE: [f32; 3] = [0.75, 0.75, 0.78];
pub(crate) const SHADE: [f32; 3] = [0.92, 0.93, 0.95];
pub(crate) const ACCENT: [f32; 3] = [0.12, 0.32, 0.58];
pub(crate) const GREEN: [f32; 3] = [0.13, 0.55, 0.25];
pub(crate) const AMBER: [f32; 3] = [0.85, 0.55, 0.1];
pub(crate) const RED: [f32; 3] = [0.75, 0.15, 0.15];

impl Style {
    pub(crate) const fn new(size: f32, face: Face) -> Style {
        Style {
            size,
            face,
            color: INK,
        }
    }
    pub(crate) const fn color(mut self, color: [f32; 3]) -> Style {
        self.color = color;
        self
    }
    pub(crate) fn line_height(&self) -> f32 {
        self.size * 1.3
    }
    pub(crate) fn width(&self, text: &str) -> f32 {
        fonts::face(self.face).width(text, self.size)
    }
}

pub(crate) const BODY: Style = Style::new(9.5, Face::Regular);
pub(crate) const BODY_BOLD: Style = Style::new(9.5, Face::Bold);
pub(crate) const SMALL: Style = Style::new(8.0, Face::Regular).color(GREY);
pub(crate) const H2: Style = Style::new(12.0, Face::Bold).color(ACCENT);

/// Horizontal alignment in a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// A table column: header text, share of the table width, alignment.
pub(crate) struct Col {
    pub title: String,
    pub share: f32,
    pub align: Align,
}

impl Col {
    pub(crate) fn new(title: &str, share: f32, align: Align) -> Col {
        Col {
            title: title.to_string(),
            share,
            align,
        }
    }
}

/// A table cell: text and an optional style override.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub text: String,
    pub style: Option<Style>,
}

impl<T: Into<String>> From<T> for Cell {
    fn from(t: T) -> Cell {
        Cell {
            text: t.into(),
            style: None,
        }
    }
}

impl Cell {
    pub(crate) fn styled(text: impl Into<String>, style: Style) -> Cell {
        Cell {
            text: text.into(),
            style: Some(style),
        }
    }
}

/// What a check box shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    Empty,
    Pass,
    Fail,
}

/// The document being laid out.
pub(crate) struct Layout {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    top: f32,
    bottom: f32,
    /// Cursor: top of the next block, from the top edge.
    pub y: f32,
    pages: Vec<Vec<Op>>,
    running_left: String,
    running_right: String,
    footer_note: String,
    used: [BTreeSet<char>; 2],
    /// Images placed so far, registered with the document in `finish`.
    images: Vec<(XObjectId, RawImage)>,
    /// When the report is issued (the shop header sets it): printed and kept as metadata.
    issued: Option<DateTime>,
    /// The report's language (the shop header sets it).
    lang: Lang,
}

/// "2026-12-06 10:12 UTC".
fn issued_text(d: &DateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC", // i18n: ISO 8601, the same in both
        d.date.year, d.date.month, d.date.day, d.time.hour, d.time.minute
    )
}

impl Layout {
    /// A document with its first page open. `running_left/right` head every
    /// page after the first; `footer_note` sits left of the page number.
    pub(crate) fn new(
        paper: PaperSize,
        running_left: &str,
        running_right: &str,
        footer_note: &str,
    ) -> Layout {
        let (width, height) = paper.size_pt();
        let mut l = Layout {
            width,
            height,
            left: 42.0,
            right: width - 42.0,
            top: 40.0,
            bottom: height - 48.0,
            y: 40.0,
            pages: vec![Vec::new()],
            running_left: running_left.to_string(),
            running_right: running_right.to_string(),
            footer_note: footer_note.to_string(),
            used: [BTreeSet::new(), BTreeSet::new()],
            images: Vec::new(),
            issued: None,
            lang: Lang::En,
        };
        // Digits, "Page of" and "?" for the footers and substitutions.
        const FOOTER_GLYPHS: &str = "Page of 0123456789?"; // i18n: glyphs, not text
        for c in FOOTER_GLYPHS.chars() {
            l.used[0].insert(c);
        }
        l
    }

    /// `english` in the report's language.
    pub(crate) fn t(&self, english: &'static str) -> &'static str {
        shopbench_i18n::tr(self.lang, english)
    }

    /// The report's language.
    pub(crate) fn lang(&self) -> Lang {
        self.lang
    }

    /// A text an engine wrote at run time, in the report's language (its catalogue row
    /// or a template it fits; else as written).
    pub(crate) fn text(&self, english: &str) -> String {
        shopbench_i18n::tr_text(self.lang(), english)
    }

    /// [`Layout::t`] of a template with its `{}` holes filled in order.
    pub(crate) fn tf(&self, english: &'static str, args: &[&str]) -> String {
        shopbench_i18n::trf(self.lang, english, args)
    }

    pub(crate) fn content_width(&self) -> f32 {
        self.right - self.left
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page is always open")
    }

    /// Starts a new page with the running header.
    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
        let st = Style::new(8.5, Face::Bold).color(GREY);
        let left = self.running_left.clone();
        let right = self.running_right.clone();
        let base = self.y + st.size;
        let (l, r) = (self.left, self.right);
        self.text_at(l, base, &left, st);
        let w = st.width(&right);
        self.text_at(r - w, base, &right, st.color(GREY));
        self.y = base + 5.0;
        self.hline(self.y, RULE, 0.6);
        self.y += 12.0;
    }

    /// Breaks the page unless `h` points still fit.
    pub(crate) fn need(&mut self, h: f32) {
        if self.y + h > self.bottom {
            self.new_page();
        }
    }

    /// Vertical space.
    pub(crate) fn gap(&mut self, h: f32) {
        self.y += h;
    }

    /// Draws one line of text with its baseline at `baseline` (from the top).
    pub(crate) fn text_at(&mut self, x: f32, baseline: f32, text: &str, st: Style) {
        if text.is_empty() {
            return;
        }
        let clean = fonts::sanitize(text, st.face);
        let idx = st.face as usize;
        self.used[idx].extend(clean.chars());
        let y = self.height - baseline;
        let ops = self.ops();
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFillColor { col: rgb(st.color) });
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(st.face.resource_id().to_string())),
            size: Pt(st.size),
        });
        ops.push(Op::SetTextCursor {
            pos: Point { x: Pt(x), y: Pt(y) },
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(clean)],
        });
        ops.push(Op::EndTextSection);
    }

    /// A horizontal rule across the content width.
    pub(crate) fn hline(&mut self, y: f32, color: [f32; 3], thickness: f32) {
        let (l, r) = (self.left, self.right);
        self.line(l, y, r, y, color, thickness);
    }

    pub(crate) fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, color: [f32; 3], t: f32) {
        let h = self.height;
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: rgb(color) });
        ops.push(Op::SetOutlineThickness { pt: Pt(t) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Pt(x1),
                            y: Pt(h - y1),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Pt(x2),
                            y: Pt(h - y2),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
    }

    /// A filled rectangle (`top` from the top edge).
    pub(crate) fn fill_rect(&mut self, x: f32, top: f32, w: f32, h: f32, color: [f32; 3]) {
        self.ops().push(Op::SetFillColor { col: rgb(color) });
        self.rect(x, top, w, h, PaintMode::Fill);
    }

    /// A rectangle (`top` from the top edge) painted in `mode` with the colour and
    /// thickness already set: what a filled box and an outlined one share.
    fn rect(&mut self, x: f32, top: f32, w: f32, h: f32, mode: PaintMode) {
        let y = self.height - top - h;
        self.ops().push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }

    /// An RGB8 image of `px_w × px_h` pixels drawn into the box at (`x`, `top`), `w × h`
    /// points. `rgb` must hold `px_w * px_h * 3` bytes; otherwise nothing is drawn.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn image_rgb(
        &mut self,
        x: f32,
        top: f32,
        w: f32,
        h: f32,
        px_w: u32,
        px_h: u32,
        rgb: &[u8],
    ) {
        if px_w == 0 || px_h == 0 || rgb.len() != px_w as usize * px_h as usize * 3 {
            return;
        }
        let id = XObjectId::new();
        self.images.push((
            id.clone(),
            RawImage {
                pixels: RawImageData::U8(rgb.to_vec()),
                width: px_w as usize,
                height: px_h as usize,
                data_format: RawImageFormat::RGB8,
                tag: Vec::new(),
            },
        ));
        let bottom = self.height - top - h;
        // At 72 dpi one pixel is one point; then scale to the box.
        let transform = XObjectTransform {
            translate_x: Some(Pt(x)),
            translate_y: Some(Pt(bottom)),
            scale_x: Some(w / px_w as f32),
            scale_y: Some(h / px_h as f32),
            dpi: Some(72.0),
            ..XObjectTransform::default()
        };
        self.ops().push(Op::UseXobject { id, transform });
    }

    /// An outlined rectangle.
    pub(crate) fn stroke_rect(
        &mut self,
        x: f32,
        top: f32,
        w: f32,
        h: f32,
        color: [f32; 3],
        t: f32,
    ) {
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: rgb(color) });
        ops.push(Op::SetOutlineThickness { pt: Pt(t) });
        self.rect(x, top, w, h, PaintMode::Stroke);
    }

    /// A horizontal bar `w` wide filled to `fraction` (0–1), outlined.
    pub(crate) fn bar(&mut self, x: f32, top: f32, w: f32, h: f32, fraction: f64, color: [f32; 3]) {
        let f = fraction.clamp(0.0, 1.0) as f32;
        self.fill_rect(x, top, w, h, SHADE);
        if f > 0.0 {
            self.fill_rect(x, top, (w * f).max(0.8), h, color);
        }
        self.stroke_rect(x, top, w, h, RULE, 0.5);
    }

    /// A square check box with its top-left at (`x`, `top`), ticked or crossed.
    pub(crate) fn check_box(&mut self, x: f32, top: f32, size: f32, state: Check) {
        self.stroke_rect(x, top, size, size, INK, 0.8);
        let (mark, color) = match state {
            Check::Empty => return,
            Check::Pass => ("✓", GREEN),
            Check::Fail => ("✗", RED),
        };
        let st = Style::new(size * 1.05, Face::Bold).color(color);
        let w = st.width(mark);
        self.text_at(x + (size - w) / 2.0, top + size * 0.86, mark, st);
    }

    /// Wraps `text` to `width` at `st`: greedy on spaces, overlong words cut
    /// by character; explicit newlines kept.
    pub(crate) fn wrap(text: &str, st: Style, width: f32) -> Vec<String> {
        let mut out = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if st.width(&candidate) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                // The word alone: cut it if it is wider than a line.
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if st.width(&piece) > width && piece.chars().count() > 1 {
                        piece.pop();
                        out.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
                line = piece;
            }
            out.push(line);
        }
        while out.len() > 1 && out.last().is_some_and(|l| l.is_empty()) {
            out.pop();
        }
        out
    }

    /// A wrapped paragraph at the cursor, `indent` from the left margin,
    /// flowing onto new pages as needed.
    pub(crate) fn paragraph(&mut self, text: &str, st: Style, indent: f32) {
        let width = self.content_width() - indent;
        let lh = st.line_height();
        for line in Layout::wrap(text, st, width) {
            self.need(lh);
            let base = self.y + st.size;
            let x = self.left + indent;
            self.text_at(x, base, &line, st);
            self.y += lh;
        }
    }

    /// A bulleted item.
    pub(crate) fn bullet(&mut self, text: &str, st: Style) {
        let lh = st.line_height();
        self.need(lh);
        let base = self.y + st.size;
        let x = self.left + 4.0;
        self.text_at(x, base, "•", st);
        self.paragraph(text, st, 14.0);
    }

    /// A section heading; keeps `keep` points of what follows on the same page.
    pub(crate) fn heading(&mut self, text: &str, keep: f32) {
        self.gap(8.0);
        self.need(H2.line_height() + 6.0 + keep);
        let base = self.y + H2.size;
        let x = self.left;
        self.text_at(x, base, text, H2);
        self.y = base + 4.0;
        self.hline(self.y, ACCENT, 0.8);
        self.y += 6.0;
    }

    /// Label/value pairs in two columns of label + value.
    pub(crate) fn key_values(&mut self, pairs: &[(&str, String)]) {
        // One pair takes the whole width; more go two to a row.
        let per_row = if pairs.len() == 1 { 1 } else { 2 };
        let half = self.content_width() / per_row as f32;
        let label_w = 78.0;
        let lh = BODY.line_height();
        for chunk in pairs.chunks(per_row) {
            let mut rows = 1;
            let wrapped: Vec<Vec<String>> = chunk
                .iter()
                .map(|(_, v)| Layout::wrap(v, BODY, half - label_w - 8.0))
                .collect();
            for w in &wrapped {
                rows = rows.max(w.len());
            }
            self.need(lh * rows as f32);
            for (i, ((label, _), lines)) in chunk.iter().zip(&wrapped).enumerate() {
                let x = self.left + half * i as f32;
                let base = self.y + BODY.size;
                self.text_at(x, base, label, SMALL);
                for (j, l) in lines.iter().enumerate() {
                    self.text_at(x + label_w, base + lh * j as f32, l, BODY);
                }
            }
            self.y += lh * rows as f32;
        }
    }

    /// A table; rows wrap within their cells and the header row is repeated
    /// at the top of every page the table continues on.
    pub(crate) fn table(&mut self, cols: &[Col], rows: &[Vec<Cell>]) {
        let total: f32 = cols.iter().map(|c| c.share).sum();
        let widths: Vec<f32> = cols
            .iter()
            .map(|c| self.content_width() * c.share / total)
            .collect();
        let pad = 4.0;
        let head_h = BODY_BOLD.line_height() + 2.0 * pad - 2.0;
        let first_row_h = rows
            .first()
            .map(|r| self.row_height(r, &widths, pad))
            .unwrap_or(0.0);
        self.need(head_h + first_row_h);
        self.table_header(cols, &widths, head_h, pad);
        for row in rows {
            let h = self.row_height(row, &widths, pad);
            if self.y + h > self.bottom {
                self.new_page();
                self.table_header(cols, &widths, head_h, pad);
            }
            let mut x = self.left;
            let top = self.y;
            // First lines of all cells share one baseline, whatever their size.
            let first_base = row
                .iter()
                .map(|c| c.style.unwrap_or(BODY).size)
                .fold(0.0_f32, f32::max);
            for ((cell, w), col) in row.iter().zip(&widths).zip(cols) {
                let st = cell.style.unwrap_or(BODY);
                let lh = st.line_height();
                for (j, line) in Layout::wrap(&cell.text, st, w - 2.0 * pad)
                    .iter()
                    .enumerate()
                {
                    let lw = st.width(line);
                    let lx = match col.align {
                        Align::Left => x + pad,
                        Align::Right => x + w - pad - lw,
                    };
                    self.text_at(lx, top + pad + first_base + lh * j as f32, line, st);
                }
                x += w;
            }
            self.y += h;
            self.hline(self.y, RULE, 0.4);
        }
    }

    fn row_height(&self, row: &[Cell], widths: &[f32], pad: f32) -> f32 {
        let mut h: f32 = 0.0;
        for (cell, w) in row.iter().zip(widths) {
            let st = cell.style.unwrap_or(BODY);
            let n = Layout::wrap(&cell.text, st, w - 2.0 * pad).len().max(1);
            h = h.max(n as f32 * st.line_height() - (st.line_height() - st.size) + 2.0 * pad + 1.0);
        }
        h
    }

    fn table_header(&mut self, cols: &[Col], widths: &[f32], h: f32, pad: f32) {
        let top = self.y;
        let (l, cw) = (self.left, self.content_width());
        self.fill_rect(l, top, cw, h, SHADE);
        let st = Style::new(8.5, Face::Bold);
        let mut x = self.left;
        for (c, w) in cols.iter().zip(widths) {
            let tw = st.width(&c.title);
            let tx = match c.align {
                Align::Left => x + pad,
                Align::Right => x + w - pad - tw,
            };
            self.text_at(tx, top + pad + st.size, &c.title, st);
            x += w;
        }
        self.y += h;
        self.hline(self.y, INK, 0.6);
    }

    /// The first page's header: the shop on the left, the document title and
    /// `lines` (reference, vehicle…) on the right, a rule under both.
    pub(crate) fn shop_header(&mut self, shop: &crate::Shop, title: &str, lines: &[String]) {
        self.lang = shop.lang;
        // The footer's words, drawn last, in the report's language.
        for c in self.t("Page {} of {}").chars() {
            self.used[0].insert(c);
        }
        self.issued = shop
            .issued_at
            .and_then(|t| DateTime::from_unix_timestamp(t).ok());
        let mut lines = lines.to_vec();
        if let Some(when) = &self.issued {
            lines.push(self.tf("Issued {}", &[&issued_text(when)]));
        }
        let top = self.y;
        let x = self.logo(shop, top);
        // Beside a logo the shop's column is widened by part of the logo's width.
        let half = if x > self.left {
            self.content_width() * 0.64 - (x - self.left)
        } else {
            self.content_width() * 0.55
        };
        let left_bottom = self.shop_block(shop, x, top, half);
        let right_bottom = self.title_block(title, &lines, top, half);
        self.y = left_bottom.max(right_bottom) + 8.0;
        self.hline(self.y, INK, 1.2);
        self.y += 8.0;
    }

    /// The shop's logo, when there is one, at most 40 pt high and 120 pt
    /// wide at the top left; where the shop's name and address start.
    fn logo(&mut self, shop: &crate::Shop, top: f32) -> f32 {
        let l = self.left;
        match &shop.logo {
            Some(logo) if logo.width > 0 && logo.height > 0 => {
                let scale = f32::min(40.0 / logo.height as f32, 120.0 / logo.width as f32);
                let (w, h) = (logo.width as f32 * scale, logo.height as f32 * scale);
                self.image_rgb(l, top, w, h, logo.width, logo.height, &logo.rgb);
                l + w + 10.0
            }
            _ => l,
        }
    }

    /// The shop's name, address, contact and registration from `x`, in a
    /// column `width` wide; where the block (or the logo beside it) ends.
    fn shop_block(&mut self, shop: &crate::Shop, x: f32, top: f32, width: f32) -> f32 {
        let name_st = Style::new(15.0, Face::Bold);
        let addr_st = Style::new(8.5, Face::Regular).color(GREY);
        let mut y = top + name_st.size;
        let name = if shop.name.trim().is_empty() {
            self.t("Repair shop")
        } else {
            shop.name.as_str()
        };
        let name = fit(name, name_st, width);
        self.text_at(x, y, &name, name_st);
        y += 5.0;
        let contact: Vec<&str> = [&shop.phone, &shop.email, &shop.website]
            .into_iter()
            .flatten()
            .map(|s| s.as_str())
            .collect();
        let contact = contact.join(" · ");
        let mut small: Vec<String> = shop.address.clone();
        if !contact.is_empty() {
            small.push(contact);
        }
        if let Some(reg) = &shop.registration {
            small.push(reg.clone());
        }
        for s in small {
            for line in Layout::wrap(&s, addr_st, width) {
                y += addr_st.line_height();
                self.text_at(x, y, &line, addr_st);
            }
        }
        match &shop.logo {
            Some(_) => y.max(top + 40.0),
            None => y,
        }
    }

    /// The document's title and its `lines`, right-aligned beside a shop
    /// column `shop_width` wide; where they end.
    fn title_block(&mut self, title: &str, lines: &[String], top: f32, shop_width: f32) -> f32 {
        let r = self.right;
        let title_st = Style::new(15.0, Face::Bold).color(ACCENT);
        let mut y = top + title_st.size;
        let tw = title_st.width(title);
        self.text_at(r - tw, y, title, title_st);
        y += 5.0;
        let line_st = Style::new(8.5, Face::Regular);
        for s in lines {
            let s = fit(s, line_st, self.content_width() - shop_width - 10.0);
            y += line_st.line_height();
            let w = line_st.width(&s);
            self.text_at(r - w, y, &s, line_st);
        }
        y
    }

    /// Adds the footers ("Page n of N") and writes the PDF.
    pub(crate) fn finish(mut self, title: &str) -> Vec<u8> {
        let n = self.pages.len();
        let footer = Style::new(8.0, Face::Regular).color(GREY);
        let note = self.footer_note.clone();
        let pages = std::mem::take(&mut self.pages);
        let mut done = Vec::with_capacity(n);
        for (i, ops) in pages.into_iter().enumerate() {
            self.pages = vec![ops];
            let y = self.height - 26.0;
            self.hline(y - 10.0, RULE, 0.5);
            let label = self.tf("Page {} of {}", &[&(i + 1).to_string(), &n.to_string()]);
            let w = footer.width(&label);
            let r = self.right;
            self.text_at(r - w, y, &label, footer);
            let l = self.left;
            for (k, line) in footer_lines(&note, footer, self.content_width() - w - 20.0)
                .iter()
                .enumerate()
            {
                self.text_at(l, y + 9.0 * k as f32, line, footer);
            }
            done.push(self.pages.pop().expect("page"));
        }

        let mut doc = PdfDocument::new(title);
        // The shop is the document's author (its name heads every page); shopbench made it.
        doc.metadata.info.author = self.running_left.clone();
        doc.metadata.info.creator = "shopbench".into();
        if let Some(when) = self.issued {
            let info = &mut doc.metadata.info;
            (
                info.creation_date,
                info.modification_date,
                info.metadata_date,
            ) = (when, when, when);
        }
        for (id, image) in std::mem::take(&mut self.images) {
            doc.resources.xobjects.map.insert(id, XObject::Image(image));
        }
        for f in Face::ALL {
            let parsed = fonts::subset(f, &self.used[f as usize]);
            doc.resources.fonts.map.insert(
                FontId(f.resource_id().to_string()),
                printpdf::PdfFont::new(parsed),
            );
        }
        let (w_mm, h_mm) = (
            printpdf::Mm::from(Pt(self.width)),
            printpdf::Mm::from(Pt(self.height)),
        );
        let pages: Vec<PdfPage> = done
            .into_iter()
            .map(|ops| PdfPage::new(w_mm, h_mm, ops))
            .collect();
        doc.with_pages(pages);
        let mut warnings = Vec::new();
        doc.save(&PdfSaveOptions::default(), &mut warnings)
    }
}

/// The footer note on at most two lines: a note says something the reader
/// is owed (the diagnosis report's "likelihoods are editorial estimates, not
/// measured frequencies"), so it wraps rather than being cut mid-word — at
/// its " · " first, so each part stays whole; only past two lines is the
/// rest cut with an ellipsis.
fn footer_lines(note: &str, st: Style, width: f32) -> Vec<String> {
    if st.width(note) <= width {
        return vec![note.to_string()];
    }
    let mut lines = match note.split_once(" · ") {
        Some((a, b)) if st.width(a) <= width && st.width(b) <= width => {
            vec![a.to_string(), b.to_string()]
        }
        _ => Layout::wrap(note, st, width),
    };
    if lines.len() > 2 {
        let rest = lines[1..].join(" ");
        lines.truncate(1);
        lines.push(fit(&rest, st, width));
    }
    lines
}

/// `text` cut with an ellipsis to fit `width`.
pub(crate) fn fit(text: &str, st: Style, width: f32) -> String {
    if st.width(text) <= width {
        return text.to_string();
    }
    let mut s: String = text.to_string();
    while !s.is_empty() && st.width(&format!("{s}…")) > width {
        s.pop();
    }
    format!("{}…", s.trim_end())
}

fn rgb(c: [f32; 3]) -> Color {
    Color::Rgb(Rgb::new(c[0], c[1], c[2], None))
}
