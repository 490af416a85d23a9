//! The shop's files as the app finds them: the one rule of
//! `shopbench_app::ShopPaths`, shared with the CLI, so a case, an estimate,
//! the settings and the reports are where `shopbench` looks for them.

use shopbench_app::{open_store, ShopPaths};
use shopbench_estimate::EstimateData;
use shopbench_store::Store;

use crate::error::DesktopError;
use crate::settings::Settings;

/// Where the shop's files are, resolved once when the app starts.
#[derive(Debug, Clone)]
pub struct Shop {
    paths: Result<ShopPaths, String>,
}

impl Shop {
    /// The paths for this process's environment. When no home is known, every
    /// command that needs a file says so (nothing is written to the working folder).
    pub fn from_env() -> Shop {
        Shop::at_env(|k| std::env::var_os(k))
    }

    /// The paths for the environment `var` describes (tests pass their own).
    pub fn at_env(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Shop {
        Shop {
            paths: ShopPaths::from_vars(var).map_err(|e| e.to_string()),
        }
    }

    /// The shop at `paths` (tests point it at a temporary folder).
    pub fn at(paths: ShopPaths) -> Shop {
        Shop { paths: Ok(paths) }
    }

    /// The shop's paths.
    pub fn paths(&self) -> Result<&ShopPaths, DesktopError> {
        self.paths
            .as_ref()
            .map_err(|e| DesktopError::NoHome(e.clone()))
    }

    /// Opens the case and estimate database (the CLI's).
    pub fn store(&self) -> Result<Store, DesktopError> {
        Ok(open_store(&self.paths()?.db, None)?)
    }

    /// The saved settings, or the defaults.
    pub fn settings(&self) -> Settings {
        self.paths()
            .map(|p| crate::settings::load(&p.settings_file()))
            .unwrap_or_default()
    }

    /// The language the shop chose (else the system locale's), for the
    /// amounts and words the handlers write.
    pub fn lang(&self) -> shopbench_i18n::Lang {
        shopbench_i18n::Lang::from_code(&self.settings().language)
    }

    /// The shop's estimate figures (read on every pricing, so an edited file
    /// applies without a restart).
    pub fn estimate_data(&self) -> Result<EstimateData, DesktopError> {
        Ok(shopbench_app::estimates::shop_estimate_data(
            &self.paths()?.estimate_data,
        )?)
    }
}
