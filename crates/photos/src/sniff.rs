//! Format sniffing from magic bytes, and the JPEG end-of-image check.

/// An accepted photo format, decided from the file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhotoFormat {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// WebP (`RIFF` size `WEBP`).
    WebP,
}

impl PhotoFormat {
    /// The MIME type to store and serve the original with.
    pub fn mime(self) -> &'static str {
        match self {
            PhotoFormat::Jpeg => "image/jpeg",
            PhotoFormat::Png => "image/png",
            PhotoFormat::WebP => "image/webp",
        }
    }

    /// A short human name for messages ("JPEG", "PNG", "WebP").
    pub fn name(self) -> &'static str {
        match self {
            PhotoFormat::Jpeg => "JPEG",
            PhotoFormat::Png => "PNG",
            PhotoFormat::WebP => "WebP",
        }
    }

    /// The matching `image` crate format.
    pub(crate) fn image_format(self) -> image::ImageFormat {
        match self {
            PhotoFormat::Jpeg => image::ImageFormat::Jpeg,
            PhotoFormat::Png => image::ImageFormat::Png,
            PhotoFormat::WebP => image::ImageFormat::WebP,
        }
    }
}

/// What the first bytes say.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// One of ours.
    Accepted(PhotoFormat),
    /// An image, but not one we take (its name).
    Other(String),
    /// Not a recognised image.
    Unknown,
}

/// Decides the format from the magic bytes alone.
pub(crate) fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Accepted(PhotoFormat::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Accepted(PhotoFormat::Png);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Sniffed::Accepted(PhotoFormat::WebP);
    }
    // Name the other image formats so the message can say "GIF images are not accepted".
    const OTHERS: &[(&[u8], &str)] = &[
        (b"GIF87a", "GIF"),
        (b"GIF89a", "GIF"),
        (b"BM", "BMP"),
        (b"II*\0", "TIFF"),
        (b"MM\0*", "TIFF"),
        (b"\0\0\x01\0", "ICO"),
        (b"8BPS", "PSD"),
        (b"%PDF", "PDF"),
    ];
    for (magic, name) in OTHERS {
        if bytes.starts_with(magic) {
            return Sniffed::Other((*name).to_string());
        }
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if [b"heic", b"heix", b"mif1", b"msf1", b"hevc"]
            .contains(&brand.try_into().unwrap_or(b"    "))
        {
            return Sniffed::Other("HEIC".into());
        }
        if brand == b"avif" {
            return Sniffed::Other("AVIF".into());
        }
    }
    Sniffed::Unknown
}

/// True when a JPEG's last scan runs to an end-of-image marker (`FF D9`).
///
/// Walks the marker segments from SOI; inside entropy-coded data a `FF` byte is always followed
/// by `00` (stuffing) or a restart marker `D0`–`D7`, so the first other marker after a scan is
/// either the next segment (progressive JPEGs have several scans) or EOI. Running out of bytes
/// first means the file was cut off. Embedded EXIF thumbnails sit inside APP1 and are skipped
/// with their segment, so their own EOI does not count.
pub(crate) fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut i = 2; // after SOI
    loop {
        // Find the next marker: FF (fill FFs allowed) then a non-FF byte.
        while i < bytes.len() && bytes[i] != 0xFF {
            i += 1;
        }
        while i < bytes.len() && bytes[i] == 0xFF {
            i += 1;
        }
        let Some(&marker) = bytes.get(i) else {
            return false;
        };
        i += 1;
        match marker {
            0xD9 => return true,
            // Standalone markers without a length.
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(len) = bytes
            .get(i..i + 2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        else {
            return false;
        };
        if len < 2 || i + len > bytes.len() {
            return false;
        }
        i += len;
        if marker == 0xDA {
            // Entropy-coded data follows: skip to the first real marker.
            loop {
                while i < bytes.len() && bytes[i] != 0xFF {
                    i += 1;
                }
                let Some(&next) = bytes.get(i + 1) else {
                    return false;
                };
                match next {
                    0x00 | 0xD0..=0xD7 | 0xFF => i += 1,
                    _ => break,
                }
            }
        }
    }
}

/// True when a PNG's chunks run, each whole, up to the `IEND` chunk.
pub(crate) fn png_is_complete(bytes: &[u8]) -> bool {
    let mut i = 8; // after the signature
    while let Some(head) = bytes.get(i..i + 8) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let end = match i.checked_add(12).and_then(|v| v.checked_add(len)) {
            Some(end) if end <= bytes.len() => end,
            _ => return false,
        };
        if &head[4..8] == b"IEND" {
            return true;
        }
        i = end;
    }
    false
}

