//! Letterboxing: the photo scaled to fit the model's input without distortion, centred,
//! the rest filled with grey bars — as Ultralytics prepares an image (`LetterBox`, bilinear
//! resize with OpenCV's pixel-centre convention), so a model sees what it saw in training —
//! and the way back from input pixels to fractions of the photo.

use shopbench_estimate::Rect;

use crate::manifest::Normalize;

/// Where the photo lands in the model's input.
///
/// ```text
///  input (e.g. 640 × 640)
/// +-------------------------+
/// |   pad (top rows)        |
/// +-------------------------+ <- top
/// |  photo × scale          |  height = round(photo_h × scale)
/// |  (width × height)       |
/// +-------------------------+
/// |   pad                   |
/// +-------------------------+
///   ^ left (0 when the photo is wider than tall)
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Letterbox {
    /// Photo size in pixels.
    pub photo: (usize, usize),
    /// Input size in pixels.
    pub input: (usize, usize),
    /// min(input_w / photo_w, input_h / photo_h).
    pub scale: f64,
    /// The scaled photo's size: (round(photo_w × scale), round(photo_h × scale)).
    pub resized: (usize, usize),
    /// Columns of padding on the left: ⌊(input_w − resized_w) / 2⌋.
    pub left: usize,
    /// Rows of padding at the top: ⌊(input_h − resized_h) / 2⌋.
    pub top: usize,
}

impl Letterbox {
    /// The letterbox of a `photo` (width, height) in an `input` (width, height); both non-zero.
    pub fn fit(photo: (usize, usize), input: (usize, usize)) -> Letterbox {
        let (pw, ph) = (photo.0.max(1) as f64, photo.1.max(1) as f64);
        let (iw, ih) = (input.0 as f64, input.1 as f64);
        let scale = (iw / pw).min(ih / ph);
        let resized = (
            ((pw * scale).round() as usize).clamp(1, input.0),
            ((ph * scale).round() as usize).clamp(1, input.1),
        );
        Letterbox {
            photo,
            input,
            scale,
            resized,
            left: (input.0 - resized.0) / 2,
            top: (input.1 - resized.1) / 2,
        }
    }

    /// The model's input tensor, channels first (`3 × input_h × input_w`, R then G then B):
    /// the photo's `rgb` pixels resized bilinearly into the box, the bars `pad_value`, each
    /// value normalised. `rgb` must hold `photo_w × photo_h × 3` bytes.
    pub fn tensor(&self, rgb: &[u8], normalize: &Normalize, pad_value: u8) -> Vec<f32> {
        let (iw, ih) = self.input;
        let plane = iw * ih;
        let mut out = Vec::with_capacity(3 * plane);
        for c in 0..3 {
            out.extend(std::iter::repeat_n(
                normalize.apply(f32::from(pad_value), c),
                plane,
            ));
        }
        let (pw, ph) = self.photo;
        let xs = taps(self.resized.0, pw);
        let ys = taps(self.resized.1, ph);
        let px = |x: usize, y: usize, c: usize| f32::from(rgb[(y * pw + x) * 3 + c]);
        for (dy, &(y0, y1, wy)) in ys.iter().enumerate() {
            let row = (self.top + dy) * iw + self.left;
            for (dx, &(x0, x1, wx)) in xs.iter().enumerate() {
                for c in 0..3 {
                    let top = px(x0, y0, c) * (1.0 - wx) + px(x1, y0, c) * wx;
                    let bottom = px(x0, y1, c) * (1.0 - wx) + px(x1, y1, c) * wx;
                    let v = top * (1.0 - wy) + bottom * wy;
                    out[c * plane + row + dx] = normalize.apply(v, c);
                }
            }
        }
        out
    }

    /// A box in input pixels (x0, y0, x1, y1) as fractions of the photo: the bars taken
    /// off, divided by the scale, clipped to the photo. `None` when nothing is left of it.
    pub fn to_photo(&self, b: [f32; 4]) -> Option<Rect> {
        let (pw, ph) = (self.photo.0 as f64, self.photo.1 as f64);
        let x = |v: f32| ((f64::from(v) - self.left as f64) / self.scale).clamp(0.0, pw);
        let y = |v: f32| ((f64::from(v) - self.top as f64) / self.scale).clamp(0.0, ph);
        let (x0, y0, x1, y1) = (x(b[0]), y(b[1]), x(b[2]), y(b[3]));
        if !(x1 > x0 && y1 > y0) {
            return None;
        }
        Rect::new(
            (x0 / pw) as f32,
            (y0 / ph) as f32,
            ((x1 - x0) / pw) as f32,
            ((y1 - y0) / ph) as f32,
        )
        .ok()
    }
}

