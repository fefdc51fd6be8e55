//! `assets.json` in the output folder: every asset built there, for the
//! deploy step to upload and reference.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cache::write_atomically;
use crate::error::AssetError;

pub const MANIFEST_FILE: &str = "assets.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetManifest {
    pub assets: Vec<AssetEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssetEntry {
    pub id: String,
    pub package: String,
    pub bin: String,
    pub sha256: String,
    /// The zip's file name, relative to the manifest.
    pub file: String,
    pub s3_key: String,
    pub size: u64,
}

pub fn manifest_path(out_dir: &Path) -> PathBuf {
    out_dir.join(MANIFEST_FILE)
}

/// Reads the manifest in `out_dir`; a missing file is an empty manifest.
pub fn read_manifest(out_dir: &Path) -> Result<AssetManifest, AssetError> {
    let path = manifest_path(out_dir);
    match fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map_err(|source| AssetError::AssetManifest { path, source }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(AssetManifest::default()),
        Err(source) => Err(AssetError::io("reading", &path, source)),
    }
}

/// Adds `entry`, replacing any entry with the same id, and writes the
/// manifest sorted by id so its bytes depend only on its contents.
pub fn merge_into_manifest(out_dir: &Path, entry: AssetEntry) -> Result<(), AssetError> {
    let mut manifest = read_manifest(out_dir)?;
    if manifest.assets.contains(&entry) {
        return Ok(());
    }
    manifest.assets.retain(|e| e.id != entry.id);
    manifest.assets.push(entry);
    manifest.assets.sort_by(|a, b| a.id.cmp(&b.id));
    let mut text = serde_json::to_vec_pretty(&manifest).expect("a manifest always serializes");
    text.push(b'\n');
    write_atomically(&manifest_path(out_dir), &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, sha: &str) -> AssetEntry {
        AssetEntry {
            id: id.into(),
            package: id.into(),
            bin: "bootstrap".into(),
            sha256: sha.into(),
            file: format!("asset.{sha}.zip"),
            s3_key: format!("assets/{sha}.zip"),
            size: 1,
        }
    }

    #[test]
    fn merging_replaces_by_id_and_keeps_others_sorted() {
        let dir = tempfile::tempdir().unwrap();
        merge_into_manifest(dir.path(), entry("b", "1")).unwrap();
        merge_into_manifest(dir.path(), entry("a", "2")).unwrap();
        merge_into_manifest(dir.path(), entry("b", "3")).unwrap();
        let manifest = read_manifest(dir.path()).unwrap();
        assert_eq!(manifest.assets, vec![entry("a", "2"), entry("b", "3")]);
        let text = fs::read_to_string(manifest_path(dir.path())).unwrap();
        assert!(text.contains("\"s3Key\": \"assets/3.zip\""), "{text}");
    }
}
