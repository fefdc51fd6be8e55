//! The record kept next to a built zip: which fingerprint produced it. A
//! matching record plus an intact zip is the warm path.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::AssetError;
use crate::fingerprint::hex;

/// Bumped when the zip layout or build recipe changes, so old records miss.
pub const CACHE_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheRecord {
    pub format: u32,
    pub fingerprint: String,
    pub sha256: String,
    pub file: String,
    pub size: u64,
}

pub fn record_path(out_dir: &Path, id: &str) -> PathBuf {
    out_dir.join(format!("{}.asset-cache.json", id.replace(['/', '\\'], ".")))
}

/// The record for `fingerprint`, if it exists and its zip is still the file
/// it describes (same size and SHA-256). Anything else is a miss, never an
/// error: the cold path rebuilds and rewrites it.
pub fn lookup(record: &Path, out_dir: &Path, fingerprint: &str) -> Option<CacheRecord> {
    let text = fs::read(record).ok()?;
    let cached: CacheRecord = serde_json::from_slice(&text).ok()?;
    if cached.format != CACHE_FORMAT || cached.fingerprint != fingerprint {
        return None;
    }
    let zip = fs::read(out_dir.join(&cached.file)).ok()?;
    let intact = zip.len() as u64 == cached.size && hex(&Sha256::digest(&zip)) == cached.sha256;
    intact.then_some(cached)
}

pub fn store(record: &Path, cached: &CacheRecord) -> Result<(), AssetError> {
    let mut text = serde_json::to_vec_pretty(cached).expect("a record always serializes");
    text.push(b'\n');
    write_atomically(record, &text)
}

/// Write to a sibling temporary file, then rename, so a reader never sees a
/// half-written file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), AssetError> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    fs::write(&temp, bytes).map_err(|source| AssetError::io("writing", &temp, source))?;
    fs::rename(&temp, path).map_err(|source| AssetError::io("renaming into", path, source))
}
