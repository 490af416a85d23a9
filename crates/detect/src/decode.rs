//! From the model's raw output to boxes: the layout read, candidates under the score
//! threshold dropped, non-maximum suppression per class.

use crate::manifest::OutputLayout;

/// How the candidates sit in the output tensor (checked once, when the model is loaded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputGeometry {
    /// The layout.
    pub layout: OutputLayout,
    /// Number of classes.
    pub classes: usize,
    /// Values per candidate.
    pub per_box: usize,
    /// Number of candidates.
    pub count: usize,
    /// `1 × per_box × count` (YOLOv8's export) rather than `1 × count × per_box` (YOLOv5's).
    pub attribute_major: bool,
}

impl OutputGeometry {
    /// Reads `shape` as `layout` with `classes` classes: `1 × per_box × N` or `1 × N × per_box`
    /// (the layout's usual orientation first). `None` when neither matches.
    pub fn of(layout: OutputLayout, classes: usize, shape: &[usize]) -> Option<OutputGeometry> {
        let (per_box, _) = layout.per_box(classes);
        let [1, a, b] = *shape else {
            return None;
        };
        let usual_attribute_major = layout != OutputLayout::Yolov5;
        let attribute_major = match (a == per_box, b == per_box) {
            (true, true) => usual_attribute_major,
            (true, false) => true,
            (false, true) => false,
            (false, false) => return None,
        };
        Some(OutputGeometry {
            layout,
            classes,
            per_box,
            count: if attribute_major { b } else { a },
            attribute_major,
        })
    }

    fn value(&self, output: &[f32], candidate: usize, attribute: usize) -> f32 {
        if self.attribute_major {
            output[attribute * self.count + candidate]
        } else {
            output[candidate * self.per_box + attribute]
        }
    }
}

/// One box the model found, in input pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    /// Its position in the output.
    pub index: usize,
    /// The best class.
    pub class: usize,
    /// That class's score (YOLOv5: objectness × class probability).
    pub score: f32,
    /// x0, y0, x1, y1 in input pixels.
    pub bbox: [f32; 4],
}

/// At most this many candidates go into NMS, best first (Ultralytics' `max_nms`).
pub const MAX_NMS: usize = 30_000;

