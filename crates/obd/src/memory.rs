//! Remembers the last protocol that worked, per adapter and port, so the next
//! connect selects it directly (`ATSP6`) instead of searching.
//!
//! File format (JSON, written atomically through a temporary file):
//! ```json
//! { "version": 1, "protocols": { "ELM327 v1.5 @ /dev/ttyUSB0": 6 } }
//! ```

use crate::{ObdError, Protocol};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    version: u32,
    protocols: BTreeMap<String, u8>,
}

/// The remembered protocols, backed by a JSON file chosen by the caller.
#[derive(Debug)]
pub struct ProtocolMemory {
    path: PathBuf,
    file: File,
}

impl ProtocolMemory {
    /// Loads `path`; a missing file is an empty memory. A corrupt file is an
    /// error (the caller may delete it).
    pub fn open(path: impl AsRef<Path>) -> Result<ProtocolMemory, ObdError> {
        let path = path.as_ref().to_path_buf();
        let file = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| ObdError::Memory {
                path: path.clone(),
                reason: format!("not a protocol memory file ({e}) — delete it to start afresh"),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => File {
                version: 1,
                protocols: BTreeMap::new(),
            },
            Err(e) => {
                return Err(ObdError::Memory {
                    path,
                    reason: e.to_string(),
                })
            }
        };
        Ok(ProtocolMemory { path, file })
    }

    fn key(adapter: &str, port: &str) -> String {
        format!("{adapter} @ {port}")
    }

    /// The protocol that last worked with this adapter on this port.
    pub fn get(&self, adapter: &str, port: &str) -> Option<Protocol> {
        self.file
            .protocols
            .get(&Self::key(adapter, port))
            .map(|n| Protocol(*n))
    }

    /// Records a working protocol and saves the file.
    pub fn remember(
        &mut self,
        adapter: &str,
        port: &str,
        protocol: Protocol,
    ) -> Result<(), ObdError> {
        self.file
            .protocols
            .insert(Self::key(adapter, port), protocol.0);
        self.save()
    }

    /// Forgets this adapter and port and saves the file.
    pub fn forget(&mut self, adapter: &str, port: &str) -> Result<(), ObdError> {
        self.file.protocols.remove(&Self::key(adapter, port));
        self.save()
    }

    fn save(&self) -> Result<(), ObdError> {
        let err = |e: std::io::Error| ObdError::Memory {
            path: self.path.clone(),
            reason: e.to_string(),
        };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        let json = serde_json::to_vec_pretty(&File {
            version: 1,
            protocols: self.file.protocols.clone(),
        })
        .map_err(|e| err(std::io::Error::other(e)))?;
        let tmp = self.path.with_extension("tmp");
        std::fs::write(&tmp, json).map_err(err)?;
        std::fs::rename(&tmp, &self.path).map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_across_instances() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/protocols.json");
        let mut m = ProtocolMemory::open(&path).unwrap();
        assert_eq!(m.get("ELM327 v1.5", "/dev/pts/3"), None);
        m.remember("ELM327 v1.5", "/dev/pts/3", Protocol(6))
            .unwrap();
        let m2 = ProtocolMemory::open(&path).unwrap();
        assert_eq!(m2.get("ELM327 v1.5", "/dev/pts/3"), Some(Protocol(6)));
        assert_eq!(m2.get("ELM327 v1.5", "/dev/pts/4"), None);
        let mut m3 = m2;
        m3.forget("ELM327 v1.5", "/dev/pts/3").unwrap();
        assert_eq!(
            ProtocolMemory::open(&path)
                .unwrap()
                .get("ELM327 v1.5", "/dev/pts/3"),
            None
        );
    }

    #[test]
    fn corrupt_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.json");
        std::fs::write(&path, "not json").unwrap();
        let e = ProtocolMemory::open(&path).unwrap_err();
        assert!(e.to_string().contains("delete it"));
    }
}
