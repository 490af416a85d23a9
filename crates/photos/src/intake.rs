//! Checking one uploaded photo and describing it.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageError, ImageReader, Limits};
use sha2::{Digest, Sha256};

use crate::error::PhotoError;
use crate::sniff::{
    jpeg_header_size, jpeg_is_complete, png_header_size, png_is_complete, sniff, webp_is_complete,
    Sniffed,
};
use crate::PhotoFormat;

/// Largest accepted photo file: 10 MiB. Checked before any decoding.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

/// Most photos one estimate holds.
pub const MAX_PHOTOS: usize = 5;

/// Most pixels a photo may announce in its header (50 MP — a full-frame camera's photo fits,
/// a decompression bomb does not). Decoding takes up to 4 bytes per pixel.
pub const MAX_PIXELS: u64 = 50_000_000;

/// Longest side a photo may announce, in pixels.
pub const MAX_SIDE: u32 = 16_384;

/// Longest side of the thumbnail, in pixels; smaller photos are not enlarged.
pub const THUMBNAIL_SIDE: u32 = 320;

/// JPEG quality of the thumbnail (0–100).
const THUMBNAIL_QUALITY: u8 = 80;

/// A checked photo: what the store keeps beside the original bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    /// The file name as given (only for display; never used to decide the format).
    pub file_name: String,
    /// The format sniffed from the content.
    pub format: PhotoFormat,
    /// Width in pixels as displayed, i.e. after the EXIF orientation is applied.
    pub width: u32,
    /// Height in pixels as displayed, i.e. after the EXIF orientation is applied.
    pub height: u32,
    /// The EXIF orientation (1–8; 1 when there is none or it is invalid). Damage boxes are
    /// drawn in the displayed (oriented) coordinates.
    pub orientation: u16,
    /// SHA-256 of the original bytes, lower-case hex: identifies the original.
    pub sha256: String,
    /// A JPEG of at most [`THUMBNAIL_SIDE`] px on the long side, orientation applied.
    pub thumbnail_jpeg: Vec<u8>,
}

/// Checks that an estimate may hold `n` photos (at most [`MAX_PHOTOS`]).
///
/// Call it with the count the estimate *would* have after adding, before storing anything.
pub fn check_count(n: usize) -> Result<(), PhotoError> {
    if n > MAX_PHOTOS {
        return Err(PhotoError::TooManyPhotos {
            count: n,
            max: MAX_PHOTOS,
        });
    }
    Ok(())
}