/// True when a WebP file holds at least as many bytes as its RIFF header announces.
pub(crate) fn webp_is_complete(bytes: &[u8]) -> bool {
    let Some(size) = bytes.get(4..8) else {
        return false;
    };
    let riff = u32::from_le_bytes([size[0], size[1], size[2], size[3]]) as usize;
    bytes.len() >= riff.saturating_add(8)
}

/// A baseline/progressive JPEG's width and height from its first SOF segment (read here so a
/// zero size is reported as such rather than as the decoder's generic format error).
pub(crate) fn jpeg_header_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    loop {
        while *bytes.get(i)? != 0xFF {
            i += 1;
        }
        while *bytes.get(i)? == 0xFF {
            i += 1;
        }
        let marker = *bytes.get(i)?;
        i += 1;
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            continue;
        }
        if matches!(marker, 0xD9 | 0xDA) {
            return None; // no frame header before the scan
        }
        let seg = bytes.get(i..i + 2)?;
        let len = usize::from(u16::from_be_bytes([seg[0], seg[1]]));
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let f = bytes.get(i + 3..i + 7)?;
            let height = u32::from(u16::from_be_bytes([f[0], f[1]]));
            let width = u32::from(u16::from_be_bytes([f[2], f[3]]));
            return Some((width, height));
        }
        i += len.max(2);
    }
}

/// A PNG's width and height straight from its IHDR chunk (the decoder refuses a zero size
/// with a generic format error, so zero-pixel PNGs are recognised here).
pub(crate) fn png_header_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let w = bytes.get(16..20)?;
    let h = bytes.get(20..24)?;
    Some((
        u32::from_be_bytes([w[0], w[1], w[2], w[3]]),
        u32::from_be_bytes([h[0], h[1], h[2], h[3]]),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_three_formats_and_names_others() {
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Sniffed::Accepted(PhotoFormat::Jpeg)
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n...."),
            Sniffed::Accepted(PhotoFormat::Png)
        );
        assert_eq!(
            sniff(b"RIFF\x10\0\0\0WEBPVP8 "),
            Sniffed::Accepted(PhotoFormat::WebP)
        );
        assert_eq!(sniff(b"GIF89a\x01\0"), Sniffed::Other("GIF".into()));
        assert_eq!(
            sniff(b"\0\0\0\x18ftypheic\0\0"),
            Sniffed::Other("HEIC".into())
        );
        assert_eq!(sniff(b"RIFF\x10\0\0\0WAVEfmt "), Sniffed::Unknown);
        assert_eq!(sniff(b""), Sniffed::Unknown);
        assert_eq!(sniff(b"\xFF\xD8"), Sniffed::Unknown);
    }

    #[test]
    fn mime_types() {
        assert_eq!(PhotoFormat::Jpeg.mime(), "image/jpeg");
        assert_eq!(PhotoFormat::Png.mime(), "image/png");
        assert_eq!(PhotoFormat::WebP.mime(), "image/webp");
    }

    #[test]
    fn jpeg_completeness_follows_markers() {
        // SOI, a COM segment containing FF D9, SOS with stuffed/RST bytes, EOI.
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, 0xFF, 0xD9];
        j.extend_from_slice(&[
            0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56,
        ]);
        assert!(
            !jpeg_is_complete(&j),
            "no EOI yet; the one in COM must not count"
        );
        j.extend_from_slice(&[0xFF, 0xD9]);
        assert!(jpeg_is_complete(&j));
        assert!(!jpeg_is_complete(&[0xFF, 0xD8]));
        assert!(!jpeg_is_complete(&[
            0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00, 0x01
        ]));
    }
}
