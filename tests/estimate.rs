//! `shopbench estimate …` and `shopbench data …` end to end: the real binary, a real SQLite
//! file in a temp folder, real photo files encoded here with the `image` crate, and the real
//! PDF read back with `pdftotext`.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use image::{ImageFormat, Rgb, RgbImage};
use serde_json::Value;
use shopbench_e2e::{
    camry_estimate_args, estimate_new_args, json, ok, read_lines, run_shopbench, Run,
};

fn fails(run: Run) -> String {
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.is_empty(), "{run:?}");
    run.stderr
}

/// A `w × h` photo: a grey car-ish body with a darker "dent" in the middle, some texture.
fn photo(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        let base = if (w / 3..2 * w / 3).contains(&x) && (h / 3..2 * h / 3).contains(&y) {
            90
        } else {
            170
        };
        let t = ((x * 7 + y * 13) % 23) as u8;
        Rgb([base + t, base + t / 2, base])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Inserts a minimal EXIF APP1 segment (big-endian TIFF, IFD0 with Orientation) after SOI.
fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut app1 = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    app1.extend_from_slice(&orientation.to_be_bytes());
    app1.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let len = u16::try_from(app1.len() + 2).unwrap();
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Seed 001's example: 2022 Camry in CA, a moderate dent on the front bumper (boxed on the
/// front photo) and a minor scratch on the left front fender (on the side photo).
fn seed_estimate(h: &Path) -> Value {
    let front = write(h, "front.jpg", &photo(1200, 800, ImageFormat::Jpeg));
    let side = write(h, "side.png", &photo(640, 480, ImageFormat::Png));
    json(run_shopbench(
        h,
        &camry_estimate_args(&[
            "--photo",
            front.to_str().unwrap(),
            "--photo",
            side.to_str().unwrap(),
            "--area",
            "front.jpg:front_bumper:dent:moderate:0.3,0.4,0.4,0.3",
            "--area",
            "side.png:front_fender_left:scratch:minor:128,96,200,150",
            "--json",
        ]),
    ))
}

/// A box coordinate (stored as f32) in thousandths.
fn milli(v: &Value) -> i64 {
    (v.as_f64().unwrap() * 1000.0).round() as i64
}

fn show(h: &Path, id: &str) -> Value {
    json(run_shopbench(h, &["estimate", "show", id, "--json"]))
}

fn total(v: &Value) -> u64 {
    v["estimate"]["totals"]["total"].as_u64().unwrap()
}

fn line<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["estimate"]["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == id)
        .unwrap_or_else(|| panic!("no line {id} in {}", v["estimate"]["line_items"]))
}

fn included_sum(v: &Value) -> u64 {
    v["estimate"]["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["status"] == "included")
        .map(|l| l["subtotal"].as_u64().unwrap())
        .sum()
}

#[test]
fn seed_001_camry_from_photos_to_priced_lines_show_list_and_history() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let e = seed_estimate(h);
    assert_eq!(e["id"], 1);
    assert_eq!(e["reference"], "EST-0001");
    assert_eq!(e["state"], "CA");
    let photos = e["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 2);
    assert_eq!(photos[0]["file_name"], "front.jpg");
    assert_eq!(photos[0]["mime"], "image/jpeg");
    assert_eq!(
        (photos[0]["width"].as_u64(), photos[0]["height"].as_u64()),
        (Some(1200), Some(800))
    );
    assert_eq!(photos[1]["mime"], "image/png");
    // The pixel box on the 640 × 480 side photo is stored as fractions.
    let areas = e["areas"].as_array().unwrap();
    assert_eq!(milli(&areas[1]["region"]["x"]), 200);
    assert_eq!(milli(&areas[1]["region"]["w"]), 313);

    // The same kinds of lines as seed 001: the bumper replaced or repaired, the fender
    // refinished, blends on neighbours, ADAS on the bumper.
    let est = &e["estimate"];
    let ops: Vec<(String, String)> = est["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap().to_string(),
                l["operation"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        ops.iter()
            .any(|(id, op)| id.starts_with("front_bumper:") && (op == "REPLACE" || op == "REPAIR")),
        "{ops:?}"
    );
    assert!(
        ops.contains(&("front_fender_left:REFINISH".into(), "REFINISH".into())),
        "{ops:?}"
    );
    assert!(ops.iter().any(|(_, op)| op == "BLEND"), "{ops:?}");
    assert!(
        ops.iter()
            .any(|(id, op)| id.starts_with("adas:") && op == "SUBLET"),
        "{ops:?}"
    );
    assert_eq!(est["vehicle"]["year"], 2022);
    assert_eq!(total(&e), included_sum(&e));
    assert!(est["totals"]["total_min"].as_u64() <= Some(total(&e)));
    assert!(Some(total(&e)) <= est["totals"]["total_max"].as_u64());
    // Every line says why it is there.
    assert!(est["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| !l["reason"].as_str().unwrap().is_empty()));

    // show (text) and list.
    let text = ok(run_shopbench(h, &["estimate", "show", "EST-0001"])).stdout;
    assert!(
        text.starts_with("Estimate EST-0001 — 2022 Toyota Camry"),
        "{text}"
    );
    for needle in [
        "front.jpg",
        "side.png",
        "moderate dent front_bumper",
        "Front bumper cover",
        "TOTAL",
        "ADAS calibrations",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    let list = json(run_shopbench(h, &["estimate", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["vehicle"], "2022 Toyota Camry");
    assert_eq!(
        (list[0]["photos"].as_u64(), list[0]["areas"].as_u64()),
        (Some(2), Some(2))
    );

    let hist = json(run_shopbench(h, &["estimate", "history", "1", "--json"]));
    let actions: Vec<&str> = hist
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "estimate.create",
            "photo.add",
            "photo.add",
            "area.add",
            "area.add"
        ]
    );

    // The original bytes are kept exactly: the stored SHA-256 is the file's.
    let sha = photos[0]["sha256"].as_str().unwrap();
    let out = Command::new("sha256sum")
        .arg(h.join("front.jpg"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(sha));
}

#[test]
fn bad_photos_are_refused_by_name_and_the_estimate_keeps_what_was_saved() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let id = seed_estimate(h)["id"].to_string();
    let before = show(h, &id);

    let notes = write(
        h,
        "notes.jpg",
        b"Customer says the bumper was already scratched.\n",
    );
    let jpeg = photo(800, 600, ImageFormat::Jpeg);
    let cut = write(h, "cut.jpg", &jpeg[..jpeg.len() / 2]);
    let mut big = vec![0u8; 11 * 1024 * 1024];
    big[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    let huge = write(h, "huge.jpg", &big);
    let gif = write(h, "anim.png", b"GIF89a\x01\0\x01\0\0\0\0;");
    for (file, expected) in [
        (&notes, "notes.jpg: not an image"),
        (&cut, "cut.jpg: the JPEG file is truncated"),
        (
            &huge,
            "huge.jpg: 11534336 bytes is over the 10485760 byte limit",
        ),
        (&gif, "anim.png: GIF images are not accepted"),
    ] {
        let err = fails(run_shopbench(
            h,
            &["estimate", "add-photo", &id, file.to_str().unwrap()],
        ));
        assert!(err.contains(expected), "{expected}: {err}");
        assert!(err.contains("keeps its 2 photo(s)"), "{err}");
        assert_eq!(show(h, &id), before, "after {}", file.display());
    }
    // The same photo twice is refused too.
    let err = fails(run_shopbench(
        h,
        &[
            "estimate",
            "add-photo",
            &id,
            h.join("front.jpg").to_str().unwrap(),
        ],
    ));
    assert!(err.contains("same picture as front.jpg"), "{err}");

    // Three good photos make five; a sixth is refused and the five stay.
    let mut args = vec!["estimate".to_string(), "add-photo".into(), id.clone()];
    for i in 3..=5 {
        let p = write(
            h,
            &format!("p{i}.webp"),
            &photo(300 + i, 200, ImageFormat::WebP),
        );
        args.push(p.to_str().unwrap().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(run_shopbench(h, &args));
    let five = show(h, &id);
    assert_eq!(five["photos"].as_array().unwrap().len(), 5);
    assert_eq!(five["photos"][4]["mime"], "image/webp");
    let sixth = write(h, "sixth.jpg", &photo(100, 100, ImageFormat::Jpeg));
    let err = fails(run_shopbench(
        h,
        &["estimate", "add-photo", &id, sixth.to_str().unwrap()],
    ));
    assert!(err.contains("at most 5 photos; this would make 6"), "{err}");
    let after = show(h, &id);
    assert_eq!(after["photos"], five["photos"]);
    assert_eq!(after["areas"], before["areas"]);
    assert_eq!(total(&after), total(&before));

    // `estimate new` with one bad photo among good ones saves nothing at all.
    let err = fails(run_shopbench(
        h,
        &estimate_new_args(
            "Honda Civic 2020",
            "TX",
            &[
                "--photo",
                sixth.to_str().unwrap(),
                "--photo",
                cut.to_str().unwrap(),
            ],
        ),
    ));
    assert!(err.contains("cut.jpg: the JPEG file is truncated"), "{err}");
    // So does an unknown panel, and a box on a photo that is not given.
    let err = fails(run_shopbench(
        h,
        &estimate_new_args(
            "Honda Civic 2020",
            "TX",
            &[
                "--photo",
                sixth.to_str().unwrap(),
                "--area",
                "sixth.jpg:bonnet:dent:minor",
            ],
        ),
    ));
    assert!(err.contains("unknown panel 'bonnet'"), "{err}");
    let err = fails(run_shopbench(
        h,
        &estimate_new_args(
            "Honda Civic 2020",
            "TX",
            &["--area", "rear.jpg:hood:dent:minor:0.1,0.1,0.2,0.2"],
        ),
    ));
    assert!(err.contains("no photo named rear.jpg"), "{err}");
    let list = json(run_shopbench(h, &["estimate", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
}

/// `estimate area ID --add GOOD --add BAD` saved the good area, then failed
/// on the bad one ("unknown damage type"): half an edit, exit 1.
#[test]
fn regression_several_areas_with_one_bad_saved_the_good_ones() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let id = seed_estimate(h)["id"].to_string();
    let before = show(h, &id);
    let said = fails(run_shopbench(
        h,
        &[
            "estimate",
            "area",
            &id,
            "--add",
            "front.jpg:hood:dent:minor",
            "--add",
            "front.jpg:trunk_lid:bogus:minor",
        ],
    ));
    assert!(said.contains("bogus"), "{said}");
    assert_eq!(show(h, &id)["areas"], before["areas"]);
    // Both good: both saved.
    ok(run_shopbench(
        h,
        &[
            "estimate",
            "area",
            &id,
            "--add",
            "front.jpg:hood:dent:minor",
            "--add",
            "front.jpg:roof:dent:minor",
        ],
    ));
    assert_eq!(show(h, &id)["areas"].as_array().unwrap().len(), 4);
}

/// `estimate show` listed the damage areas by their stored ids (`[3]`, `[4]` on a second
/// estimate) and `--remove` took those, while the PDF and the desktop number them 1, 2 and
/// the JSON's line items point at them from 0: now one number, the area's place from 1, is
/// shown, printed on the PDF, given in the JSON (`number`, beside the stored `id`) and taken.
#[test]
fn regression_damage_areas_were_numbered_differently_in_show_pdf_and_json() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    seed_estimate(h);
    let second = seed_estimate(h);
    let id = second["id"].to_string();
    let areas = second["areas"].as_array().unwrap();
    assert!(areas[0]["id"].as_i64() > Some(2), "{areas:?}");
    let numbers: Vec<&Value> = areas.iter().map(|a| &a["number"]).collect();
    assert_eq!(numbers, [1, 2]);
    let bumper = line(&second, "front_bumper:REPLACE");
    assert_eq!(bumper["areas"], serde_json::json!([0]));
    let text = ok(run_shopbench(h, &["estimate", "show", &id])).stdout;
    assert!(text.contains("  [1] moderate dent front_bumper"), "{text}");
    assert!(
        text.contains("  [2] minor scratch front_fender_left"),
        "{text}"
    );
    let pdf = h.join("second.pdf");
    ok(run_shopbench(
        h,
        &["estimate", "pdf", &id, "-o", pdf.to_str().unwrap()],
    ));
    let pdf_text = shopbench_e2e::pdf_text(&pdf);
    assert!(
        pdf_text.contains("1 dent (moderate) on front bumper"),
        "{pdf_text}"
    );
    // The number shown is the one `--remove` takes.
    let run = ok(run_shopbench(
        h,
        &["estimate", "area", &id, "--remove", "2"],
    ));
    assert!(run.stderr.contains("removed damage area 2"), "{run:?}");
    let left = show(h, &id);
    assert_eq!(left["areas"].as_array().unwrap().len(), 1);
    assert_eq!(left["areas"][0]["panel"], "front_bumper");
    let e = fails(run_shopbench(
        h,
        &["estimate", "area", &id, "--remove", "2"],
    ));
    assert!(e.contains("has no damage area 2"), "{e}");
}

#[test]
fn exif_orientation_is_applied_to_the_stored_size() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // Stored landscape 400 × 200, EXIF says rotate 90° clockwise: shown portrait 200 × 400.
    let jpeg = with_exif_orientation(&photo(400, 200, ImageFormat::Jpeg), 6);
    let p = write(h, "door.jpg", &jpeg);
    let e = json(run_shopbench(
        h,
        &estimate_new_args(
            "Ford F-150 2021",
            "TX",
            &[
                "--photo",
                p.to_str().unwrap(),
                "--area",
                "door.jpg:front_door_left:dent:minor:50,100,100,150",
                "--json",
            ],
        ),
    ));
    let ph = &e["photos"][0];
    assert_eq!(
        (
            ph["width"].as_u64(),
            ph["height"].as_u64(),
            ph["orientation"].as_u64()
        ),
        (Some(200), Some(400), Some(6))
    );
    // The pixel box is converted against the displayed (portrait) size.
    assert_eq!(milli(&e["areas"][0]["region"]["x"]), 250);
    assert_eq!(milli(&e["areas"][0]["region"]["h"]), 375);
}

#[test]
fn an_override_changes_the_total_by_exactly_its_delta_and_is_kept() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let e = seed_estimate(h);
    let id = e["id"].to_string();
    let (after, bumper_id) = a_part_cost_edit_moves_the_total_by_the_change_and_its_tax(h, &id, &e);
    let removed = a_removed_blend_takes_its_subtotal_off_and_is_listed(h, &id, &after);
    an_unknown_line_is_refused_and_changes_nothing(h, &id, &removed);
    an_added_area_goes_with_the_edit_of_its_own_line(h, &id, &removed, &bumper_id);
}

/// The bumper's part cost set to $123.45 (a parts line, so taxed, issue 21): the total of
/// seed estimate `e` moves by the change and the sales tax on it, nothing else. The estimate
/// after, and the bumper line's id.
fn a_part_cost_edit_moves_the_total_by_the_change_and_its_tax(
    h: &Path,
    id: &str,
    e: &Value,
) -> (Value, String) {
    let bumper = e["estimate"]["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"].as_str().unwrap().starts_with("front_bumper:"))
        .unwrap()
        .clone();
    let bumper_id = bumper["id"].as_str().unwrap();
    let old_part = bumper["part_cost"].as_u64().unwrap();
    let out = ok(run_shopbench(
        h,
        &[
            "estimate",
            "edit",
            id,
            "--line",
            bumper_id,
            "--part-cost",
            "123.45",
        ],
    ));
    assert!(
        out.stderr.contains(&format!("line {bumper_id} changed")),
        "{}",
        out.stderr
    );
    let after = show(h, id);
    assert_eq!(line(&after, bumper_id)["part_cost"], 12_345);
    assert_eq!(line(&after, bumper_id)["overridden"], true);
    // Parts are taxed (issue 21): the total moves by the part-cost change and
    // the sales tax on it, nothing else.
    let tax = |v: &Value| {
        v["estimate"]["totals"]["breakdown"]["tax"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(
        total(&after) as i64 - total(e) as i64,
        12_345 - old_part as i64 + (tax(&after) - tax(e)),
        "the total moves by the part-cost change and its tax, nothing else"
    );
    let rate = 0.0725; // California's statewide rate, the seed estimate's state
    let expected_tax = ((12_345 - old_part as i64) as f64 * rate).round() as i64;
    assert!(
        (tax(&after) - tax(e) - expected_tax).abs() <= 1,
        "the tax moves by the rate × the part change"
    );
    assert_eq!(total(&after), included_sum(&after));
    (after, bumper_id.to_string())
}

/// Removing a blend line takes at least its subtotal off (and what its refinish hours
/// brought); `show` lists it as computed, out of the lines and the total. The estimate after.
fn a_removed_blend_takes_its_subtotal_off_and_is_listed(
    h: &Path,
    id: &str,
    after: &Value,
) -> Value {
    let blend = after["estimate"]["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["operation"] == "BLEND")
        .unwrap()
        .clone();
    let blend_id = blend["id"].as_str().unwrap();
    ok(run_shopbench(
        h,
        &["estimate", "edit", id, "--line", blend_id, "--remove"],
    ));
    let removed = show(h, id);
    // The blend's own subtotal goes, and with its refinish hours the paint
    // materials, clear coat and tax they brought (issue 21): the total falls
    // by at least the line, and still adds up.
    assert!(
        total(after) - total(&removed) >= blend["subtotal"].as_u64().unwrap(),
        "{} → {}",
        total(after),
        total(&removed)
    );
    assert_eq!(total(&removed), included_sum(&removed));
    assert!(removed["estimate"]["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["id"] != blend_id));

    // `show` lists it as it was computed, out of the lines and the total, and says how
    // it comes back.
    let listed = &removed["removed_lines"];
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["id"], blend_id);
    assert_eq!(listed[0]["kind"], "blend");
    assert_eq!(listed[0]["amount"], blend["subtotal"]);
    assert_eq!(listed[0]["description"], blend["description"]);
    let text = ok(run_shopbench(h, &["estimate", "show", id])).stdout;
    let section = text
        .split("\nRemoved lines")
        .nth(1)
        .unwrap_or_else(|| panic!("no removed lines in: {text}"));
    assert!(
        section.contains(&format!("id {blend_id}")) && section.contains("--reset"),
        "{section}"
    );
    removed
}

/// An unknown line is refused and changes nothing (`removed`: the estimate as it stands);
/// the history has the two overrides saved so far.
fn an_unknown_line_is_refused_and_changes_nothing(h: &Path, id: &str, removed: &Value) {
    let err = fails(run_shopbench(
        h,
        &[
            "estimate",
            "edit",
            id,
            "--line",
            "roof:REPLACE",
            "--hours",
            "2",
        ],
    ));
    assert!(err.contains("no line 'roof:REPLACE'"), "{err}");
    assert_eq!(&show(h, id), removed);
    let hist = json(run_shopbench(h, &["estimate", "history", id, "--json"]));
    let overrides = hist
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"] == "overrides")
        .count();
    assert_eq!(overrides, 2);
}

/// Adding an area prices it; an edit of its own line goes with it when it is removed, so the
/// total is back to `removed`'s and the bumper's edited part cost stays.
fn an_added_area_goes_with_the_edit_of_its_own_line(
    h: &Path,
    id: &str,
    removed: &Value,
    bumper_id: &str,
) {
    ok(run_shopbench(
        h,
        &[
            "estimate",
            "area",
            id,
            "--add",
            "front.jpg:hood:dent:minor:0.1,0.1,0.2,0.1",
        ],
    ));
    let with_hood = show(h, id);
    assert_eq!(with_hood["areas"].as_array().unwrap().len(), 3);
    let area = with_hood["areas"][2]["number"].to_string();
    // An edit of the hood's own line goes with the area; the others stay.
    ok(run_shopbench(
        h,
        &[
            "estimate",
            "edit",
            id,
            "--line",
            "hood:REPAIR",
            "--hours",
            "2",
        ],
    ));
    ok(run_shopbench(
        h,
        &["estimate", "area", id, "--remove", &area],
    ));
    let back = show(h, id);
    assert_eq!(total(&back), total(removed));
    assert_eq!(line(&back, bumper_id)["part_cost"], 12_345);
}

#[test]
fn insurance_view_has_seed_001_shape_and_adds_up() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let e = seed_estimate(h);
    let ins = json(run_shopbench(
        h,
        &["estimate", "show", "1", "--insurance", "--json"],
    ));
    assert_eq!(ins["estimate_id"], "EST-0001");
    assert_eq!(ins["format"], "insurance");
    assert!(ins["vehicle"].is_object());
    let lines = ins["line_items"].as_array().unwrap();
    assert!(!lines.is_empty());
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["line"].as_u64(), Some(i as u64 + 1));
        for key in ["operation", "subtotal"] {
            assert!(!l[key].is_null(), "{key} missing in {l}");
        }
        // Seed 001's sublet lines carry no part type; nor do shop supplies.
        if !matches!(l["operation"].as_str(), Some("SUBLET" | "MISC")) {
            assert!(!l["part_type"].is_null(), "part_type missing in {l}");
        }
    }
    let t = &ins["totals"];
    // Lines awaiting confirmation or a price carry a status and stay out of the total.
    let sum: u64 = lines
        .iter()
        .filter(|l| l.get("status").is_none())
        .map(|l| l["subtotal"].as_u64().unwrap())
        .sum();
    assert_eq!(t["gross_total"].as_u64(), Some(sum));
    assert_eq!(t["gross_total"].as_u64(), Some(total(&e)));
    let by_kind: u64 = ["parts", "labor", "paint", "sublet", "other", "tax"]
        .iter()
        .map(|k| t[k].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(by_kind, sum);
    let text = ok(run_shopbench(h, &["estimate", "show", "1", "--insurance"])).stdout;
    assert!(text.contains("gross total"), "{text}");
}

#[test]
fn exports_csv_and_json_and_the_pdf_reads_back() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let e = seed_estimate(h);
    let csv = h.join("est.csv");
    ok(run_shopbench(
        h,
        &[
            "estimate",
            "export",
            "1",
            "--format",
            "csv",
            "-o",
            csv.to_str().unwrap(),
        ],
    ));
    let rows = read_lines(&csv);
    let n_lines = e["estimate"]["line_items"].as_array().unwrap().len();
    assert_eq!(rows.len(), n_lines + 4, "{rows:?}");
    assert!(rows[0]
        .starts_with("estimate,line,line_id,operation,panel,description,part_type,part_cost"));
    assert!(rows[1].starts_with("EST-0001,1,"), "{}", rows[1]);
    assert!(
        rows.iter().any(|r| r.contains(",\"Front fender, left")),
        "quoted comma field"
    );
    let last = &rows[n_lines + 1];
    assert!(last.starts_with("EST-0001,,TOTAL,"), "{last}");
    let t = total(&e);
    assert!(
        last.contains(&format!(",{}.{:02},", t / 100, t % 100)),
        "{last}"
    );

    let js = h.join("est.json");
    ok(run_shopbench(
        h,
        &[
            "estimate",
            "export",
            "1",
            "--format",
            "json",
            "-o",
            js.to_str().unwrap(),
        ],
    ));
    let exported: Value = serde_json::from_str(&std::fs::read_to_string(&js).unwrap()).unwrap();
    assert_eq!(exported, show(h, "1"));

    let pdf = h.join("est.pdf");
    ok(run_shopbench(
        h,
        &[
            "estimate",
            "pdf",
            "1",
            "-o",
            pdf.to_str().unwrap(),
            "--paper",
            "a4",
        ],
    ));
    let text = shopbench_e2e::pdf_layout_text(&pdf);
    for needle in [
        "Repair estimate",
        "EST-0001",
        "2022 Toyota Camry",
        "Front bumper cover",
        "ADAS calibrations",
        "Totals",
        "Customer signature and date",
        "Estimator signature and date",
        "Photos",
        "front.jpg — 1 dent (moderate) on front bumper cover",
        "side.png — 2 scratch (minor) on front fender, left",
    ] {
        assert!(
            text.contains(needle),
            "{needle} missing from the PDF:\n{text}"
        );
    }
    // Both photos are in the PDF, as their thumbnails (long side 320 px).
    let out = Command::new("pdfimages")
        .args(["-list", pdf.to_str().unwrap()])
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    let sizes: Vec<(u32, u32)> = list
        .lines()
        .skip(2)
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[3].parse().unwrap(), f[4].parse().unwrap())
        })
        .collect();
    assert_eq!(sizes, [(320, 213), (320, 240)], "{list}");
    let dollars = format!("${}.{:02}", t / 100, t % 100);
    assert!(
        text.contains(&dollars) || text.contains(&with_commas(t)),
        "total {dollars} missing:\n{text}"
    );
}

fn with_commas(cents: u64) -> String {
    let d = (cents / 100).to_string();
    let mut out = String::new();
    for (i, c) in d.chars().enumerate() {
        if i > 0 && (d.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("${out}.{:02}", cents % 100)
}

/// `estimate show` printed its money as `$3315.91` where the CLI's other tables group the
/// thousands (`costs`: `25,000.00`); the JSON and CSV keep their plain numbers.
#[test]
fn regression_estimate_totals_were_printed_without_thousands_separators() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    seed_estimate(h);
    let t = total(&show(h, "1"));
    assert!(t >= 100_000, "the seed's total is under $1,000: {t}");
    let text = ok(run_shopbench(h, &["estimate", "show", "1"])).stdout;
    let total_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("TOTAL"))
        .unwrap_or_else(|| panic!("no TOTAL:\n{text}"));
    assert!(total_line.ends_with(&with_commas(t)), "{total_line}");
    // No amount of the CLI's own columns without its separators (a line's
    // reason, `id … — …`, is the engine's text, kept as the JSON has it).
    let ungrouped = |l: &str| {
        l.split('$').skip(1).any(|after| {
            let digits = after.chars().take_while(char::is_ascii_digit).count();
            digits > 3 && after[digits..].starts_with('.')
        })
    };
    let columns = text.lines().filter(|l| !l.trim_start().starts_with("id "));
    let bad: Vec<&str> = columns.filter(|l| ungrouped(l)).collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn data_commands_print_seed_001_shapes() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let states = json(run_shopbench(h, &["data", "states", "--json"]));
    assert_eq!(states["data"].as_array().unwrap().len(), 51);
    assert_eq!(states["meta"]["totalStates"], 51);
    let ca = json(run_shopbench(h, &["data", "labor-rates", "ca", "--json"]));
    assert_eq!(ca["data"]["state"], "CA");
    assert_eq!(ca["data"]["body"], 75);
    assert_eq!(ca["data"]["metroPremium"], 1.15);
    let dent = json(run_shopbench(
        h,
        &["data", "damage-types", "dent", "--json"],
    ));
    assert_eq!(dent["data"]["type"], "dent");
    assert_eq!(dent["data"]["severities"].as_array().unwrap().len(), 3);
    let all = json(run_shopbench(h, &["data", "damage-types", "--json"]));
    assert_eq!(all["data"].as_array().unwrap().len(), 9);
    let vehicles = json(run_shopbench(h, &["data", "vehicles", "--json"]));
    assert!(vehicles["data"].as_array().unwrap().len() >= 15);
    let camry = json(run_shopbench(
        h,
        &["data", "vehicles", "Toyota", "Camry", "--json"],
    ));
    assert_eq!(camry["data"]["vehicle"]["model"], "Camry");
    let text = ok(run_shopbench(h, &["data", "labor-rates", "CA"])).stdout;
    assert!(text.contains("metro premium ×1.15"), "{text}");
    let err = fails(run_shopbench(h, &["data", "labor-rates", "ZZ"]));
    assert!(err.contains("unknown state 'ZZ'"), "{err}");
}

/// The shop's own figures (`~/.config/shopbench/estimate-data.json`, merged over
/// the shipped data) price every estimate command; a broken file is a clear
/// error naming it, and the saved estimate is intact once it is fixed.
#[test]
fn the_shops_labor_rates_override_the_shipped_ones() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let e = seed_estimate(h);
    let id = e["id"].to_string();
    let before = show(h, &id);
    assert_eq!(
        before["estimate"]["rates"]["body"], 7_500,
        "{}",
        before["estimate"]["rates"]
    );

    let file = h.join(".config/shopbench/estimate-data.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, r#"{"laborRates": {"states": {"CA": {"body": 82}}}}"#).unwrap();
    let after = show(h, &id);
    assert_eq!(after["estimate"]["rates"]["body"], 8_200);
    assert!(
        total(&after) > total(&before),
        "dearer body labor, dearer estimate"
    );
    let rates = json(run_shopbench(h, &["data", "labor-rates", "CA", "--json"]));
    assert_eq!(rates["data"]["body"], 82, "{rates}");
    assert_eq!(
        rates["data"]["paint"], 78,
        "only what the file names changes"
    );

    std::fs::write(&file, r#"{"laborRates": {"states": {"CA": {"body": "#).unwrap();
    let err = fails(run_shopbench(h, &["estimate", "show", &id]));
    assert!(err.contains("estimate-data.json"), "{err}");
    std::fs::remove_file(&file).unwrap();
    assert_eq!(show(h, &id), before, "the saved estimate is untouched");
}

/// The detector's stand-in models and their manifest (`crates/detect/tools/make_models.py`;
/// no damage model ships): the model outputs known boxes, see crates/detect/tests/models.rs.
fn stand_in_detector(h: &Path) -> (PathBuf, PathBuf) {
    let (model, manifest) = (h.join("stand-in.onnx"), h.join("stand-in.json"));
    shopbench_e2e::detector::install(&model, &manifest, None);
    (model, manifest)
}

/// A pure red 64 × 48 PNG as `front.png`: the stand-in model's boxes land at known places on it.
fn red_photo(h: &Path) -> PathBuf {
    write(h, "front.png", &shopbench_e2e::detector::red_png())
}

#[test]
fn detect_without_a_model_names_the_setting_and_saves_nothing() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let front = red_photo(h);
    let err = fails(run_shopbench(
        h,
        &camry_estimate_args(&["--photo", front.to_str().unwrap(), "--detect"]),
    ));
    assert!(
        err.contains("SHOPBENCH_DETECTOR_MODEL") && err.contains("ships none"),
        "{err}"
    );
    assert!(
        err.contains(".config/shopbench/detector/model.onnx"),
        "{err}"
    );
    let list = json(run_shopbench(h, &["estimate", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 0);
}

/// The id of the proposal on `panel` (or without one) labelled `label`, as `estimate show` lists it.
fn proposal_id(v: &Value, label: &str, panel: Option<&str>) -> i64 {
    v["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["label"] == label && p["panel"].as_str() == panel)
        .unwrap_or_else(|| panic!("no {label} proposal on {panel:?}: {v}"))["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn detect_proposes_areas_that_are_saved_as_proposals_and_priced_only_when_confirmed() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let front = red_photo(h);
    let (model, manifest) = stand_in_detector(h);
    let detector = [
        "--detect",
        "--model",
        model.to_str().unwrap(),
        "--manifest",
        manifest.to_str().unwrap(),
    ];
    let mut base = camry_estimate_args(&[
        "--photo",
        front.to_str().unwrap(),
        "--view",
        "front.png=front",
    ]);
    base.extend(detector);
    proposals_are_saved_unpriced_with_the_command_that_confirms_them(h, &base);
    a_confirmed_proposal_is_priced_and_a_dropped_one_is_kept_in_the_history(h);
    let v = looking_again_proposes_only_what_is_not_confirmed(h, &detector);
    a_proposal_confirmed_with_its_box_moved_keeps_the_box_as_fractions(h, &v);
    accept_proposals_saves_those_that_name_a_panel(h, &base);
}

/// Proposals only: saved as proposals, nothing priced, each printed with the command
/// that confirms it; `estimate show` lists them with their ids.
fn proposals_are_saved_unpriced_with_the_command_that_confirms_them(h: &Path, new: &[&str]) {
    let run = ok(run_shopbench(h, new));
    assert!(
        run.stdout.contains("Detector proposals — stand-in"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("tire flat 0.95"), "{}", run.stdout);
    assert!(run.stdout.contains("not priced"), "{}", run.stdout);
    let v = show(h, "1");
    assert_eq!(v["areas"].as_array().unwrap().len(), 0);
    assert_eq!(v["proposals"].as_array().unwrap().len(), 5);
    assert_eq!(total(&v), 0, "proposals are never priced");
    assert_eq!(
        v["photos"][0]["view"], "front",
        "the side is kept with the photo"
    );
    let dent = proposal_id(&v, "dent", Some("hood"));
    let confirm = format!("confirm: shopbench estimate area 1 --confirm {dent}");
    assert!(
        run.stdout.lines().any(|l| l.trim().ends_with(&confirm)),
        "{}",
        run.stdout
    );
    // `estimate show` lists them too, with their ids.
    let text = ok(run_shopbench(h, &["estimate", "show", "1"])).stdout;
    assert!(text.contains("Proposals (not priced)"), "{text}");
    assert!(
        text.contains(&format!("[{dent}] front.png dent 0.90")),
        "{text}"
    );
}

/// The printed command confirms a proposal as it stands: priced, with its detector and
/// confidence. A proposal that names no panel (the broken lamp) asks for one; a dropped
/// proposal (the flat tyre) stays in the history.
fn a_confirmed_proposal_is_priced_and_a_dropped_one_is_kept_in_the_history(h: &Path) {
    let dent = proposal_id(&show(h, "1"), "dent", Some("hood"));
    ok(run_shopbench(
        h,
        &["estimate", "area", "1", "--confirm", &dent.to_string()],
    ));
    let v = show(h, "1");
    assert_eq!(v["areas"][0]["panel"], "hood");
    assert_eq!(v["areas"][0]["source"]["detector"], "stand-in");
    assert_eq!(v["areas"][0]["confidence"].as_f64().unwrap() as f32, 0.9);
    assert!(line(&v, "hood:REPAIR")["subtotal"].as_u64().unwrap() > 0);
    assert_eq!(v["proposals"].as_array().unwrap().len(), 4);

    // The broken lamp names no panel: confirming it asks for one and lists the choices.
    let lamp = proposal_id(&v, "lamp broken", None);
    let err = fails(run_shopbench(
        h,
        &["estimate", "area", "1", "--confirm", &lamp.to_string()],
    ));
    assert!(err.contains("headlamp_left"), "{err}");
    ok(run_shopbench(
        h,
        &[
            "estimate",
            "area",
            "1",
            "--confirm",
            &lamp.to_string(),
            "--panel",
            "headlamp_left",
            "--severity",
            "severe",
        ],
    ));
    // The flat tyre is dropped; the history keeps it.
    let tyre = proposal_id(&v, "tire flat", None);
    ok(run_shopbench(
        h,
        &["estimate", "area", "1", "--drop", &tyre.to_string()],
    ));
    let v = show(h, "1");
    assert_eq!(v["areas"][1]["panel"], "headlamp_left");
    assert_eq!(v["areas"][1]["severity"], "severe");
    assert_eq!(v["proposals"].as_array().unwrap().len(), 2);
    let err = fails(run_shopbench(
        h,
        &["estimate", "area", "1", "--drop", &tyre.to_string()],
    ));
    assert!(err.contains("no open proposal"), "{err}");
    let history = ok(run_shopbench(h, &["estimate", "history", "1"])).stdout;
    assert!(
        history.contains("proposal.drop") && history.contains("proposal.confirm"),
        "{history}"
    );
}

/// Looking again (`estimate area 1` with the `detector` options): what is confirmed is not
/// proposed again, the open proposals are replaced. The estimate as the look returns it.
fn looking_again_proposes_only_what_is_not_confirmed(h: &Path, detector: &[&str]) -> Value {
    let mut again = vec!["estimate", "area", "1", "--json"];
    again.extend(detector);
    let v = json(run_shopbench(h, &again));
    let fates: Vec<&Value> = v["detected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["saved_as"])
        .collect();
    assert_eq!(
        fates
            .iter()
            .filter(|f| f.get("already_marked_by_area").is_some())
            .count(),
        2,
        "{fates:?}"
    );
    assert_eq!(v["proposals"].as_array().unwrap().len(), 3);
    assert_eq!(v["areas"].as_array().unwrap().len(), 2);
    v
}

/// An open proposal of `v` confirmed with its box moved to where the damage is: pixels on
/// the 64 × 48 photo, kept as fractions; a box that is not four numbers or leaves the
/// photo is refused and nothing is saved.
fn a_proposal_confirmed_with_its_box_moved_keeps_the_box_as_fractions(h: &Path, v: &Value) {
    let confirm_moved = |id: &str, b: &str| {
        let args = ["estimate", "area", "1", "--confirm", id, "--panel", "hood"];
        run_shopbench(h, &[&args[..], &["--type", "dent", "--box", b]].concat())
    };
    let open = v["proposals"][0]["id"].as_i64().unwrap().to_string();
    ok(confirm_moved(&open, "8,12,16,12"));
    let now = show(h, "1");
    let areas = now["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 3);
    assert_eq!(
        areas[2]["region"],
        serde_json::json!({"x": 0.125, "y": 0.25, "w": 0.25, "h": 0.25}),
        "{}",
        areas[2]
    );
    let open = now["proposals"][0]["id"].as_i64().unwrap().to_string();
    for (bad, says) in [("1,2,3", "four numbers"), ("60,40,30,30", "box")] {
        let err = fails(confirm_moved(&open, bad));
        assert!(err.contains(says), "--box {bad}: {err}");
    }
    assert_eq!(
        show(h, "1")["areas"].as_array().unwrap().len(),
        3,
        "nothing saved"
    );
}

/// JSON: every proposal with its source, confidence and fate; --accept-proposals saves the
/// two that name a panel (the dent and the scratch on the hood).
fn accept_proposals_saves_those_that_name_a_panel(h: &Path, new: &[&str]) {
    let mut args = new.to_vec();
    args.extend(["--accept-proposals", "--json"]);
    let v = json(run_shopbench(h, &args));
    let p = v["detected"].as_array().unwrap();
    assert_eq!(p.len(), 5);
    assert_eq!(p[0]["label"], "tire flat");
    assert_eq!(p[0]["damage_type"], Value::Null);
    assert!(p[0]["saved_as"]["proposal"].is_i64(), "{}", p[0]);
    assert_eq!(p[1]["source"]["detector"], "stand-in");
    assert!(p[1]["saved_as"]["area"].is_i64(), "{}", p[1]);
    assert_eq!(p[4]["label"], "lamp broken");
    assert!(
        p[4]["confirm"].as_str().unwrap().ends_with("--panel PANEL"),
        "{}",
        p[4]
    );
    let areas = v["areas"].as_array().unwrap();
    let saved: Vec<(&str, &str)> = areas
        .iter()
        .map(|a| {
            (
                a["panel"].as_str().unwrap(),
                a["damage_type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(saved, [("hood", "dent"), ("hood", "scratch")]);
    assert_eq!(v["proposals"].as_array().unwrap().len(), 3);
}

/// CSV export: customer-pay (rust) lines were not told apart from the insurer's, and the
/// only totals row was the insurer's total, so the line subtotals did not add up to it.
#[test]
fn regression_csv_export_dropped_who_pays() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let e = json(run_shopbench(
        h,
        &estimate_new_args(
            "Toyota Camry 2020",
            "CA",
            &[
                "--metro",
                "--finish",
                "three_stage",
                "--area",
                ":quarter_panel_left:dent:severe",
                "--area",
                ":rear_door_left:rust:moderate",
                "--json",
            ],
        ),
    ));
    let csv = ok(run_shopbench(
        h,
        &["estimate", "export", "1", "--format", "csv", "-o", "-"],
    ))
    .stdout;
    let mut rows = csv.lines().map(csv_fields);
    let header = rows.next().unwrap();
    assert_eq!(
        header.last().map(String::as_str),
        Some("payer"),
        "{header:?}"
    );
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (id, sub, payer) = (col("line_id"), col("subtotal"), col("payer"));
    let cents = |s: &str| (s.parse::<f64>().unwrap() * 100.0).round() as i64;
    let (mut by_payer, mut totals) = (std::collections::BTreeMap::new(), Vec::new());
    for r in rows {
        assert_eq!(r.len(), header.len(), "{r:?}");
        match r[id].as_str() {
            "TOTAL" | "CUSTOMER_PAY" | "GRAND_TOTAL" => {
                totals.push((r[id].clone(), cents(&r[sub]), r[payer].clone()))
            }
            _ => *by_payer.entry(r[payer].clone()).or_insert(0) += cents(&r[sub]),
        }
    }
    let t = &e["estimate"]["totals"];
    let (insurer, customer) = (
        t["total"].as_i64().unwrap(),
        t["customer_pay"].as_i64().unwrap(),
    );
    assert!(customer > 0, "{t}");
    assert_eq!(by_payer.get("insurer"), Some(&insurer), "{csv}");
    assert_eq!(by_payer.get("customer"), Some(&customer), "{csv}");
    assert_eq!(
        totals,
        [
            ("TOTAL".to_string(), insurer, "insurer".to_string()),
            ("CUSTOMER_PAY".to_string(), customer, "customer".to_string()),
            ("GRAND_TOTAL".to_string(), insurer + customer, String::new()),
        ],
        "{csv}"
    );
    let door = csv
        .lines()
        .find(|l| l.contains(",rear_door_left:REPAIR,"))
        .unwrap();
    assert!(door.ends_with(",customer"), "{door}");
}

/// One CSV row's fields (RFC 4180 quoting, no line breaks in fields).
fn csv_fields(row: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// `add-photo a.png dup.png b.webp` (dup.png the same picture as a.png) added a.png,
/// refused dup.png advising to rename it (the check is by content), and never tried b.webp.
#[test]
fn regression_add_photo_stopped_at_a_duplicate_keeping_half() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let id = seed_estimate(h)["id"].to_string();
    let before = show(h, &id);
    let a = photo(400, 300, ImageFormat::Png);
    let files = [
        write(h, "a.png", &a),
        write(h, "dup.png", &a),
        write(h, "b.webp", &photo(401, 300, ImageFormat::WebP)),
    ];
    let mut args = vec!["estimate", "add-photo", &id];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let err = fails(run_shopbench(h, &args));
    assert!(
        err.contains("dup.png is the same picture as a.png"),
        "{err}"
    );
    assert!(!err.contains("rename"), "{err}");
    assert!(
        err.contains("no photo was added; estimate EST-0001 keeps its 2 photo(s)"),
        "{err}"
    );
    assert_eq!(show(h, &id), before);
    args.remove(4);
    let run = ok(run_shopbench(h, &args));
    for name in ["a.png", "b.webp"] {
        assert!(run.stderr.contains(&format!("added {name}")), "{run:?}");
    }
    assert_eq!(show(h, &id)["photos"].as_array().unwrap().len(), 4);
}

/// `edit --part-cost -50` got clap's "unexpected argument '-5' found" instead of the
/// estimate's own "cannot be negative", and `--parts none` was taken (its lines read
/// "no none price listed, oem priced").
#[test]
fn regression_negative_amounts_and_parts_none_got_the_wrong_answer() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let id = seed_estimate(h)["id"].to_string();
    for (flag, value, expected) in [
        ("--part-cost", "-50", "cannot be negative"),
        ("--labor-rate", "-5", "cannot be negative"),
        ("--hours", "-1", "invalid labor hours -1"),
    ] {
        let err = fails(run_shopbench(
            h,
            &[
                "estimate",
                "edit",
                &id,
                "--line",
                "front_bumper:REPLACE",
                flag,
                value,
            ],
        ));
        assert!(
            err.contains(expected) && !err.contains("unexpected argument"),
            "{err}"
        );
    }
    let err = fails(run_shopbench(
        h,
        &estimate_new_args(
            "Toyota Camry 2020",
            "CA",
            &["--parts", "none", "--area", ":hood:dent:minor"],
        ),
    ));
    assert!(err.contains("OEM, aftermarket or used"), "{err}");
}

/// `estimate new --vehicle "Toyota Camry 2035"` was saved and priced (only 1900–2100 was
/// checked): a model year later than next year's is refused, naming the newest accepted,
/// and nothing is saved; next year's model is taken.
#[test]
fn regression_future_model_year_accepted() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let newest = shopbench_app::this_year() + 1;
    let new = |year: u16| {
        run_shopbench(
            h,
            &estimate_new_args(
                &format!("Toyota Camry {year}"),
                "CA",
                &["--area", ":hood:dent:minor"],
            ),
        )
    };
    let e = fails(new(newest + 1));
    assert!(
        e.contains(&format!("model year {} is not on sale yet", newest + 1))
            && e.contains(&format!("the newest model year accepted is {newest}")),
        "{e}"
    );
    let list = json(run_shopbench(h, &["estimate", "list", "--json"]));
    assert_eq!(list.as_array().map(Vec::len), Some(0), "{list}");
    ok(new(newest));
}

/// `estimate area ID --detect --accept-proposals --json` wrote `saved_as: {"area": 4}` — the
/// area's stored id — for an area `estimate show` numbers 2 (ids run across estimates), so
/// `--remove 4` was refused or took another area. The JSON now gives the number `show`
/// prints and `--remove` takes, for saved areas and for the areas a proposal repeats.
#[test]
fn regression_detector_json_names_stored_area_ids() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    seed_estimate(h);
    let front = red_photo(h);
    let (model, manifest) = stand_in_detector(h);
    let v = json(run_shopbench(
        h,
        &camry_estimate_args(&[
            "--photo",
            front.to_str().unwrap(),
            "--area",
            "front.png:front_bumper:dent:moderate",
            "--json",
        ]),
    ));
    let id = v["id"].to_string();
    let look = |accept: bool| {
        let mut args = vec![
            "estimate",
            "area",
            &id,
            "--json",
            "--detect",
            "--model",
            model.to_str().unwrap(),
            "--manifest",
            manifest.to_str().unwrap(),
            "--view",
            "front.png=front",
        ];
        if accept {
            args.push("--accept-proposals");
        }
        json(run_shopbench(h, &args))
    };
    let v = look(true);
    let areas = v["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 3, "{areas:?}");
    let saved: Vec<&Value> = v["detected"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["saved_as"].get("area").is_some())
        .collect();
    assert_eq!(saved.len(), 2, "{}", v["detected"]);
    for p in &saved {
        let n = p["saved_as"]["area"].as_u64().unwrap();
        let area = &areas[n as usize - 1];
        assert_eq!(area["number"], n, "{p}");
        assert_ne!(area["id"], n, "stored ids differ from the numbers here");
        assert_eq!(
            (&area["panel"], &area["damage_type"]),
            (&p["panel"], &p["damage_type"]),
            "{p}"
        );
    }
    // Looking again: the proposals already marked name the areas by the same numbers.
    let again = look(false);
    let mut marked: Vec<u64> = again["detected"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["saved_as"]["already_marked_by_area"].as_u64())
        .collect();
    marked.sort_unstable();
    assert_eq!(marked, [2, 3], "{}", again["detected"]);
    // The number given is the one `--remove` takes.
    let second = saved[1]["saved_as"]["area"].to_string();
    ok(run_shopbench(
        h,
        &["estimate", "area", &id, "--remove", &second],
    ));
    let left = show(h, &id);
    assert_eq!(left["areas"].as_array().unwrap().len(), 2);
}

/// Every file under `dir` but `except`, read.
fn files_under(dir: &Path, except: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p != except {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

/// A photo added by mistake (the wrong car, a customer's face) could not be taken off: there
/// was `add-photo` and no way back. `estimate remove-photo ID N` takes the number `show` now
/// prints, deletes the bytes from the database, and refuses a photo with damage areas on it,
/// naming them.
#[test]
fn regression_a_photo_added_by_mistake_could_not_be_removed() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let id = seed_estimate(h)["id"].to_string();
    let face_bytes = photo(320, 240, ImageFormat::Jpeg);
    let face = write(h, "face.jpg", &face_bytes);
    ok(run_shopbench(
        h,
        &["estimate", "add-photo", &id, face.to_str().unwrap()],
    ));
    let text = ok(run_shopbench(h, &["estimate", "show", &id])).stdout;
    assert!(text.contains("  [3] face.jpg "), "{text}");
    let needle = &face_bytes[face_bytes.len() / 2..face_bytes.len() / 2 + 64];
    let holds = |bytes: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(
        files_under(h, &face).iter().any(|(_, b)| holds(b)),
        "the database holds the photo as added"
    );

    let e = fails(run_shopbench(h, &["estimate", "remove-photo", &id, "1"]));
    assert!(
        e.contains("front.jpg has damage area(s) 1 marked on it — remove those areas first"),
        "{e}"
    );
    let e = fails(run_shopbench(h, &["estimate", "remove-photo", &id, "9"]));
    assert!(e.contains("has no photo 9 — it has 3 photo(s)"), "{e}");
    assert_eq!(show(h, &id)["photos"].as_array().unwrap().len(), 3);

    let run = ok(run_shopbench(h, &["estimate", "remove-photo", &id, "3"]));
    assert!(run.stderr.contains("removed photo 3 (face.jpg)"), "{run:?}");
    let v = show(h, &id);
    let names: Vec<&str> = (v["photos"].as_array().unwrap().iter())
        .map(|p| p["file_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["front.jpg", "side.png"]);
    assert_eq!(v["areas"].as_array().unwrap().len(), 2);
    for (path, bytes) in files_under(h, &face) {
        assert!(
            !holds(&bytes),
            "{} still holds the removed photo's bytes",
            path.display()
        );
    }
}