/// Reads a photo file for [`intake`]: `(file name, bytes)`. An oversize file is refused from
/// its length, before it is read into memory (the same [`PhotoError::TooLarge`] intake gives).
pub fn read_file(path: &std::path::Path) -> Result<(String, Vec<u8>), PhotoError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let unreadable = |e: std::io::Error| PhotoError::Unreadable {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let len = std::fs::metadata(path).map_err(unreadable)?.len();
    if len > MAX_PHOTO_BYTES as u64 {
        return Err(PhotoError::TooLarge {
            file: name,
            bytes: usize::try_from(len).unwrap_or(usize::MAX),
            max: MAX_PHOTO_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    Ok((name, bytes))
}

/// Checks one uploaded photo and describes it.
///
/// In order: size ≤ [`MAX_PHOTO_BYTES`] (before decoding); format from the magic bytes
/// (JPEG, PNG or WebP); the container is complete (not truncated); the header's dimensions are
/// non-zero and within [`MAX_PIXELS`] / [`MAX_SIDE`]; the pixels decode (with `image::Limits`
/// set, so a lying header cannot allocate more); then the EXIF orientation is applied and the
/// thumbnail made. Each refusal is its own [`PhotoError`] variant naming `file_name`.
pub fn intake(file_name: &str, bytes: &[u8]) -> Result<Photo, PhotoError> {
    intake_decoded(file_name, bytes).map(|(photo, _, _)| photo)
}

/// [`intake`], and `look` run on the photo's pixels as displayed (EXIF orientation applied:
/// width, height, RGB bytes row by row) before they are dropped — one decode serves the checks,
/// the thumbnail and a damage detector (decoding a 12 MP JPEG is ~0.1 s).
pub fn intake_and_look<T>(
    file_name: &str,
    bytes: &[u8],
    look: impl FnOnce(u32, u32, &[u8]) -> T,
) -> Result<(Photo, T), PhotoError> {
    let (photo, mut image, orientation) = intake_decoded(file_name, bytes)?;
    if let Some(o) = u8::try_from(orientation)
        .ok()
        .filter(|o| *o != 1)
        .and_then(Orientation::from_exif)
    {
        image.apply_orientation(o);
    }
    let seen = match image.as_rgb8() {
        Some(rgb) => look(rgb.width(), rgb.height(), rgb.as_raw()),
        None => {
            let rgb = image.to_rgb8();
            look(rgb.width(), rgb.height(), rgb.as_raw())
        }
    };
    Ok((photo, seen))
}

/// [`intake`]'s work, keeping the decoded image (as stored) and its EXIF orientation.
fn intake_decoded(file_name: &str, bytes: &[u8]) -> Result<(Photo, DynamicImage, u16), PhotoError> {
    let file = || file_name.to_string();
    let format = checked_format(file_name, bytes)?;
    let (width, height) = checked_size(file_name, bytes, format)?;
    let image = decode(file_name, bytes, format, width, height)?;
    let orientation = exif_orientation(bytes);
    let thumbnail_jpeg = thumbnail(&image, orientation).map_err(|e| PhotoError::Thumbnail {
        file: file(),
        reason: e.to_string(),
    })?;
    let (width, height) = if orientation >= 5 {
        (image.height(), image.width())
    } else {
        (image.width(), image.height())
    };
    let photo = Photo {
        file_name: file(),
        format,
        width,
        height,
        orientation,
        sha256: hex_sha256(bytes),
        thumbnail_jpeg,
    };
    Ok((photo, image, orientation))
}

/// The photo's format, once it is small enough, one we take, and whole
/// (not cut off in a transfer).
fn checked_format(file_name: &str, bytes: &[u8]) -> Result<PhotoFormat, PhotoError> {
    let file = || file_name.to_string();
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(PhotoError::TooLarge {
            file: file(),
            bytes: bytes.len(),
            max: MAX_PHOTO_BYTES,
        });
    }
    let format = match sniff(bytes) {
        Sniffed::Accepted(f) => f,
        Sniffed::Other(format) => {
            return Err(PhotoError::UnsupportedFormat {
                file: file(),
                format,
            })
        }
        Sniffed::Unknown => return Err(PhotoError::NotAnImage { file: file() }),
    };
    let complete = match format {
        PhotoFormat::Jpeg => jpeg_is_complete(bytes),
        PhotoFormat::Png => png_is_complete(bytes),
        PhotoFormat::WebP => webp_is_complete(bytes),
    };
    if !complete {
        return Err(PhotoError::Truncated {
            file: file(),
            format: format.name(),
        });
    }
    Ok(format)
}

/// The photo's width and height, checked against the limits before any
/// pixel is decoded: first from our own header read (JPEG, PNG), then
/// from the decoder's.
fn checked_size(
    file_name: &str,
    bytes: &[u8],
    format: PhotoFormat,
) -> Result<(u32, u32), PhotoError> {
    let header_size = match format {
        PhotoFormat::Jpeg => jpeg_header_size(bytes),
        PhotoFormat::Png => png_header_size(bytes),
        PhotoFormat::WebP => None, // the decoder's own header read below handles WebP
    };
    if let Some((width, height)) = header_size {
        check_dimensions(file_name, width, height)?;
    }
    let (width, height) = reader(bytes, format)
        .into_dimensions()
        .map_err(|e| map_decode_error(file_name, format, e))?;
    check_dimensions(file_name, width, height)?;
    Ok((width, height))
}

/// The pixels, decoded within the size and memory limits; a decoder that
/// needs more than the header promised is refused with the photo's size.
fn decode(
    file_name: &str,
    bytes: &[u8],
    format: PhotoFormat,
    width: u32,
    height: u32,
) -> Result<DynamicImage, PhotoError> {
    let mut reader = reader(bytes, format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    reader.decode().map_err(|e| match e {
        ImageError::Limits(_) => PhotoError::TooManyPixels {
            file: file_name.to_string(),
            width,
            height,
            max_pixels: MAX_PIXELS,
            max_side: MAX_SIDE,
        },
        other => map_decode_error(file_name, format, other),
    })
}

/// [`intake`] for several files at once, spread over the available cores (decoding a 12 MP
/// JPEG takes ~0.1 s, so five photos in a row would take most of a second). Results are in
/// the order of `files`, each file's own success or error.
pub fn intake_many(files: &[(&str, &[u8])]) -> Vec<Result<Photo, PhotoError>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len());
    if workers <= 1 {
        return files.iter().map(|(n, b)| intake(n, b)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out: Vec<Option<Result<Photo, PhotoError>>> = (0..files.len()).map(|_| None).collect();
    let done: Vec<Vec<(usize, Result<Photo, PhotoError>)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((name, bytes)) = files.get(i) else {
                            break mine;
                        };
                        mine.push((i, intake(name, bytes)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    for (i, r) in done.into_iter().flatten() {
        out[i] = Some(r);
    }
    out.into_iter()
        .map(|r| r.expect("every index was taken by a worker"))
        .collect()
}

/// Decodes a thumbnail made by [`intake`] (or any JPEG/PNG/WebP within the limits) to RGB8
/// pixels: `(width, height, rgb)`, for drawing it (e.g. on the PDF estimate).
pub fn decode_rgb(file_name: &str, bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), PhotoError> {
    let format = match sniff(bytes) {
        Sniffed::Accepted(f) => f,
        _ => {
            return Err(PhotoError::NotAnImage {
                file: file_name.to_string(),
            })
        }
    };
    let (width, height) = reader(bytes, format)
        .into_dimensions()
        .map_err(|e| map_decode_error(file_name, format, e))?;
    check_dimensions(file_name, width, height)?;
    let rgb = reader(bytes, format)
        .decode()
        .map_err(|e| map_decode_error(file_name, format, e))?
        .to_rgb8();
    Ok((rgb.width(), rgb.height(), rgb.into_raw()))
}

/// Decodes a photo checked by [`intake`] to RGB8 pixels as displayed — the EXIF orientation
/// applied, full size: `(width, height, rgb)`, what a damage detector looks at (the same
/// coordinates as the thumbnail and the estimator's boxes).
pub fn decode_oriented(file_name: &str, bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), PhotoError> {
    let rgb = decode_upright(file_name, bytes)?.into_rgb8();
    Ok((rgb.width(), rgb.height(), rgb.into_raw()))
}

/// Sniffs, checks the size and decodes, the EXIF orientation applied.
fn decode_upright(file_name: &str, bytes: &[u8]) -> Result<DynamicImage, PhotoError> {
    let format = match sniff(bytes) {
        Sniffed::Accepted(f) => f,
        _ => {
            return Err(PhotoError::NotAnImage {
                file: file_name.to_string(),
            })
        }
    };
    let decode_err = |e: ImageError| map_decode_error(file_name, format, e);
    let (width, height) = reader(bytes, format)
        .into_dimensions()
        .map_err(decode_err)?;
    check_dimensions(file_name, width, height)?;
    let mut image = reader(bytes, format).decode().map_err(decode_err)?;
    if let Some(o) = u8::try_from(exif_orientation(bytes))
        .ok()
        .and_then(Orientation::from_exif)
    {
        image.apply_orientation(o);
    }
    Ok(image)
}

/// A shop's logo for its reports: the image (JPEG, PNG or WebP, checked as a
/// photo is) flattened on white — a transparent PNG's background prints
/// white, not black — and scaled down to fit `max_w × max_h` pixels, as PNG
/// bytes for the shop's folder.
pub fn logo_png(
    file_name: &str,
    bytes: &[u8],
    max_w: u32,
    max_h: u32,
) -> Result<Vec<u8>, PhotoError> {
    let rgba = decode_upright(file_name, bytes)?.into_rgba8();
    let (w, h) = rgba.dimensions();
    let flat = image::RgbImage::from_fn(w, h, |x, y| {
        let p = rgba.get_pixel(x, y);
        let a = u32::from(p[3]);
        let on_white = |c: u8| ((u32::from(c) * a + 255 * (255 - a)) / 255) as u8;
        image::Rgb([on_white(p[0]), on_white(p[1]), on_white(p[2])])
    });
    let scale = f64::min(
        1.0,
        f64::min(
            f64::from(max_w) / f64::from(w),
            f64::from(max_h) / f64::from(h),
        ),
    );
    let small = if scale < 1.0 {
        let size = |n: u32| ((f64::from(n) * scale).round() as u32).max(1);
        image::imageops::resize(
            &flat,
            size(w),
            size(h),
            image::imageops::FilterType::Triangle,
        )
    } else {
        flat
    };
    let mut out = Vec::new();
    small
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("a PNG encodes to memory");
    Ok(out)
}

/// A reader over the bytes with the sniffed format forced (never guessed from a name).
fn reader(bytes: &[u8], format: PhotoFormat) -> ImageReader<Cursor<&[u8]>> {
    ImageReader::with_format(Cursor::new(bytes), format.image_format())
}

/// Refuses zero-pixel and oversized headers before any pixel is allocated.
fn check_dimensions(file_name: &str, width: u32, height: u32) -> Result<(), PhotoError> {
    if width == 0 || height == 0 {
        return Err(PhotoError::ZeroPixels {
            file: file_name.to_string(),
            width,
            height,
        });
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooManyPixels {
            file: file_name.to_string(),
            width,
            height,
            max_pixels: MAX_PIXELS,
            max_side: MAX_SIDE,
        });
    }
    Ok(())
}

/// Sorts the decoder's errors into ours.
fn map_decode_error(file_name: &str, format: PhotoFormat, e: ImageError) -> PhotoError {
    let file = file_name.to_string();
    match e {
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            PhotoError::Truncated {
                file,
                format: format.name(),
            }
        }
        other => PhotoError::Corrupt {
            file,
            format: format.name(),
            reason: other.to_string(),
        },
    }
}

/// The EXIF orientation tag (1–8), or 1 when the file has no EXIF or an invalid value.
fn exif_orientation(bytes: &[u8]) -> u16 {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return 1;
    };
    exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|v| u16::try_from(v).ok())
        .filter(|v| (1..=8).contains(v))
        .unwrap_or(1)
}

/// Shrinks (never enlarges) to [`THUMBNAIL_SIDE`], applies the orientation, encodes JPEG.
fn thumbnail(image: &DynamicImage, orientation: u16) -> Result<Vec<u8>, ImageError> {
    let mut small = if image.width().max(image.height()) > THUMBNAIL_SIDE {
        image.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE)
    } else {
        image.clone()
    };
    if let Some(o) = u8::try_from(orientation)
        .ok()
        .and_then(Orientation::from_exif)
    {
        small.apply_orientation(o);
    }
    let rgb = DynamicImage::ImageRgb8(small.to_rgb8());
    let mut out = Vec::new();
    rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
        &mut out,
        THUMBNAIL_QUALITY,
    ))?;
    Ok(out)
}

