//! The shop's files as the CLI finds them: `--db` / `--user` over the one
//! rule in `shopbench_app::ShopPaths`.

use std::path::PathBuf;
use std::sync::OnceLock;

use anyhow::Result;
use shopbench_app::{open_store, ShopPaths};
use shopbench_estimate::EstimateData;
use shopbench_store::Store;

/// Where the case database is and who is writing; shared by every command that touches cases or estimates.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DbArgs {
    /// Case and estimate database file [default: $SHOPBENCH_DATA_DIR, else $XDG_DATA_HOME/shopbench,
    /// else ~/.local/share/shopbench, then /shopbench.db].
    #[arg(long = "db", env = "SHOPBENCH_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Name recorded in the case history [default: $USER].
    #[arg(long = "user", env = "SHOPBENCH_USER", global = true)]
    pub user: Option<String>,
}

impl DbArgs {
    /// Opens (creating the folder and file if needed) the case database.
    pub fn open(&self) -> Result<Store> {
        let db = match &self.db {
            Some(p) => p.clone(),
            None => ShopPaths::from_env()?.db,
        };
        Ok(open_store(&db, self.user.as_deref())?)
    }
}

/// The shop's folders (see `ShopPaths` for the rule).
pub fn paths() -> Result<ShopPaths> {
    Ok(ShopPaths::from_env()?)
}

/// The figures every estimate command prices with: the shipped data with the
/// shop's override file merged over them — the same file the desktop app
/// reads, so both price an estimate alike. Read once per command.
pub fn estimate_data() -> Result<&'static EstimateData> {
    static DATA: OnceLock<EstimateData> = OnceLock::new();
    if let Some(d) = DATA.get() {
        return Ok(d);
    }
    let d = shopbench_app::estimates::shop_estimate_data(&paths()?.estimate_data)?;
    Ok(DATA.get_or_init(|| d))
}

/// The vPIC file: the one given, else the shop's (`$SHOPBENCH_VPIC_DB`, else `DATA/vpic/vpic.lite.db`).
pub fn vpic(given: Option<PathBuf>) -> Result<PathBuf> {
    Ok(match given {
        Some(p) => p,
        None => paths()?.vpic,
    })
}

/// The recalls/complaints cache: the one given, else `DATA/nhtsa.db`.
pub fn recalls(given: Option<PathBuf>) -> Result<PathBuf> {
    Ok(match given {
        Some(p) => p,
        None => paths()?.recalls,
    })
}

/// Where a diagnosis looks beyond the case database: the shop's recalls
/// cache and vPIC file, or nothing when the data folder is not known.
pub fn lookups() -> shopbench_app::Lookups {
    paths()
        .map(|p| shopbench_app::Lookups::of(&p))
        .unwrap_or_default()
}
