//! Synthetic 12 MP phone photos shared by the workflow benchmarks: colour
//! gradients plus deterministic noise, its amplitude calibrated so a JPEG
//! comes out near 4 MB like a real photo of a car; and the estimate they are
//! photos of.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};
use shopbench_estimate::{DamageType, PartType, Rect, Severity, Vehicle};
use shopbench_store::{NewArea, NewEstimate};

/// A 12 MP photo's width.
pub const W: u32 = 4032;
/// … and height.
pub const H: u32 = 3024;
/// The size a phone's 12 MP JPEG of a car comes to, about.
pub const TARGET: usize = 4_000_000;

/// xorshift32: deterministic noise without a dependency.
struct Noise(u32);
impl Noise {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }
}

/// A car-ish photo: colour gradients plus `amp` levels of per-pixel noise.
pub fn photo(w: u32, h: u32, amp: u32, seed: u32) -> Vec<u8> {
    let mut n = Noise(seed.wrapping_mul(2) | 1);
    let img = RgbImage::from_fn(w, h, |x, y| {
        let mut c = |base: u32| {
            let v = base + n.next() % (2 * amp + 1);
            v.saturating_sub(amp).min(255) as u8
        };
        Rgb([
            c(60 + 120 * x / w),
            c(80 + 100 * y / h),
            c(140 - 60 * (x + y) / (w + h)),
        ])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
        .expect("encode");
    out.into_inner()
}

/// The noise amplitude that makes a full-size photo ~4 MB, found on a quarter-size crop.
pub fn calibrate() -> u32 {
    let (mut lo, mut hi) = (1u32, 128u32);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if photo(W / 4, H / 4, mid, 7).len() * 16 < TARGET {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Seed 001's estimate: a 2022 Camry in California, OEM parts.
pub fn seed_camry() -> NewEstimate {
    NewEstimate {
        vehicle: Vehicle::new("Toyota", "Camry", 2022),
        vin: None,
        state: "CA".into(),
        metro: false,
        part_preference: PartType::Oem,
    }
}

/// Seed 001's two damage areas, marked by the estimator on the first two photos.
pub fn seed_areas() -> Vec<NewArea> {
    vec![
        NewArea::by_estimator(
            Some("photo0.jpg"),
            Some(Rect::new(0.3, 0.4, 0.4, 0.3).expect("rect")),
            "front_bumper",
            DamageType::Dent,
            Severity::Moderate,
        ),
        NewArea::by_estimator(
            Some("photo1.jpg"),
            None,
            "front_fender_left",
            DamageType::Scratch,
            Severity::Minor,
        ),
    ]
}
