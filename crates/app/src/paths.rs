//! Where the shop's files live — one rule for the CLI, the desktop app and
//! the server's defaults.
//!
//! | what | where |
//! |---|---|
//! | data folder | `$SHOPBENCH_DATA_DIR`, else `$XDG_DATA_HOME/shopbench` (an absolute path), else `$HOME/.local/share/shopbench`, else `%APPDATA%\shopbench` (Windows) |
//! | case and estimate database | `$SHOPBENCH_DB`, else `DATA/shopbench.db` |
//! | vPIC (VIN decoding) | `$SHOPBENCH_VPIC_DB`, else `DATA/vpic/vpic.lite.db` (`shopbench data import vpic FILE` or `scripts/fetch-vpic` puts it there) |
//! | recalls/complaints cache | `DATA/nhtsa.db` |
//! | reports (PDFs) | `$SHOPBENCH_REPORTS_DIR`, else `DATA/reports` |
//! | drafts of forms | `DATA/drafts` |
//! | settings folder | `$XDG_CONFIG_HOME/shopbench` (absolute), else `$HOME/.config/shopbench`, else `DATA/config` |
//! | shop settings | `CONFIG/settings.json` |
//! | the shop's estimate figures | `$SHOPBENCH_ESTIMATE_DATA` (must exist), else `CONFIG/estimate-data.json` (optional) |
//! | the damage detector (none ships) | `$SHOPBENCH_DETECTOR_MODEL` with `$SHOPBENCH_DETECTOR_MANIFEST` (else `manifest.json` beside the model), else `CONFIG/detector/model.onnx` and `CONFIG/detector/manifest.json` |
//! | cache (remembered protocols) | `$XDG_CACHE_HOME/shopbench` (absolute), else `$HOME/.cache/shopbench`, else `DATA/cache` |
//!
//! An explicit path (`--db FILE`) always wins over these. When none of the
//! variables that name a home is set, nothing is guessed: [`ShopPaths::from_env`]
//! says what to set, instead of writing into whatever folder the program was
//! started from.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::AppError;

/// The shop's folders and files, resolved once by [`ShopPaths::from_env`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopPaths {
    /// Where data lives (databases, reports, drafts).
    pub data_dir: PathBuf,
    /// Where settings live (`settings.json`, `estimate-data.json`).
    pub config_dir: PathBuf,
    /// Where caches live (`protocols.json`).
    pub cache_dir: PathBuf,
    /// The case and estimate database.
    pub db: PathBuf,
    /// The vPIC file for VIN decoding.
    pub vpic: PathBuf,
    /// The recalls and complaints cache.
    pub recalls: PathBuf,
    /// Where PDFs are written.
    pub reports_dir: PathBuf,
    /// The shop's estimate figures, and whether the file must exist
    /// (it must when `$SHOPBENCH_ESTIMATE_DATA` names it).
    pub estimate_data: (PathBuf, bool),
    /// The shop's damage detection model and its manifest (used only when asked to detect).
    pub detector: DetectorPaths,
}

/// Where the damage detector's files are, and which setting said so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectorPaths {
    /// The ONNX model.
    pub model: PathBuf,
    /// Its manifest (JSON).
    pub manifest: PathBuf,
    /// Which setting named them, for messages (`named by $SHOPBENCH_DETECTOR_MODEL`, or the
    /// default place in the settings folder).
    pub set_by: String,
    /// True when a setting names the model (then it must be there); false for the default
    /// place, which may be empty (shopbench ships no model).
    pub named: bool,
}

/// Environment variables the rule reads.
pub mod vars {
    /// Overrides the data folder.
    pub const DATA_DIR: &str = "SHOPBENCH_DATA_DIR";
    /// Overrides the case and estimate database file.
    pub const DB: &str = "SHOPBENCH_DB";
    /// Overrides the vPIC file.
    pub const VPIC_DB: &str = "SHOPBENCH_VPIC_DB";
    /// Overrides the reports folder.
    pub const REPORTS_DIR: &str = "SHOPBENCH_REPORTS_DIR";
    /// Names the shop's estimate figures (the file must then exist).
    pub const ESTIMATE_DATA: &str = "SHOPBENCH_ESTIMATE_DATA";
    /// Names the damage detection model (ONNX).
    pub const DETECTOR_MODEL: &str = "SHOPBENCH_DETECTOR_MODEL";
    /// Names the detection model's manifest (default: `manifest.json` beside the model).
    pub const DETECTOR_MANIFEST: &str = "SHOPBENCH_DETECTOR_MANIFEST";
}

