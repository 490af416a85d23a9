//! Finding installed PassThru libraries.
//!
//! * Everywhere: an explicit library path, and the `SHOPBENCH_J2534_LIB`
//!   environment variable.
//! * Linux / macOS: `~/.passthru/*.json` manifests, the convention of the open
//!   Linux J2534 drivers: `{"NAME": "...", "VENDOR": "...", "FUNCTION_LIB": "/path/lib.so"}`
//!   (other keys are ignored; a relative `FUNCTION_LIB` is taken relative to
//!   the manifest's folder).
//! * Windows: the registry, `HKLM\SOFTWARE\PassThruSupport.04.04\<device>` and
//!   the 32-bit view `HKLM\SOFTWARE\WOW6432Node\PassThruSupport.04.04\<device>`,
//!   values `Name`, `Vendor`, `FunctionLibrary`. Most vendors ship only a
//!   32-bit DLL, which a 64-bit program cannot load: such entries are listed
//!   with [`Source::Registry::wow64`] set, and loading one fails with
//!   [`crate::J2534Error::WrongArchitecture`] (the DLL's PE header is read first).

use std::path::{Path, PathBuf};

use crate::error::{J2534Error, Result};

/// The environment variable naming a PassThru library to use.
pub const LIB_ENV_VAR: &str = "SHOPBENCH_J2534_LIB";

/// Where a [`DeviceInfo`] came from.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// A `~/.passthru/*.json` manifest.
    Manifest(PathBuf),
    /// A Windows registry key.
    Registry {
        /// The full key, e.g. `HKLM\SOFTWARE\PassThruSupport.04.04\Tactrix`.
        key: String,
        /// Found in the 32-bit view (`WOW6432Node`): a 32-bit library.
        wow64: bool,
    },
    /// The `SHOPBENCH_J2534_LIB` environment variable.
    EnvVar,
    /// A path the user gave.
    Explicit,
}

/// An installed PassThru interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceInfo {
    /// Display name, e.g. `Tactrix OpenPort 2.0`.
    pub name: String,
    /// Vendor, e.g. `Tactrix Inc.` (empty when unknown).
    pub vendor: String,
    /// The library to load.
    pub library_path: PathBuf,
    /// Where this entry was found.
    pub source: Source,
}

/// What a discovery scan found, and the entries it had to skip.
#[derive(Debug, Default)]
pub struct Listing {
    /// Usable devices, in a stable order.
    pub devices: Vec<DeviceInfo>,
    /// Manifests or registry keys that could not be used, and why.
    pub problems: Vec<J2534Error>,
}

/// Discovery with its inputs made explicit (for tests and for callers that
/// already parsed their environment). [`Discovery::from_env`] is the usual start.
#[derive(Clone, Debug, Default)]
pub struct Discovery {
    /// Home folder holding `.passthru/` (Linux / macOS).
    pub home: Option<PathBuf>,
    /// Value of `SHOPBENCH_J2534_LIB`, if set.
    pub env_lib: Option<PathBuf>,
}

impl Discovery {
    /// Home from `$HOME`, library from `$SHOPBENCH_J2534_LIB`.
    pub fn from_env() -> Discovery {
        let non_empty = |v: std::ffi::OsString| (!v.is_empty()).then(|| PathBuf::from(v));
        Discovery {
            home: std::env::var_os("HOME").and_then(non_empty),
            env_lib: std::env::var_os(LIB_ENV_VAR).and_then(non_empty),
        }
    }

    /// Every device found: the environment variable's first, then the
    /// platform's (manifests sorted by file name; registry keys by name).
    pub fn scan(&self) -> Listing {
        let mut listing = Listing::default();
        if let Some(path) = &self.env_lib {
            listing.devices.push(DeviceInfo {
                name: file_stem(path),
                vendor: String::new(),
                library_path: path.clone(),
                source: Source::EnvVar,
            });
        }
        #[cfg(not(windows))]
        if let Some(home) = &self.home {
            manifests::scan(&home.join(".passthru"), &mut listing);
        }
        #[cfg(windows)]
        registry::scan(&mut listing);
        listing
    }

