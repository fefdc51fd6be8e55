//! Finished zips kept in the build's target folder, one per asset id, so a
//! synth into another output folder (a second `--out`, each test's own,
//! a fresh `cicd.out`) copies the zip its inputs already gave instead of
//! asking cargo again and zipping the binary again. The record and the
//! fingerprint are the output folder's cache's (crate::cache): the store
//! answers exactly when that cache would have.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cache::{self, CacheRecord};
use crate::error::AssetError;
use crate::stamp::InputStamp;

/// Where the zips of builds in `target_dir` are kept.
pub fn store_dir(target_dir: &Path) -> PathBuf {
    target_dir.join("cicd-dsl-asset-store")
}

/// The kept zip of `id` when it was built from `fingerprint`, copied into
/// `out_dir`; the record returned names that copy (the caller stores it).
pub fn fetch(
    store: &Path,
    id: &str,
    fingerprint: &str,
    out_dir: &Path,
    stamp: Option<InputStamp>,
) -> Result<Option<CacheRecord>, AssetError> {
    let Some(kept) = cache::lookup(&cache::record_path(store, id), store, fingerprint) else {
        return Ok(None);
    };
    let copy = out_dir.join(&kept.file);
    match copy_atomically(&store.join(&kept.file), &copy) {
        Ok(()) => {}
        // Another synth kept a newer zip of this id meanwhile and removed
        // this one: as if it had not been kept.
        Err(AssetError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(other) => return Err(other),
    }
    let written =
        fs::metadata(&copy).map_err(|source| AssetError::io("inspecting", &copy, source))?;
    Ok(Some(CacheRecord {
        modified_ns: cache::modified_ns(&written).unwrap_or_default(),
        inputs: stamp,
        ..kept
    }))
}

/// Keeps the zip `record` names in `out_dir` for later output folders, in
/// place of the id's earlier one.
pub fn keep(
    store: &Path,
    id: &str,
    out_dir: &Path,
    record: &CacheRecord,
) -> Result<(), AssetError> {
    fs::create_dir_all(store).map_err(|source| AssetError::io("creating", store, source))?;
    let record_path = cache::record_path(store, id);
    let replaced = cache::read(&record_path)
        .map(|earlier| earlier.file)
        .filter(|file| *file != record.file);
    let kept = store.join(&record.file);
    copy_atomically(&out_dir.join(&record.file), &kept)?;
    let written =
        fs::metadata(&kept).map_err(|source| AssetError::io("inspecting", &kept, source))?;
    cache::store(
        &record_path,
        &CacheRecord {
            modified_ns: cache::modified_ns(&written).unwrap_or_default(),
            inputs: None,
            ..record.clone()
        },
    )?;
    if let Some(file) = replaced {
        // Another id's record may name the same zip only if its bytes are
        // these; an earlier zip of this id is this id's alone.
        let _ = fs::remove_file(store.join(file));
    }
    Ok(())
}

/// A copy under a temporary name, then renamed: a reader never sees half a
/// zip, and concurrent synths each write whole ones.
fn copy_atomically(from: &Path, to: &Path) -> Result<(), AssetError> {
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = to.with_file_name(format!(".{name}.{}.copy.tmp", std::process::id()));
    fs::copy(from, &temp).map_err(|source| AssetError::io("copying", from, source))?;
    fs::rename(&temp, to).map_err(|source| AssetError::io("renaming into", to, source))
}