impl ShopPaths {
    /// The paths for this process's environment.
    pub fn from_env() -> Result<ShopPaths, AppError> {
        ShopPaths::from_vars(|k| std::env::var_os(k))
    }

    /// The paths for the environment `var` describes (tests pass a map).
    pub fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> Result<ShopPaths, AppError> {
        let set = |k: &str| var(k).filter(|v| !v.is_empty()).map(PathBuf::from);
        let absolute = |k: &str| set(k).filter(|p| p.is_absolute());
        let home = set("HOME").or_else(|| set("USERPROFILE"));
        let data_dir = set(vars::DATA_DIR)
            .or_else(|| absolute("XDG_DATA_HOME").map(|p| p.join("shopbench")))
            .or_else(|| home.as_ref().map(|h| h.join(".local/share/shopbench")))
            .or_else(|| set("APPDATA").map(|p| p.join("shopbench")))
            .ok_or(AppError::NoHome)?;
        let config_dir = absolute("XDG_CONFIG_HOME")
            .map(|p| p.join("shopbench"))
            .or_else(|| home.as_ref().map(|h| h.join(".config/shopbench")))
            .unwrap_or_else(|| data_dir.join("config"));
        let cache_dir = absolute("XDG_CACHE_HOME")
            .map(|p| p.join("shopbench"))
            .or_else(|| home.as_ref().map(|h| h.join(".cache/shopbench")))
            .unwrap_or_else(|| data_dir.join("cache"));
        let estimate_data = match set(vars::ESTIMATE_DATA) {
            Some(p) => (p, true),
            None => (config_dir.join("estimate-data.json"), false),
        };
        let detector = match set(vars::DETECTOR_MODEL) {
            Some(model) => DetectorPaths {
                manifest: set(vars::DETECTOR_MANIFEST)
                    .unwrap_or_else(|| model.with_file_name("manifest.json")),
                model,
                set_by: format!("named by ${}", vars::DETECTOR_MODEL),
                named: true,
            },
            None => {
                let dir = config_dir.join("detector");
                DetectorPaths {
                    model: dir.join("model.onnx"),
                    manifest: set(vars::DETECTOR_MANIFEST)
                        .unwrap_or_else(|| dir.join("manifest.json")),
                    set_by: "the default place in the settings folder".into(),
                    named: false,
                }
            }
        };
        Ok(ShopPaths {
            detector,
            db: set(vars::DB).unwrap_or_else(|| data_dir.join("shopbench.db")),
            vpic: set(vars::VPIC_DB).unwrap_or_else(|| data_dir.join("vpic/vpic.lite.db")),
            recalls: data_dir.join("nhtsa.db"),
            reports_dir: set(vars::REPORTS_DIR).unwrap_or_else(|| data_dir.join("reports")),
            estimate_data,
            data_dir,
            config_dir,
            cache_dir,
        })
    }

    /// The same paths with the database at `db` (`--db FILE`).
    pub fn with_db(mut self, db: Option<PathBuf>) -> ShopPaths {
        if let Some(db) = db {
            self.db = db;
        }
        self
    }

    /// The shop's settings file.
    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("settings.json")
    }

    /// Where adapters' working protocols are remembered.
    pub fn protocols_file(&self) -> PathBuf {
        self.cache_dir.join("protocols.json")
    }

    /// The folder for drafts of forms (kept so a crash loses nothing typed).
    pub fn drafts_dir(&self) -> PathBuf {
        self.data_dir.join("drafts")
    }
}

