//! Photo intake for damage estimates.
//!
//! An estimator attaches up to [`MAX_PHOTOS`] photos of the damage to an estimate. [`intake`]
//! checks one uploaded file and describes it: the format is sniffed from the magic bytes (the
//! file name is never trusted), the size is checked *before* anything is decoded, the header's
//! dimensions are checked against a decode-bomb limit before the pixels are allocated, JPEGs
//! must carry their end-of-image marker (a cut-off upload is reported as truncated instead of
//! being silently padded with grey), the EXIF orientation is read and applied, and a small JPEG
//! thumbnail is produced. The original bytes stay with the caller, who stores them as they
//! came; [`Photo::sha256`] identifies them.
//!
//! The crate is pure: bytes in, values out.
//!
//! ```
//! use shopbench_photos::{check_count, intake, PhotoError, PhotoFormat};
//!
//! // A 40 × 20 PNG made in memory.
//! let img = image::RgbImage::from_pixel(40, 20, image::Rgb([200, 30, 30]));
//! let mut png = std::io::Cursor::new(Vec::new());
//! img.write_to(&mut png, image::ImageFormat::Png).unwrap();
//!
//! // Named .jpg, but it is a PNG: the content decides.
//! let photo = intake("bumper.jpg", png.get_ref()).unwrap();
//! assert_eq!(photo.format, PhotoFormat::Png);
//! assert_eq!((photo.width, photo.height), (40, 20));
//! assert_eq!(photo.sha256.len(), 64);
//!
//! assert!(matches!(intake("notes.jpg", b"hello"), Err(PhotoError::NotAnImage { .. })));
//! assert!(check_count(5).is_ok());
//! assert!(matches!(check_count(6), Err(PhotoError::TooManyPhotos { .. })));
//! ```
#![deny(missing_docs)]

mod error;
mod intake;
mod sniff;

pub use error::PhotoError;
pub use intake::{
    check_count, decode_oriented, decode_rgb, hex_sha256, intake, intake_and_look, intake_many,
    logo_png, read_file, Photo, MAX_PHOTOS, MAX_PHOTO_BYTES, MAX_PIXELS, MAX_SIDE, THUMBNAIL_SIDE,
};
pub use sniff::PhotoFormat;
