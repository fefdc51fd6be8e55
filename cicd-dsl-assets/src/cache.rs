//! The record kept next to a built zip: which fingerprint produced it. A
//! matching record plus an intact zip is the warm path.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::AssetError;

/// Bumped when the zip layout, build recipe or record changes, so old
/// records miss.
pub const CACHE_FORMAT: u32 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheRecord {
    pub format: u32,
    pub fingerprint: String,
    pub sha256: String,
    pub file: String,
    pub size: u64,
    /// The zip's modification time when it was written, in nanoseconds
    /// since the epoch: a zip touched since is not trusted.
    pub modified_ns: u128,
}

pub fn record_path(out_dir: &Path, id: &str) -> PathBuf {
    out_dir.join(format!("{}.asset-cache.json", id.replace(['/', '\\'], ".")))
}

/// The record for `fingerprint`, if it exists and its zip is still the file
/// it wrote (same size and modification time; re-hashing megabytes on every
/// warm call would cost more than the rest of the lookup). Anything else is
/// a miss, never an error: the cold path rebuilds and rewrites it.
pub fn lookup(record: &Path, out_dir: &Path, fingerprint: &str) -> Option<CacheRecord> {
    let text = fs::read(record).ok()?;
    let cached: CacheRecord = serde_json::from_slice(&text).ok()?;
    if cached.format != CACHE_FORMAT || cached.fingerprint != fingerprint {
        return None;
    }
    let zip = fs::metadata(out_dir.join(&cached.file)).ok()?;
    let intact = zip.len() == cached.size && modified_ns(&zip) == Some(cached.modified_ns);
    intact.then_some(cached)
}

pub fn modified_ns(metadata: &fs::Metadata) -> Option<u128> {
    let modified = metadata.modified().ok()?;
    Some(
        modified
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos(),
    )
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
    // Unique per process and call, so concurrent writers never share a temp file.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = path.with_file_name(format!(".{file_name}.{}.{n}.tmp", std::process::id()));
    fs::write(&temp, bytes).map_err(|source| AssetError::io("writing", &temp, source))?;
    fs::rename(&temp, path).map_err(|source| AssetError::io("renaming into", path, source))
}
