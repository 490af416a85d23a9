//! Writing the shop's own files safely.

use std::path::Path;

use crate::AppError;

/// Writes `bytes` to `path` through a temporary file beside it (`….tmp`) and
/// a rename, creating the folder first: a crash leaves the old file or the
/// new one, never half of one. `action` says what was being saved, for the error.
pub(crate) fn write_replacing(
    path: &Path,
    bytes: &[u8],
    action: &'static str,
) -> Result<(), AppError> {
    let io = |source| AppError::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
