//! The record kept next to a built zip: which fingerprint produced it, and
//! the stamp of the inputs that fingerprint was computed from. A matching
//! record plus an intact zip is the warm path; a stamp that still holds
//! makes it skip the fingerprint too.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::AssetError;
use crate::stamp::InputStamp;

/// Bumped when the zip layout, build recipe or record changes, so old
/// records miss.
pub const CACHE_FORMAT: u32 = 3;

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
    /// What the fingerprint was computed from; `None` when an input was
    /// too fresh to vouch for (the next full fingerprint records one).
    pub inputs: Option<InputStamp>,
}

pub fn record_path(out_dir: &Path, id: &str) -> PathBuf {
    out_dir.join(format!("{}.asset-cache.json", id.replace(['/', '\\'], ".")))
}

/// The record for `fingerprint`, if it exists and its zip is still the file
/// it wrote (same size and modification time; re-hashing megabytes on every
/// warm call would cost more than the rest of the lookup). Anything else is
/// a miss, never an error: the cold path rebuilds and rewrites it.
pub fn lookup(record: &Path, out_dir: &Path, fingerprint: &str) -> Option<CacheRecord> {
    let cached = read(record)?;
    (cached.fingerprint == fingerprint && zip_intact(out_dir, &cached)).then_some(cached)
}

/// The record whose input stamp still holds under `stamp_key`, with its zip
/// intact: its fingerprint is current without computing it.
pub fn lookup_stamped(record: &Path, out_dir: &Path, stamp_key: &str) -> Option<CacheRecord> {
    let cached = read(record)?;
    let holds = cached
        .inputs
        .as_ref()
        .is_some_and(|stamp| stamp.holds(stamp_key));
    (holds && zip_intact(out_dir, &cached)).then_some(cached)
}

pub(crate) fn read(record: &Path) -> Option<CacheRecord> {
    let text = fs::read(record).ok()?;
    let cached: CacheRecord = serde_json::from_slice(&text).ok()?;
    (cached.format == CACHE_FORMAT).then_some(cached)
}

fn zip_intact(out_dir: &Path, cached: &CacheRecord) -> bool {
    fs::metadata(out_dir.join(&cached.file))
        .is_ok_and(|zip| zip.len() == cached.size && modified_ns(&zip) == Some(cached.modified_ns))
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