    /// Pick a device. `Some(query)` is a library path when it names an
    /// existing file or looks like one (has a path separator or a library
    /// extension); otherwise a device name, matched case-insensitively,
    /// exactly first, then as a unique substring. `None` means the
    /// environment variable's library, else the only device installed.
    pub fn resolve(&self, query: Option<&str>) -> Result<DeviceInfo> {
        if let Some(q) = query {
            if looks_like_path(q) {
                let path = PathBuf::from(q);
                return Ok(DeviceInfo {
                    name: file_stem(&path),
                    vendor: String::new(),
                    library_path: path,
                    source: Source::Explicit,
                });
            }
        }
        let devices = self.scan().devices;
        let names = |list: &[&DeviceInfo]| {
            if list.is_empty() {
                "none".to_owned()
            } else {
                list.iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let all: Vec<&DeviceInfo> = devices.iter().collect();
        let Some(q) = query else {
            if let Some(d) = devices.iter().find(|d| d.source == Source::EnvVar) {
                return Ok(d.clone());
            }
            return match all.as_slice() {
                [one] => Ok((*one).clone()),
                [] => Err(J2534Error::NotFound {
                    query: String::new(),
                    known: "none".to_owned(),
                }),
                many => Err(J2534Error::Ambiguous {
                    query: String::new(),
                    candidates: names(many),
                }),
            };
        };
        let lower = q.to_lowercase();
        if let Some(d) = devices.iter().find(|d| d.name.to_lowercase() == lower) {
            return Ok(d.clone());
        }
        let partial: Vec<&DeviceInfo> = devices
            .iter()
            .filter(|d| d.name.to_lowercase().contains(&lower))
            .collect();
        match partial.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(J2534Error::NotFound {
                query: q.to_owned(),
                known: names(&all),
            }),
            many => Err(J2534Error::Ambiguous {
                query: q.to_owned(),
                candidates: names(many),
            }),
        }
    }
}

/// The devices [`Discovery::from_env`] finds.
pub fn list_devices() -> Vec<DeviceInfo> {
    Discovery::from_env().scan().devices
}

/// [`Discovery::resolve`] on [`Discovery::from_env`]; `name_or_path` empty
/// means "the configured or only device".
pub fn resolve(name_or_path: &str) -> Result<DeviceInfo> {
    let q = name_or_path.trim();
    Discovery::from_env().resolve((!q.is_empty()).then_some(q))
}

fn looks_like_path(q: &str) -> bool {
    let p = Path::new(q);
    q.contains('/')
        || q.contains('\\')
        || p.is_file()
        || matches!(
            p.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("so" | "dll" | "dylib")
        )
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(not(windows))]
mod manifests {
    //! `~/.passthru/*.json`.

    use std::path::Path;

    use serde::Deserialize;

    use super::{DeviceInfo, Listing, Source};
    use crate::error::J2534Error;

    #[derive(Deserialize)]
    struct Manifest {
        #[serde(rename = "NAME")]
        name: String,
        #[serde(rename = "VENDOR", default)]
        vendor: String,
        #[serde(rename = "FUNCTION_LIB")]
        function_lib: String,
    }

    pub(super) fn scan(dir: &Path, listing: &mut Listing) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return; // no folder: nothing installed
        };
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            })
            .collect();
        files.sort();
        for path in files {
            match read(&path) {
                Ok(info) => listing.devices.push(info),
                Err(reason) => listing.problems.push(J2534Error::Manifest { path, reason }),
            }
        }
    }

    fn read(path: &Path) -> Result<DeviceInfo, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let m: Manifest = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        if m.function_lib.trim().is_empty() {
            return Err("FUNCTION_LIB is empty".to_owned());
        }
        let lib = Path::new(m.function_lib.trim());
        let library_path = match path.parent() {
            Some(dir) if lib.is_relative() => dir.join(lib),
            _ => lib.to_owned(),
        };
        Ok(DeviceInfo {
            name: m.name.trim().to_owned(),
            vendor: m.vendor.trim().to_owned(),
            library_path,
            source: Source::Manifest(path.to_owned()),
        })
    }
}

#[cfg(windows)]
mod registry {
    //! `HKLM\SOFTWARE\PassThruSupport.04.04\*`, both registry views.

    use std::path::PathBuf;

    use winreg::enums::{HKEY_LOCAL_MACHINE, KEY_READ};
    use winreg::RegKey;

    use super::{DeviceInfo, Listing, Source};
    use crate::error::J2534Error;

    const ROOTS: [(&str, bool); 2] = [
        ("SOFTWARE\\PassThruSupport.04.04", false),
        ("SOFTWARE\\WOW6432Node\\PassThruSupport.04.04", true),
    ];

