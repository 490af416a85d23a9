//! The Settings screen's values: loaded from and checked into the shop's
//! `settings.json` (`ShopPaths::settings_file`), and what they mean for
//! reports (shop header, paper) and the engine (embedded or remote).

use std::path::Path;

use shopbench_client::Client;
use shopbench_i18n::Lang;
use shopbench_report::{PaperSize, Shop};
pub use shopbench_views::Settings;

use crate::error::DesktopError;

/// The settings in `file`, or the defaults when there is none (or it is
/// unreadable); a language never chosen is the system locale's.
pub fn load(file: &Path) -> Settings {
    load_with(file, |k| std::env::var(k).ok())
}

/// [`load`] with the environment's variables read through `var`.
pub fn load_with(file: &Path, var: impl Fn(&str) -> Option<String>) -> Settings {
    let mut s: Settings = std::fs::read(file)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    if s.language.trim().is_empty() {
        s.language = Lang::from_env(var).code().into();
    }
    s
}

/// Checks `s` and writes it to `file`; an unusable value is refused and nothing is written.
pub fn save(s: &Settings, file: &Path) -> Result<(), DesktopError> {
    paper_size(s)?;
    if !matches!(s.units.as_str(), "metric" | "us") {
        return Err(DesktopError::invalid(
            "Units",
            format!("'{}' — pick metric or us", s.units),
        ));
    }
    if is_remote(s) {
        remote_client(s)?;
    } else if s.engine != "embedded" {
        return Err(DesktopError::invalid(
            "Engine",
            format!("'{}' — pick embedded or remote", s.engine),
        ));
    }
    check_assistant(s)?;
    if !s.language.is_empty() && !Lang::ALL.iter().any(|l| l.code() == s.language) {
        return Err(DesktopError::invalid(
            "Language",
            format!("'{}' — pick en (English) or fr-CA (Français)", s.language),
        ));
    }
    crate::handlers::write_json(file, s)
}

/// The language model's settings are checked only when it is turned on.
fn check_assistant(s: &Settings) -> Result<(), DesktopError> {
    let a = &s.assistant;
    if !a.model_enabled {
        return Ok(());
    }
    let url = a.model_url.trim();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(DesktopError::invalid(
            "Model URL",
            "enter the model server's address, e.g. http://127.0.0.1:8080/v1 (llama.cpp) or http://127.0.0.1:11434/v1 (Ollama)",
        ));
    }
    if a.model_timeout_secs == 0 {
        return Err(DesktopError::invalid(
            "Model timeout",
            "give the seconds to wait, e.g. 60",
        ));
    }
    Ok(())
}

/// The client for the settings' URL and key (checked, not yet called).
pub fn remote_client(s: &Settings) -> Result<Client, DesktopError> {
    if s.remote_url.trim().is_empty() {
        return Err(DesktopError::invalid(
            "Server URL",
            "enter the server's address, e.g. https://api.example.com",
        ));
    }
    if s.remote_key.trim().is_empty() {
        return Err(DesktopError::invalid(
            "API key",
            "enter the key the server's operator gave you (sk_test_… or sk_live_…)",
        ));
    }
    Ok(Client::new(s.remote_url.trim(), s.remote_key.trim())?)
}

/// The shop as the report crate takes it (read as the CLI reads `settings.json`), issuing
/// a report now.
pub fn shop(s: &Settings) -> Shop {
    let value = serde_json::to_value(s).expect("plain data serialises");
    Shop {
        issued_at: Some(crate::handlers::now()),
        ..shopbench_app::shop_from_settings(&value).0
    }
}

/// True when Live data shows US customary units.
pub fn is_us(s: &Settings) -> bool {
    s.units == "us"
}

/// True when diagnoses go to the remote server.
pub fn is_remote(s: &Settings) -> bool {
    s.engine == "remote"
}

/// The paper size chosen.
pub fn paper_size(s: &Settings) -> Result<PaperSize, DesktopError> {
    s.paper
        .parse()
        .map_err(|e: shopbench_report::ReportError| DesktopError::invalid("Paper", e.to_string()))
}

