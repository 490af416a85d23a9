//! The shop's identity on its reports — name, address, phone, e-mail, web
//! site, registration or tax number, logo, paper — entered once in the
//! desktop's Settings and kept in the shop's `settings.json` (the logo as
//! `logo.png` beside it, checked and scaled when it is set); the CLI's PDFs
//! read the same files, so a report looks the same from either front-end.

use std::path::Path;

use serde::Deserialize;
use shopbench_i18n::Lang;
use shopbench_report::{Logo, PaperSize, Shop};

use crate::AppError;

/// The fields of `settings.json` a report's header uses (the rest is the desktop's).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ShopFields {
    shop_name: String,
    shop_address: String,
    shop_phone: String,
    shop_email: String,
    shop_website: String,
    shop_registration: String,
    shop_logo: String,
    paper: String,
    language: String,
}

/// The shop and paper a settings document describes (`settings.json`'s shape; unknown
/// fields ignored, missing ones empty). An empty or unknown paper is `None`. The
/// logo is read from the file `shop_logo` names; one that is gone or no longer
/// an image is left off the header (it was checked when it was set).
pub fn shop_from_settings(settings: &serde_json::Value) -> (Shop, Option<PaperSize>) {
    let f: ShopFields = serde_json::from_value(settings.clone()).unwrap_or_default();
    let given = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let shop = Shop {
        name: f.shop_name.trim().to_string(),
        address: f.shop_address.lines().filter_map(given).collect(),
        phone: given(&f.shop_phone),
        email: given(&f.shop_email),
        website: given(&f.shop_website),
        registration: given(&f.shop_registration),
        issued_at: None,
        logo: given(&f.shop_logo).and_then(|p| read_logo(Path::new(&p))),
        lang: Lang::from_setting(&f.language, |k| std::env::var(k).ok()),
    };
    (shop, f.paper.parse().ok())
}

/// Largest logo kept, in pixels (about 3× the header's 120 × 40 points, so it
/// prints sharp).
const LOGO_MAX: (u32, u32) = (600, 240);

/// Checks the image at `source` (PNG, JPEG or WebP, within the photo limits),
/// flattens it on white, scales it to fit [`LOGO_MAX`] and writes it as PNG
/// to `dest` (atomically). A file that is not an image is refused and
/// nothing is written.
pub fn store_logo(source: &Path, dest: &Path) -> Result<(), AppError> {
    let (name, bytes) = shopbench_photos::read_file(source)?;
    let png = shopbench_photos::logo_png(&name, &bytes, LOGO_MAX.0, LOGO_MAX.1)?;
    crate::files::write_replacing(dest, &png, "save the shop's logo")
}

/// The logo stored at `path`, as the report draws it.
fn read_logo(path: &Path) -> Option<Logo> {
    let bytes = std::fs::read(path).ok()?;
    let (width, height, rgb) = shopbench_photos::decode_rgb("logo.png", &bytes).ok()?;
    Some(Logo { width, height, rgb })
}

/// The shop and paper of the settings file at `path`: `None` when there is no file
/// (nothing was set yet); a file that is not JSON is an error naming it.
pub fn shop_settings(path: &Path) -> Result<Option<(Shop, Option<PaperSize>)>, AppError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(AppError::Io {
                action: "read the shop's settings",
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| AppError::Invalid {
        field: path.display().to_string(),
        reason: format!("the shop's settings are not JSON: {e} — fix it or save Settings again"),
    })?;
    Ok(Some(shop_from_settings(&value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_header_field_is_read_and_blanks_are_left_out() {
        let v = serde_json::json!({
            "shop_name": " Main Street Auto ",
            "shop_address": "12 Main St\n\n Springfield, IL ",
            "shop_phone": "555-0100",
            "shop_email": "desk@mainstreet.example",
            "shop_website": "",
            "shop_registration": "BAR ARD00012345",
            "paper": "a4",
            "engine": "embedded",
        });
        let (shop, paper) = shop_from_settings(&v);
        assert_eq!(shop.name, "Main Street Auto");
        assert_eq!(shop.address, ["12 Main St", "Springfield, IL"]);
        assert_eq!(shop.email.as_deref(), Some("desk@mainstreet.example"));
        assert_eq!(shop.website, None);
        assert_eq!(shop.registration.as_deref(), Some("BAR ARD00012345"));
        assert_eq!(paper, Some(PaperSize::A4));
    }

    #[test]
    fn a_logo_is_checked_scaled_stored_and_read_into_the_header() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("big-logo.png");
        image::RgbImage::from_pixel(1200, 300, image::Rgb([10, 20, 200]))
            .save(&source)
            .unwrap();
        let dest = dir.path().join("config/logo.png");
        store_logo(&source, &dest).unwrap();
        let v = serde_json::json!({ "shop_name": "Main Street Auto", "shop_logo": dest });
        let logo = shop_from_settings(&v).0.logo.expect("the logo is read");
        assert_eq!((logo.width, logo.height), (600, 150));
        assert_eq!(&logo.rgb[..3], &[10, 20, 200]);
        // Not an image: refused, nothing written; a logo gone later is left off.
        let text = dir.path().join("logo.txt");
        std::fs::write(&text, "not a picture").unwrap();
        let other = dir.path().join("config/other.png");
        assert!(store_logo(&text, &other).is_err());
        assert!(!other.exists());
        std::fs::remove_file(&dest).unwrap();
        assert!(shop_from_settings(&v).0.logo.is_none());
    }

    #[test]
    fn no_file_is_nothing_set_and_a_broken_one_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("settings.json");
        assert!(shop_settings(&file).unwrap().is_none());
        std::fs::write(&file, "{not json").unwrap();
        let err = shop_settings(&file).unwrap_err().to_string();
        assert!(
            err.contains("settings.json") && err.contains("not JSON"),
            "{err}"
        );
    }
}
