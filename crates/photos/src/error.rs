//! The one error type of the crate.

/// Why a photo was refused. Every variant names the file, so a batch upload can say which of
/// its files was the problem.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum PhotoError {
    /// The file is larger than [`crate::MAX_PHOTO_BYTES`]; checked before any decoding.
    #[error(
        "{file}: {bytes} bytes is over the {max} byte limit for a photo — \
         export it smaller (e.g. 12 MP JPEG at 85 % quality) and try again"
    )]
    TooLarge {
        /// The file's name as given.
        file: String,
        /// Its size in bytes.
        bytes: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// The content is not a JPEG, PNG or WebP image, nor any image format we recognise.
    #[error("{file}: not an image (the content is not JPEG, PNG or WebP, whatever the name says)")]
    NotAnImage {
        /// The file's name as given.
        file: String,
    },
    /// The content is an image in a format we do not accept.
    #[error("{file}: {format} images are not accepted — use JPEG, PNG or WebP")]
    UnsupportedFormat {
        /// The file's name as given.
        file: String,
        /// The format the magic bytes say it is (e.g. "GIF").
        format: String,
    },
    /// The file ends before the image does (an interrupted copy or upload).
    #[error("{file}: the {format} file is truncated (it ends before the image data does) — copy it again from the camera")]
    Truncated {
        /// The file's name as given.
        file: String,
        /// The sniffed format ("JPEG", "PNG", "WebP").
        format: &'static str,
    },
    /// The header says the image has no pixels.
    #[error("{file}: the image is {width} × {height} pixels — it has no pixels to show")]
    ZeroPixels {
        /// The file's name as given.
        file: String,
        /// Width from the header.
        width: u32,
        /// Height from the header.
        height: u32,
    },
    /// The header announces more pixels than [`crate::MAX_PIXELS`] or a side longer than
    /// [`crate::MAX_SIDE`]: decoding would need an unreasonable amount of memory (a
    /// decompression bomb, or a panorama far beyond what a damage photo needs).
    #[error(
        "{file}: {width} × {height} pixels is over the limit ({max_pixels} pixels, {max_side} px per side) — \
         resize it before attaching"
    )]
    TooManyPixels {
        /// The file's name as given.
        file: String,
        /// Width from the header.
        width: u32,
        /// Height from the header.
        height: u32,
        /// The pixel-count limit.
        max_pixels: u64,
        /// The per-side limit.
        max_side: u32,
    },
    /// The decoder rejected the data for another reason.
    #[error("{file}: the {format} data is damaged and cannot be decoded ({reason})")]
    Corrupt {
        /// The file's name as given.
        file: String,
        /// The sniffed format.
        format: &'static str,
        /// The decoder's message.
        reason: String,
    },
    /// The thumbnail could not be encoded (should not happen for a decoded image).
    #[error("{file}: could not make the thumbnail ({reason})")]
    Thumbnail {
        /// The file's name as given.
        file: String,
        /// The encoder's message.
        reason: String,
    },
    /// The photo file could not be read (missing, no permission).
    #[error("cannot read the photo {path}: {reason}")]
    Unreadable {
        /// The path as given.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// An estimate would hold more than [`crate::MAX_PHOTOS`] photos.
    #[error("an estimate holds at most {max} photos; this would make {count} — attach only those that show the damage best (a photo cannot be taken off an estimate)")]
    TooManyPhotos {
        /// The count the estimate would have.
        count: usize,
        /// The limit.
        max: usize,
    },
}