/// Checks and scales the image at `source` into the shop's `logo.png` (beside
/// `settings_file`) and saves the settings naming it; a file that is not an
/// image is refused and nothing changes.
pub fn set_logo(source: &Path, settings_file: &Path) -> Result<Settings, DesktopError> {
    let dest = settings_file.with_file_name("logo.png");
    shopbench_app::store_logo(source, &dest)?;
    let s = Settings {
        shop_logo: dest.display().to_string(),
        ..load(settings_file)
    };
    save(&s, settings_file)?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 19: a logo set in Settings is checked, scaled, kept beside the
    /// settings and drawn on the shop's reports; a file that is not an image
    /// is refused and the settings stay as they were.
    #[test]
    fn a_logo_set_in_settings_heads_the_reports() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("settings.json");
        let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/photos/bumper.jpg");
        let s = set_logo(&photo, &file).unwrap();
        assert!(s.shop_logo.ends_with("logo.png"), "{}", s.shop_logo);
        assert_eq!(load(&file).shop_logo, s.shop_logo);
        let logo = shop(&s).logo.expect("the report's shop has the logo");
        assert!(logo.width <= 600 && logo.height <= 240, "{logo:?}");
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "not a picture").unwrap();
        let err = set_logo(&text, &file).unwrap_err();
        assert!(!err.to_string().is_empty());
        assert_eq!(load(&file), s);
    }

    /// Issue 19 item 5: the language defaults from the system locale until
    /// the shop chooses one, and a choice is kept; an unknown one is refused.
    #[test]
    fn the_language_follows_the_locale_until_chosen() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("settings.json");
        let quebec = |k: &str| (k == "LANG").then(|| "fr_CA.UTF-8".to_string());
        assert_eq!(load_with(&file, quebec).language, "fr-CA");
        assert_eq!(load_with(&file, |_| None).language, "en");
        let s = Settings {
            language: "en".into(),
            ..Settings::default()
        };
        save(&s, &file).unwrap();
        assert_eq!(load_with(&file, quebec).language, "en", "the choice stands");
        let bad = Settings {
            language: "de".into(),
            ..Settings::default()
        };
        let e = save(&bad, &file).unwrap_err();
        assert!(e.to_string().starts_with("Language"), "{e}");
        assert_eq!(load_with(&file, quebec).language, "en", "nothing written");
    }

    /// The assistant's settings the screen saves are the ones `shopbench ask`
    /// reads (one file, two readers: the shapes must not drift).
    #[test]
    fn the_assistant_settings_saved_here_are_read_by_the_workflow() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("settings.json");
        let mut s = Settings::default();
        s.assistant.model_enabled = true;
        s.assistant.model_url = "http://127.0.0.1:8080/v1".into();
        s.assistant.model_name = "llama".into();
        s.assistant.model_timeout_secs = 30;
        save(&s, &file).unwrap();
        let read = shopbench_app::assistant::AssistantSettings::load_with(&file, |_| None);
        assert!(read.model_ready());
        assert_eq!(
            (
                read.model_url.as_str(),
                read.model_name.as_str(),
                read.model_timeout_secs
            ),
            ("http://127.0.0.1:8080/v1", "llama", 30)
        );
        s.assistant.model_url = "127.0.0.1:8080".into();
        let e = save(&s, &file).unwrap_err().to_string();
        assert!(e.contains("Model URL"), "{e}");
        s.assistant.model_enabled = false;
        save(&s, &file).unwrap();
    }

    #[test]
    fn settings_round_trip_and_reject_unknown_paper_units_and_engine() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config/settings.json");
        let english = |_: &str| None;
        let defaults = Settings {
            language: "en".into(),
            ..Settings::default()
        };
        assert_eq!(load_with(&file, english), defaults);
        let s = Settings {
            paper: "a4".into(),
            shop_address: "12 Main St\n\nSpringfield".into(),
            ..defaults
        };
        save(&s, &file).unwrap();
        assert_eq!(load(&file), s);
        assert_eq!(shop(&s).address, ["12 Main St", "Springfield"]);
        for (bad, want) in [
            (
                Settings {
                    paper: "b5".into(),
                    ..Settings::default()
                },
                "a4 or letter",
            ),
            (
                Settings {
                    units: "imperial".into(),
                    ..Settings::default()
                },
                "metric or us",
            ),
            (
                Settings {
                    engine: "cloud".into(),
                    ..Settings::default()
                },
                "embedded or remote",
            ),
        ] {
            let e = save(&bad, &file).unwrap_err().to_string();
            assert!(e.contains(want), "{e}");
        }
        assert_eq!(load(&file), s, "a refused save changes nothing");
    }
}