/// Lower-case hex SHA-256 (a photo's identity; any stable digest of bytes).
pub fn hex_sha256(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageFormat, Rgb, RgbImage};

    const RED: Rgb<u8> = Rgb([220, 20, 20]);
    const BLUE: Rgb<u8> = Rgb([20, 20, 220]);

    /// A `w × h` image, left half red, right half blue.
    fn two_tone(w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, _| if x < w / 2 { RED } else { BLUE })
    }

    fn encode(img: &RgbImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    /// A logo: a transparent PNG prints on white, scaled down to fit the box
    /// with its proportions; a small one is kept at its size; a non-image is refused.
    #[test]
    fn a_logo_is_flattened_on_white_and_fits_the_box() {
        let mut rgba = image::RgbaImage::new(800, 400);
        for (x, _, p) in rgba.enumerate_pixels_mut() {
            *p = if x < 400 {
                image::Rgba([0, 0, 0, 0])
            } else {
                image::Rgba([200, 0, 0, 255])
            };
        }
        let mut png = Cursor::new(Vec::new());
        rgba.write_to(&mut png, ImageFormat::Png).unwrap();
        let logo = logo_png("logo.png", png.get_ref(), 300, 120).unwrap();
        let (w, h, rgb) = decode_rgb("logo.png", &logo).unwrap();
        assert_eq!((w, h), (240, 120));
        assert_eq!(&rgb[..3], &[255, 255, 255], "transparent became white");
        let last = rgb.len() - 3;
        assert_eq!(&rgb[last..], &[200, 0, 0]);
        let small = logo_png(
            "s.png",
            &encode(&two_tone(50, 20), ImageFormat::Png),
            300,
            120,
        )
        .unwrap();
        assert_eq!(decode_rgb("s.png", &small).unwrap().0, 50);
        assert!(logo_png("notes.txt", b"hello", 300, 120).is_err());
    }

    /// Inserts a minimal EXIF APP1 segment (big-endian TIFF, IFD0 with Orientation) after SOI.
    fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
        let mut tiff = Vec::new();
        tiff.extend_from_slice(b"MM\0\x2a\0\0\0\x08"); // header, IFD0 at 8
        tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
        tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
        tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
        tiff.extend_from_slice(&1u32.to_be_bytes()); // count 1
        tiff.extend_from_slice(&orientation.to_be_bytes());
        tiff.extend_from_slice(&[0, 0]); // value padding
        tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let len = u16::try_from(app1.len() + 2).unwrap();
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// Rewrites a PNG's IHDR width/height (with a valid CRC), keeping the pixel data.
    fn png_with_header_size(png: &[u8], w: u32, h: u32) -> Vec<u8> {
        let mut out = png.to_vec();
        out[16..20].copy_from_slice(&w.to_be_bytes());
        out[20..24].copy_from_slice(&h.to_be_bytes());
        let crc = crc32(&out[12..29]);
        out[29..33].copy_from_slice(&crc.to_be_bytes());
        out
    }

    /// Rewrites a baseline JPEG's SOF0 height/width.
    fn jpeg_with_header_size(jpeg: &[u8], w: u16, h: u16) -> Vec<u8> {
        let mut out = jpeg.to_vec();
        let sof = out
            .windows(2)
            .position(|m| m == [0xFF, 0xC0])
            .expect("baseline SOF0");
        out[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
        out[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
        out
    }

    #[test]
    fn intake_hands_the_same_oriented_pixels_to_a_look() {
        let jpeg = with_exif_orientation(&encode(&two_tone(40, 20), ImageFormat::Jpeg), 6);
        let (photo, (w, h, rgb)) =
            intake_and_look("side.jpg", &jpeg, |w, h, rgb| (w, h, rgb.to_vec())).unwrap();
        assert_eq!((w, h), (photo.width, photo.height));
        assert_eq!((w, h, rgb), decode_oriented("side.jpg", &jpeg).unwrap());
        assert!(intake_and_look("x.jpg", b"hello", |_, _, _| ()).is_err());
    }

    #[test]
    fn decoded_pixels_are_oriented_like_the_thumbnail() {
        // Red left half, blue right half; orientation 6 (rotate 90° clockwise to display):
        // displayed 20 × 40 with red on top.
        let jpeg = with_exif_orientation(&encode(&two_tone(40, 20), ImageFormat::Jpeg), 6);
        let (w, h, rgb) = decode_oriented("side.jpg", &jpeg).unwrap();
        assert_eq!((w, h, rgb.len()), (20, 40, 20 * 40 * 3));
        let at = |x: usize, y: usize| {
            Rgb([
                rgb[(y * 20 + x) * 3],
                rgb[(y * 20 + x) * 3 + 1],
                rgb[(y * 20 + x) * 3 + 2],
            ])
        };
        assert!(is_red(&at(10, 5)) && !is_red(&at(10, 35)));
        assert_eq!((w, h), (intake("side.jpg", &jpeg).unwrap().width, 40));
        assert!(decode_oriented("x.jpg", b"hello").is_err());
    }

    fn decode_thumb(photo: &Photo) -> RgbImage {
        image::load_from_memory_with_format(&photo.thumbnail_jpeg, ImageFormat::Jpeg)
            .unwrap()
            .to_rgb8()
    }

    fn is_red(p: &Rgb<u8>) -> bool {
        p[0] > 150 && p[2] < 100
    }

    #[test]
    fn accepts_jpeg_png_webp_by_content() {
        let img = two_tone(64, 48);
        for (format, expected, name) in [
            (ImageFormat::Jpeg, PhotoFormat::Jpeg, "a.png"),
            (ImageFormat::Png, PhotoFormat::Png, "b.jpg"),
            (ImageFormat::WebP, PhotoFormat::WebP, "c"),
        ] {
            let bytes = encode(&img, format);
            let photo = intake(name, &bytes).unwrap();
            assert_eq!(photo.format, expected, "{name}");
            assert_eq!((photo.width, photo.height), (64, 48));
            assert_eq!(photo.orientation, 1);
            assert_eq!(photo.file_name, name);
            assert_eq!(photo.sha256, hex_sha256(&bytes));
            // Small photos are not enlarged.
            assert_eq!(decode_thumb(&photo).dimensions(), (64, 48));
        }
    }

    #[test]
    fn exif_orientation_6_is_applied_to_size_and_thumbnail() {
        // Stored 40 × 20, left red / right blue; orientation 6 = rotate 90° clockwise to show.
        let jpeg = with_exif_orientation(&encode(&two_tone(40, 20), ImageFormat::Jpeg), 6);
        let photo = intake("side.jpg", &jpeg).unwrap();
        assert_eq!(photo.orientation, 6);
        assert_eq!((photo.width, photo.height), (20, 40));
        let thumb = decode_thumb(&photo);
        assert_eq!(thumb.dimensions(), (20, 40));
        // The stored left column (red) becomes the displayed top row.
        assert!(
            is_red(thumb.get_pixel(10, 2)),
            "{:?}",
            thumb.get_pixel(10, 2)
        );
        assert!(
            !is_red(thumb.get_pixel(10, 37)),
            "{:?}",
            thumb.get_pixel(10, 37)
        );
    }

    #[test]
    fn invalid_exif_orientation_counts_as_none() {
        let jpeg = with_exif_orientation(&encode(&two_tone(40, 20), ImageFormat::Jpeg), 42);
        let photo = intake("odd.jpg", &jpeg).unwrap();
        assert_eq!(photo.orientation, 1);
        assert_eq!((photo.width, photo.height), (40, 20));
    }

    #[test]
    fn thumbnail_long_side_is_320() {
        let photo = intake("big.png", &encode(&two_tone(1000, 600), ImageFormat::Png)).unwrap();
        assert_eq!((photo.width, photo.height), (1000, 600));
        let thumb = decode_thumb(&photo);
        assert_eq!(thumb.width(), THUMBNAIL_SIDE);
        assert!((191..=193).contains(&thumb.height()), "{}", thumb.height());
        assert!(is_red(thumb.get_pixel(10, 100)));
        assert!(!is_red(thumb.get_pixel(310, 100)));
    }

    #[test]
    fn oversize_is_refused_before_decoding() {
        // Not even a valid image past the magic: the size check comes first.
        let mut bytes = vec![0u8; MAX_PHOTO_BYTES + 1];
        bytes[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
        let err = intake("huge.jpg", &bytes).unwrap_err();
        assert_eq!(
            err,
            PhotoError::TooLarge {
                file: "huge.jpg".into(),
                bytes: MAX_PHOTO_BYTES + 1,
                max: MAX_PHOTO_BYTES
            }
        );
        assert!(err.to_string().starts_with("huge.jpg: 10485761 bytes"));
        // Exactly the limit passes the size check (and then fails as the junk it is).
        bytes.truncate(MAX_PHOTO_BYTES);
        assert!(!matches!(
            intake("huge.jpg", &bytes),
            Err(PhotoError::TooLarge { .. })
        ));
    }

    #[test]
    fn non_images_and_other_formats() {
        let err = intake("estimate.jpg", b"Dear customer, ...").unwrap_err();
        assert_eq!(
            err,
            PhotoError::NotAnImage {
                file: "estimate.jpg".into()
            }
        );
        assert!(err.to_string().contains("estimate.jpg: not an image"));
        assert!(matches!(
            intake("empty.png", b""),
            Err(PhotoError::NotAnImage { .. })
        ));
        let err = intake("anim.gif", b"GIF89a\x01\0\x01\0\0\0\0;").unwrap_err();
        assert_eq!(
            err.to_string(),
            "anim.gif: GIF images are not accepted — use JPEG, PNG or WebP"
        );
    }

    #[test]
    fn truncated_files_of_each_format() {
        let img = two_tone(64, 48);
        for format in [ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP] {
            let bytes = encode(&img, format);
            for cut in [bytes.len() / 2, bytes.len() - 1, 20] {
                let err = intake("cut", &bytes[..cut]).unwrap_err();
                assert!(
                    matches!(err, PhotoError::Truncated { .. }),
                    "{format:?} cut at {cut}: {err}"
                );
            }
        }
        let err = intake("cut.jpg", &encode(&img, ImageFormat::Jpeg)[..100]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cut.jpg: the JPEG file is truncated"),
            "{err}"
        );
    }

    #[test]
    fn zero_pixel_headers() {
        let png = encode(&two_tone(8, 8), ImageFormat::Png);
        let err = intake("zero.png", &png_with_header_size(&png, 0, 8)).unwrap_err();
        assert!(matches!(err, PhotoError::ZeroPixels { .. }), "{err}");
        assert!(err.to_string().starts_with("zero.png:"));
        let jpeg = encode(&two_tone(8, 8), ImageFormat::Jpeg);
        let err = intake("zero.jpg", &jpeg_with_header_size(&jpeg, 8, 0)).unwrap_err();
        assert!(matches!(err, PhotoError::ZeroPixels { .. }), "{err}");
    }

    #[test]
    fn decode_bombs_are_refused_from_the_header() {
        let png = encode(&two_tone(8, 8), ImageFormat::Png);
        let err = intake("bomb.png", &png_with_header_size(&png, 100_000, 100_000)).unwrap_err();
        assert_eq!(
            err,
            PhotoError::TooManyPixels {
                file: "bomb.png".into(),
                width: 100_000,
                height: 100_000,
                max_pixels: MAX_PIXELS,
                max_side: MAX_SIDE
            }
        );
        let jpeg = encode(&two_tone(8, 8), ImageFormat::Jpeg);
        let err = intake("bomb.jpg", &jpeg_with_header_size(&jpeg, 9000, 9000)).unwrap_err();
        assert!(
            matches!(
                err,
                PhotoError::TooManyPixels {
                    width: 9000,
                    height: 9000,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn damaged_data_is_corrupt() {
        // Flip bytes inside the PNG's IDAT: structure intact, CRC/zlib wrong.
        let mut png = encode(&two_tone(64, 48), ImageFormat::Png);
        let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
        for b in &mut png[idat + 6..idat + 14] {
            *b ^= 0x5A;
        }
        let err = intake("bad.png", &png).unwrap_err();
        assert!(matches!(err, PhotoError::Corrupt { .. }), "{err}");
        assert!(err
            .to_string()
            .starts_with("bad.png: the PNG data is damaged"));
    }

    #[test]
    fn photo_count_limit() {
        for n in 0..=MAX_PHOTOS {
            assert!(check_count(n).is_ok());
        }
        let err = check_count(MAX_PHOTOS + 1).unwrap_err();
        assert_eq!(err, PhotoError::TooManyPhotos { count: 6, max: 5 });
        assert!(err.to_string().contains("at most 5 photos"));
    }

    #[test]
    fn thumbnails_decode_to_rgb_pixels() {
        let photo = intake("big.png", &encode(&two_tone(1000, 600), ImageFormat::Png)).unwrap();
        let (w, h, rgb) = decode_rgb("big.png", &photo.thumbnail_jpeg).unwrap();
        assert_eq!((w, h), (320, 192));
        assert_eq!(rgb.len(), 320 * 192 * 3);
        assert!(rgb[0] > 150 && rgb[2] < 100, "top-left is red");
        assert!(matches!(
            decode_rgb("x", b"nope"),
            Err(PhotoError::NotAnImage { .. })
        ));
    }

    #[test]
    fn intake_many_keeps_order_and_each_result() {
        let png = encode(&two_tone(64, 48), ImageFormat::Png);
        let jpeg = encode(&two_tone(30, 90), ImageFormat::Jpeg);
        let files: Vec<(&str, &[u8])> = vec![
            ("a.png", &png),
            ("b.txt", b"text"),
            ("c.jpg", &jpeg),
            ("d.jpg", &jpeg[..jpeg.len() - 4]),
        ];
        let out = intake_many(&files);
        assert_eq!(out.len(), 4);
        assert_eq!(out[0].as_ref().unwrap().width, 64);
        assert!(matches!(out[1], Err(PhotoError::NotAnImage { ref file }) if file == "b.txt"));
        assert_eq!(out[2].as_ref().unwrap().height, 90);
        assert!(matches!(out[3], Err(PhotoError::Truncated { ref file, .. }) if file == "d.jpg"));
        assert!(intake_many(&[]).is_empty());
    }

    #[test]
    fn sha256_hex() {
        assert_eq!(
            hex_sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    proptest::proptest! {
        /// Arbitrary bytes, or a real photo cut or flipped anywhere, never panic: they are
        /// accepted or refused with an error.
        #[test]
        fn never_panics_on_arbitrary_or_damaged_input(
            junk in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512),
            cut in 0usize..2000,
            flip in 0usize..2000,
            which in 0usize..3,
        ) {
            let _ = intake("junk", &junk);
            let format = [ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP][which];
            let mut bytes = encode(&two_tone(24, 16), format);
            let flip = flip % bytes.len();
            bytes[flip] ^= 0xA5;
            let _ = intake("flipped", &bytes);
            bytes.truncate(cut % bytes.len());
            let _ = intake("cut", &bytes);
        }
    }

    #[test]
    fn files_are_read_with_their_name_and_oversize_ones_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("front.jpg");
        std::fs::write(&small, b"abc").unwrap();
        assert_eq!(
            read_file(&small).unwrap(),
            ("front.jpg".into(), b"abc".to_vec())
        );
        let big = dir.path().join("huge.jpg");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(MAX_PHOTO_BYTES as u64 + 1).unwrap();
        assert!(matches!(
            read_file(&big),
            Err(PhotoError::TooLarge { ref file, .. }) if file == "huge.jpg"
        ));
        let err = read_file(&dir.path().join("missing.jpg")).unwrap_err();
        assert!(matches!(err, PhotoError::Unreadable { .. }));
        assert!(err.to_string().contains("missing.jpg"), "{err}");
    }
}