/// The candidates of `output` scoring at least `threshold` (best class each, ties to the
/// lower class index) with a finite, non-empty box; best first.
pub fn candidates(g: &OutputGeometry, output: &[f32], threshold: f32) -> Vec<Candidate> {
    let score_from = match g.layout {
        OutputLayout::Yolov5 => 5,
        OutputLayout::Yolov8 | OutputLayout::Yolov8Seg => 4,
    };
    let mut out = Vec::new();
    for i in 0..g.count.min(output.len() / g.per_box.max(1)) {
        let v = |a: usize| g.value(output, i, a);
        let objectness = match g.layout {
            OutputLayout::Yolov5 => v(4),
            _ => 1.0,
        };
        let (mut class, mut best) = (0, f32::NEG_INFINITY);
        for c in 0..g.classes {
            let s = v(score_from + c);
            if s > best {
                (class, best) = (c, s);
            }
        }
        let score = objectness * best;
        let (cx, cy, w, h) = (v(0), v(1), v(2), v(3));
        let finite = [cx, cy, w, h].iter().all(|x| x.is_finite());
        if score >= threshold && finite && w > 0.0 && h > 0.0 {
            out.push(Candidate {
                index: i,
                class,
                score,
                bbox: [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0],
            });
        }
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
    out.truncate(MAX_NMS);
    out
}

/// Intersection over union of two x0, y0, x1, y1 boxes (0 when they do not touch).
pub fn iou(a: [f32; 4], b: [f32; 4]) -> f32 {
    let w = (a[2].min(b[2]) - a[0].max(b[0])).max(0.0);
    let h = (a[3].min(b[3]) - a[1].max(b[1])).max(0.0);
    let inter = w * h;
    let union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
    if union > 0.0 {
        inter / union
    } else {
        0.0
    }
}

/// Greedy non-maximum suppression per class over `sorted` (best first): a box is kept unless
/// a kept box of the same class overlaps it by more than `iou_threshold`; at most `max` kept.
pub fn nms(sorted: &[Candidate], iou_threshold: f32, max: usize) -> Vec<Candidate> {
    let mut kept: Vec<Candidate> = Vec::new();
    for c in sorted {
        if kept.len() == max {
            break;
        }
        let suppressed = kept
            .iter()
            .any(|k| k.class == c.class && iou(k.bbox, c.bbox) > iou_threshold);
        if !suppressed {
            kept.push(*c);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_orientations_are_read_and_a_wrong_width_is_refused() {
        let g = OutputGeometry::of(OutputLayout::Yolov8, 6, &[1, 10, 8400]).unwrap();
        assert!(g.attribute_major && g.count == 8400);
        let t = OutputGeometry::of(OutputLayout::Yolov8, 6, &[1, 8400, 10]).unwrap();
        assert!(!t.attribute_major && t.count == 8400);
        let v5 = OutputGeometry::of(OutputLayout::Yolov5, 6, &[1, 25200, 11]).unwrap();
        assert!(!v5.attribute_major && v5.count == 25200);
        let seg = OutputGeometry::of(OutputLayout::Yolov8Seg, 6, &[1, 42, 8400]).unwrap();
        assert_eq!(seg.per_box, 42);
        assert_eq!(
            OutputGeometry::of(OutputLayout::Yolov8, 6, &[1, 84, 8400]),
            None
        );
        assert_eq!(
            OutputGeometry::of(OutputLayout::Yolov8, 6, &[10, 8400]),
            None
        );
    }

    #[test]
    fn candidates_take_the_best_class_and_yolov5_multiplies_by_objectness() {
        // Two candidates, two classes, attribute-major: cx, cy, w, h, s0, s1.
        let out = [
            10.0, 50.0, // cx
            10.0, 50.0, // cy
            4.0, 8.0, // w
            2.0, 0.0, // h (the second box is empty)
            0.3, 0.9, // class 0
            0.6, 0.1, // class 1
        ];
        let g = OutputGeometry::of(OutputLayout::Yolov8, 2, &[1, 6, 2]).unwrap();
        let c = candidates(&g, &out, 0.25);
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].class, c[0].score), (1, 0.6));
        assert_eq!(c[0].bbox, [8.0, 9.0, 12.0, 11.0]);
        // YOLOv5, candidate-major: cx, cy, w, h, obj, p0, p1.
        let out = [10.0, 10.0, 4.0, 2.0, 0.5, 0.2, 0.8];
        let g = OutputGeometry::of(OutputLayout::Yolov5, 2, &[1, 1, 7]).unwrap();
        let c = candidates(&g, &out, 0.25);
        assert_eq!((c[0].class, c[0].score), (1, 0.4));
        assert!(candidates(&g, &out, 0.45).is_empty());
    }

    #[test]
    fn nms_keeps_the_best_of_overlapping_boxes_of_one_class_only() {
        let cand = |index, class, score, x0: f32| Candidate {
            index,
            class,
            score,
            bbox: [x0, 0.0, x0 + 8.0, 8.0],
        };
        // IoU of boxes 1 px apart: 7·8 / (64 + 64 − 56) = 56 / 72.
        assert_eq!(
            iou(cand(0, 0, 0.9, 0.0).bbox, cand(1, 0, 0.8, 1.0).bbox),
            56.0 / 72.0
        );
        let sorted = [
            cand(0, 0, 0.9, 0.0),
            cand(1, 0, 0.8, 1.0),
            cand(2, 1, 0.7, 1.0),
            cand(3, 0, 0.6, 30.0),
        ];
        let kept: Vec<usize> = nms(&sorted, 0.45, 100).iter().map(|c| c.index).collect();
        assert_eq!(kept, [0, 2, 3]);
        let kept: Vec<usize> = nms(&sorted, 0.8, 100).iter().map(|c| c.index).collect();
        assert_eq!(kept, [0, 1, 2, 3]);
        assert_eq!(nms(&sorted, 0.45, 2).len(), 2);
    }
}