    pub(super) fn scan(listing: &mut Listing) {
        let hklm = RegKey::predef(HKEY_LOCAL_MACHINE);
        for (root, wow64) in ROOTS {
            let Ok(root_key) = hklm.open_subkey_with_flags(root, KEY_READ) else {
                continue; // no key: nothing installed in this view
            };
            let mut names: Vec<String> = root_key.enum_keys().filter_map(|k| k.ok()).collect();
            names.sort();
            for name in names {
                let key = format!("HKLM\\{root}\\{name}");
                match root_key.open_subkey_with_flags(&name, KEY_READ) {
                    Ok(dev) => {
                        let lib: std::io::Result<String> = dev.get_value("FunctionLibrary");
                        match lib {
                            Ok(lib) => listing.devices.push(DeviceInfo {
                                name: dev.get_value("Name").unwrap_or_else(|_| name.clone()),
                                vendor: dev.get_value("Vendor").unwrap_or_default(),
                                library_path: PathBuf::from(lib),
                                source: Source::Registry { key, wow64 },
                            }),
                            Err(source) => {
                                listing.problems.push(J2534Error::Registry { key, source })
                            }
                        }
                    }
                    Err(source) => listing.problems.push(J2534Error::Registry { key, source }),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(windows))]
    fn with_manifests(files: &[(&str, &str)]) -> (tempfile::TempDir, Discovery) {
        let home = tempfile::tempdir().expect("tempdir");
        let dir = home.path().join(".passthru");
        std::fs::create_dir(&dir).expect("mkdir");
        for (name, text) in files {
            std::fs::write(dir.join(name), text).expect("write");
        }
        let d = Discovery {
            home: Some(home.path().to_owned()),
            env_lib: None,
        };
        (home, d)
    }

    #[cfg(not(windows))]
    #[test]
    fn manifests_are_read_sorted_and_bad_ones_reported() {
        let (home, d) = with_manifests(&[
            (
                "b.json",
                r#"{"NAME":"Tactrix OpenPort 2.0","VENDOR":"Tactrix","FUNCTION_LIB":"/usr/lib/j2534.so","PROTOCOLS":{}}"#,
            ),
            ("a.json", r#"{"NAME":"Macchina M2","FUNCTION_LIB":"m2.so"}"#),
            ("broken.json", "{"),
            ("readme.txt", "not a manifest"),
        ]);
        let listing = d.scan();
        let names: Vec<_> = listing.devices.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["Macchina M2", "Tactrix OpenPort 2.0"]);
        assert_eq!(
            listing.devices[0].library_path,
            home.path().join(".passthru/m2.so")
        );
        assert_eq!(listing.devices[1].vendor, "Tactrix");
        assert_eq!(listing.problems.len(), 1);
        assert!(listing.problems[0].to_string().contains("broken.json"));
    }

    #[cfg(not(windows))]
    #[test]
    fn resolve_by_name_substring_path_and_env() {
        let (_home, mut d) = with_manifests(&[
            (
                "a.json",
                r#"{"NAME":"Tactrix OpenPort 2.0","FUNCTION_LIB":"/x/op.so"}"#,
            ),
            (
                "b.json",
                r#"{"NAME":"Macchina M2","FUNCTION_LIB":"/x/m2.so"}"#,
            ),
        ]);
        assert_eq!(
            d.resolve(Some("macchina m2")).unwrap().library_path,
            PathBuf::from("/x/m2.so")
        );
        assert_eq!(
            d.resolve(Some("openport")).unwrap().name,
            "Tactrix OpenPort 2.0"
        );
        assert!(matches!(
            d.resolve(Some("mongoose")),
            Err(J2534Error::NotFound { .. })
        ));
        assert!(matches!(
            d.resolve(Some("a")),
            Err(J2534Error::Ambiguous { .. })
        ));
        assert!(matches!(d.resolve(None), Err(J2534Error::Ambiguous { .. })));
        let explicit = d.resolve(Some("./libfoo.so")).unwrap();
        assert_eq!(explicit.source, Source::Explicit);
        assert_eq!(explicit.name, "libfoo");
        d.env_lib = Some(PathBuf::from("/opt/env.so"));
        let env = d.resolve(None).unwrap();
        assert_eq!(
            (env.source, env.library_path),
            (Source::EnvVar, PathBuf::from("/opt/env.so"))
        );
    }

    #[test]
    fn nothing_installed_is_not_found() {
        let d = Discovery::default();
        assert!(d.scan().devices.is_empty() || cfg!(windows));
        #[cfg(not(windows))]
        assert!(matches!(d.resolve(None), Err(J2534Error::NotFound { .. })));
    }
}