/// Creates `path`'s folder if needed, naming it when that fails.
pub(crate) fn ensure_parent(path: &Path) -> Result<(), AppError> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| AppError::io("creating the folder", dir, e))
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn paths(vars: &[(&str, &str)]) -> Result<ShopPaths, AppError> {
        let map: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        ShopPaths::from_vars(|k| map.get(k).cloned())
    }

    #[test]
    fn home_alone_gives_the_xdg_defaults() {
        let p = paths(&[("HOME", "/home/sam")]).unwrap();
        assert_eq!(
            p.db,
            Path::new("/home/sam/.local/share/shopbench/shopbench.db")
        );
        assert_eq!(
            p.vpic,
            Path::new("/home/sam/.local/share/shopbench/vpic/vpic.lite.db")
        );
        assert_eq!(
            p.recalls,
            Path::new("/home/sam/.local/share/shopbench/nhtsa.db")
        );
        assert_eq!(
            p.settings_file(),
            Path::new("/home/sam/.config/shopbench/settings.json")
        );
        assert_eq!(
            p.protocols_file(),
            Path::new("/home/sam/.cache/shopbench/protocols.json")
        );
        assert_eq!(
            p.estimate_data,
            (
                PathBuf::from("/home/sam/.config/shopbench/estimate-data.json"),
                false
            )
        );
        assert_eq!(
            p.reports_dir,
            Path::new("/home/sam/.local/share/shopbench/reports")
        );
        assert_eq!(
            (p.detector.model, p.detector.manifest),
            (
                PathBuf::from("/home/sam/.config/shopbench/detector/model.onnx"),
                PathBuf::from("/home/sam/.config/shopbench/detector/manifest.json")
            )
        );
    }

    #[test]
    fn the_detector_variable_names_the_model_and_its_manifest_sits_beside_it() {
        let p = paths(&[
            ("HOME", "/h"),
            ("SHOPBENCH_DETECTOR_MODEL", "/m/cardd.onnx"),
        ])
        .unwrap();
        assert_eq!(p.detector.model, Path::new("/m/cardd.onnx"));
        assert_eq!(p.detector.manifest, Path::new("/m/manifest.json"));
        assert!(p.detector.set_by.contains("SHOPBENCH_DETECTOR_MODEL"));
        assert!(p.detector.named);
        let p = paths(&[
            ("HOME", "/h"),
            ("SHOPBENCH_DETECTOR_MODEL", "/m/cardd.onnx"),
            ("SHOPBENCH_DETECTOR_MANIFEST", "/n/cardd.json"),
        ])
        .unwrap();
        assert_eq!(p.detector.manifest, Path::new("/n/cardd.json"));
    }

    #[test]
    fn variables_override_and_relative_xdg_paths_are_ignored() {
        let p = paths(&[
            ("HOME", "/home/sam"),
            ("XDG_DATA_HOME", "relative/data"),
            ("XDG_CONFIG_HOME", "/etc/xdg"),
            ("SHOPBENCH_DB", "/srv/shop.db"),
            ("SHOPBENCH_ESTIMATE_DATA", "/srv/rates.json"),
        ])
        .unwrap();
        assert_eq!(p.data_dir, Path::new("/home/sam/.local/share/shopbench"));
        assert_eq!(p.db, Path::new("/srv/shop.db"));
        assert_eq!(p.config_dir, Path::new("/etc/xdg/shopbench"));
        assert_eq!(p.estimate_data, (PathBuf::from("/srv/rates.json"), true));
        let p = paths(&[("SHOPBENCH_DATA_DIR", "/data")]).unwrap();
        assert_eq!(p.db, Path::new("/data/shopbench.db"));
        assert_eq!(p.config_dir, Path::new("/data/config"));
        assert_eq!(p.with_db(Some("x.db".into())).db, Path::new("x.db"));
    }

    /// Regression (issue 13): the desktop silently used `./shopbench/shopbench.db`
    /// when neither HOME nor XDG_DATA_HOME was set, while the CLI refused.
    #[test]
    fn database_path_without_home_is_an_error_everywhere() {
        let e = paths(&[]).unwrap_err().to_string();
        assert!(
            e.contains("HOME") && e.contains("SHOPBENCH_DATA_DIR"),
            "{e}"
        );
        assert!(paths(&[("XDG_DATA_HOME", "not/absolute")]).is_err());
    }
}
