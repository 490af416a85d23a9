//! The shop's own repair-cost figures: a JSON override merged over the shipped
//! estimate data (labor rates, blend factor, part prices …), kept in one file
//! that the CLI and the desktop app both read, so an estimate is priced the
//! same way from either.

use std::path::{Path, PathBuf};

use shopbench_estimate::EstimateData;

use crate::StoreError;

/// Environment variable naming the shop's override file; when it is set the
/// file must exist.
pub const SHOP_DATA_ENV: &str = "SHOPBENCH_ESTIMATE_DATA";

/// Where the shop's override lives, and whether it was asked for explicitly:
/// `$SHOPBENCH_ESTIMATE_DATA`, else `$XDG_CONFIG_HOME/shopbench/estimate-data.json`,
/// else `~/.config/shopbench/estimate-data.json`.
pub fn shop_data_path() -> Option<(PathBuf, bool)> {
    let set = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    if let Some(p) = set(SHOP_DATA_ENV) {
        return Some((PathBuf::from(p), true));
    }
    let config = set("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| set("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some((config.join("shopbench").join("estimate-data.json"), false))
}

/// The estimate data with the override at `path` merged over the shipped
/// defaults. A missing file gives the shipped data unless `required`; a file
/// that is not valid JSON or breaks a data rule is an error naming the file.
pub fn load_shop_data(path: &Path, required: bool) -> Result<EstimateData, StoreError> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            EstimateData::shipped()
                .with_override(&text)
                .map_err(|e| StoreError::ShopData {
                    path: path.to_path_buf(),
                    detail: e.to_string(),
                })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            Ok(EstimateData::shipped().clone())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StoreError::ShopData {
            path: path.to_path_buf(),
            detail: format!("no such file ({SHOP_DATA_ENV} names it)"),
        }),
        Err(e) => Err(StoreError::ShopData {
            path: path.to_path_buf(),
            detail: e.to_string(),
        }),
    }
}

/// The estimate data at the usual place ([`shop_data_path`]) — what the CLI
/// and the desktop app price with.
pub fn shop_estimate_data() -> Result<EstimateData, StoreError> {
    match shop_data_path() {
        Some((path, required)) => load_shop_data(&path, required),
        None => Ok(EstimateData::shipped().clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shop_override_changes_only_what_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("estimate-data.json");
        std::fs::write(&path, r#"{"laborRates": {"states": {"CA": {"body": 82}}}}"#).unwrap();
        let data = load_shop_data(&path, true).unwrap();
        let ca = data.labor_rates("CA").unwrap();
        let shipped = EstimateData::shipped().labor_rates("CA").unwrap();
        let (a, b) = (
            serde_json::to_value(&ca).unwrap(),
            serde_json::to_value(&shipped).unwrap(),
        );
        assert_ne!(a, b);
        assert!(a.to_string().contains("82"), "{a}");
        assert_eq!(
            serde_json::to_value(data.labor_rates("TX").unwrap()).unwrap(),
            serde_json::to_value(EstimateData::shipped().labor_rates("TX").unwrap()).unwrap()
        );
    }

    #[test]
    fn missing_and_broken_files() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.json");
        assert!(load_shop_data(&missing, false).is_ok());
        let e = load_shop_data(&missing, true).unwrap_err().to_string();
        assert!(e.contains("none.json"), "{e}");
        let broken = dir.path().join("broken.json");
        std::fs::write(
            &broken,
            r#"{"laborRates": {"states": {"CA": {"body": -5}}}}"#,
        )
        .unwrap();
        let e = load_shop_data(&broken, false).unwrap_err().to_string();
        assert!(e.contains("broken.json"), "{e}");
    }
}