/// For each of `dst` output positions, the two source positions and the weight of the
/// second: OpenCV's `INTER_LINEAR` (sample at `(d + 0.5) × src/dst − 0.5`, clamped).
fn taps(dst: usize, src: usize) -> Vec<(usize, usize, f32)> {
    let ratio = src as f64 / dst as f64;
    (0..dst)
        .map(|d| {
            let f = (d as f64 + 0.5) * ratio - 0.5;
            if f <= 0.0 {
                return (0, 0, 0.0);
            }
            let i = f.floor() as usize;
            if i + 1 >= src {
                return (src - 1, src - 1, 0.0);
            }
            (i, i + 1, (f - i as f64) as f32)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> Normalize {
        Normalize {
            scale: 1.0,
            mean: [0.0; 3],
            std: [1.0; 3],
        }
    }

    #[test]
    fn a_12_mp_landscape_photo_fills_the_width_with_bars_above_and_below() {
        let lb = Letterbox::fit((4032, 3024), (640, 640));
        assert_eq!(lb.scale, 640.0 / 4032.0);
        assert_eq!((lb.resized, lb.left, lb.top), ((640, 480), 0, 80));
        let portrait = Letterbox::fit((3024, 4032), (640, 640));
        assert_eq!(
            (portrait.resized, portrait.left, portrait.top),
            ((480, 640), 80, 0)
        );
        // An odd margin puts the extra row at the bottom, as Ultralytics does.
        let odd = Letterbox::fit((100, 45), (32, 32));
        assert_eq!((odd.resized, odd.top), ((32, 14), 9));
    }

    #[test]
    fn a_photo_of_the_input_size_passes_through_unchanged() {
        let rgb: Vec<u8> = (0..4 * 2 * 3).map(|v| v as u8).collect();
        let lb = Letterbox::fit((4, 2), (4, 2));
        let t = lb.tensor(&rgb, &raw(), 114);
        // Channel-first: R of pixel (x, y) is t[y * 4 + x].
        for y in 0..2 {
            for x in 0..4 {
                for c in 0..3 {
                    assert_eq!(t[c * 8 + y * 4 + x], rgb[(y * 4 + x) * 3 + c] as f32);
                }
            }
        }
    }

    #[test]
    fn halving_a_gradient_samples_between_pixel_centres_and_pads_with_grey() {
        // 8 × 4 photo, R = 4·x, G = 10·y, B = 7: into 4 × 4, scale 0.5, 4 × 2 box, 1 bar row each side.
        let mut rgb = Vec::new();
        for y in 0..4u8 {
            for x in 0..8u8 {
                rgb.extend([4 * x, 10 * y, 7]);
            }
        }
        let lb = Letterbox::fit((8, 4), (4, 4));
        assert_eq!((lb.resized, lb.left, lb.top), ((4, 2), 0, 1));
        let t = lb.tensor(&rgb, &raw(), 114);
        let at = |c: usize, x: usize, y: usize| t[c * 16 + y * 4 + x];
        for x in 0..4 {
            // Output column x samples source x = 2x + 0.5: R = 4 (2x + 0.5) = 8x + 2.
            assert_eq!(at(0, x, 1), 8.0 * x as f32 + 2.0);
            // Output row 1 samples source rows 2·0 + 0.5 (G = 5) and row 2 samples 2.5 (G = 25).
            assert_eq!((at(1, x, 1), at(1, x, 2)), (5.0, 25.0));
            assert_eq!(at(2, x, 2), 7.0);
            for c in 0..3 {
                assert_eq!((at(c, x, 0), at(c, x, 3)), (114.0, 114.0));
            }
        }
    }

    #[test]
    fn boxes_come_back_as_fractions_of_the_photo() {
        // 64 × 48 photo in 32 × 32: scale 0.5, bars of 4 rows top and bottom.
        let lb = Letterbox::fit((64, 48), (32, 32));
        let r = lb.to_photo([4.0, 4.0, 12.0, 12.0]).unwrap();
        // x: (4 − 0) / 0.5 = 8 px = 0.125; y: (4 − 4) / 0.5 = 0; w: 16 / 64; h: 16 / 48.
        assert_eq!(
            (r.x(), r.y(), r.w(), r.h()),
            (0.125, 0.0, 0.25, 16.0 / 48.0)
        );
        // Clipped at the photo's edges; a box wholly in a bar is nothing.
        let r = lb.to_photo([-3.0, 20.0, 40.0, 31.0]).unwrap();
        assert_eq!(
            (r.x(), r.y(), r.w(), r.h()),
            (0.0, 32.0 / 48.0, 1.0, 16.0 / 48.0)
        );
        assert_eq!(lb.to_photo([0.0, 0.0, 8.0, 3.0]), None);
    }
}
