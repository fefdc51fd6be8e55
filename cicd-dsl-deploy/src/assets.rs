//! File assets (zips written by synth) and their content-addressed upload.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::aws::AwsClients;
use crate::error::DeployError;
use crate::reporter::Reporter;
use crate::s3_object::{object_exists, put_object, sha256_hex};

/// Name of the manifest synth writes next to the asset files.
pub const ASSET_MANIFEST_FILE: &str = "assets.json";

/// The S3 key a template uses for an asset: `assets/<sha256>.zip`.
pub fn asset_key(sha256: &str) -> String {
    format!("assets/{sha256}.zip")
}

/// `assets.json` as `cicd-dsl-assets` writes it next to the zips:
/// `{"assets": [{"id", "package", "bin", "sha256", "file", "s3Key", "size"}]}`
/// with `file` relative to the manifest's folder. Only `sha256` and `file`
/// are required, so a hand-written manifest of other assets works too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetManifest {
    pub assets: Vec<AssetEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssetEntry {
    /// Lower-case hex SHA-256 of the file's bytes; also its S3 key.
    pub sha256: String,
    pub file: String,
    /// What the asset is (`<package>/<bin>` for cargo assets); for messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The key the builder expects; it must be the one templates name
    /// ([`asset_key`]), or the function would point at a missing object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
}

/// An asset ready to publish: where its bytes are and what they hash to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalAsset {
    pub sha256: String,
    pub path: PathBuf,
}

impl LocalAsset {
    pub fn key(&self) -> String {
        asset_key(&self.sha256)
    }
}

/// Reads `<dir>/assets.json`; a folder without one has no assets.
pub fn load_asset_manifest(dir: &Path) -> Result<Vec<LocalAsset>, DeployError> {
    let path = dir.join(ASSET_MANIFEST_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => {
            return Err(DeployError::Manifest {
                path,
                message: err.to_string(),
            });
        }
    };
    let manifest: AssetManifest =
        serde_json::from_str(&text).map_err(|err| DeployError::Manifest {
            path: path.clone(),
            message: err.to_string(),
        })?;
    manifest
        .assets
        .into_iter()
        .map(|entry| {
            if !is_sha256_hex(&entry.sha256) {
                return Err(DeployError::Manifest {
                    path: path.clone(),
                    message: format!("{:?} is not a lower-case hex SHA-256", entry.sha256),
                });
            }
            if let Some(key) = &entry.s3_key
                && *key != asset_key(&entry.sha256)
            {
                return Err(DeployError::Manifest {
                    path: path.clone(),
                    message: format!(
                        "asset {} has key {key:?}, but templates name {:?}; rebuild it with this version of cicd-dsl",
                        entry.id.as_deref().unwrap_or(&entry.file),
                        asset_key(&entry.sha256)
                    ),
                });
            }
            Ok(LocalAsset {
                sha256: entry.sha256,
                path: dir.join(entry.file),
            })
        })
        .collect()
}

/// The assets a template names, from `<dir>/assets.json`, each checked to
/// be on disk. A key the manifest does not list, or a listed zip that is
/// gone, is refused here: deployed, it would be a function pointing at an
/// object that was never uploaded. Entries the template does not name (an
/// earlier build's zips) are left out without being checked.
pub fn assets_for_template(
    dir: &Path,
    template_body: &str,
) -> Result<Vec<LocalAsset>, DeployError> {
    let listed = load_asset_manifest(dir)?;
    let mut named = Vec::new();
    for key in asset_keys_in(template_body) {
        let Some(asset) = listed.iter().find(|a| a.key() == key) else {
            return Err(DeployError::MissingAsset {
                what: format!(
                    "the template names {key}, but {} does not list it",
                    dir.join(ASSET_MANIFEST_FILE).display()
                ),
            });
        };
        if !asset.path.is_file() {
            return Err(DeployError::MissingAsset {
                what: format!("asset file {} ({key}) is missing", asset.path.display()),
            });
        }
        named.push(asset.clone());
    }
    Ok(named)
}

/// Every distinct `assets/<sha256>.zip` in a template, in order of appearance.
fn asset_keys_in(template_body: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for (start, _) in template_body.match_indices("assets/") {
        let rest = &template_body[start + "assets/".len()..];
        let Some(sha) = rest.get(..64) else { continue };
        if is_sha256_hex(sha) && rest[64..].starts_with(".zip") {
            let key = asset_key(sha);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys
}

fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// What publishing did, per asset key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AssetReport {
    pub bucket: Option<String>,
    pub uploaded: Vec<String>,
    pub already_present: Vec<String>,
}

/// Uploads each asset unless its key already exists: keys are content
/// hashes, so an existing key already holds these bytes.
pub async fn publish_assets(
    clients: &AwsClients,
    bucket: &str,
    assets: &[LocalAsset],
    reporter: &Reporter,
) -> Result<AssetReport, DeployError> {
    let mut report = AssetReport {
        bucket: Some(bucket.to_owned()),
        ..AssetReport::default()
    };
    for asset in assets {
        let key = asset.key();
        if object_exists(clients, bucket, &key).await? {
            report.already_present.push(key);
            continue;
        }
        let bytes = std::fs::read(&asset.path).map_err(|source| DeployError::AssetRead {
            path: asset.path.clone(),
            source,
        })?;
        // A zip rebuilt with different bytes but a stale hash would be
        // uploaded under the wrong key and never replaced; catch it here.
        let actual = sha256_hex(&bytes);
        if actual != asset.sha256 {
            return Err(DeployError::Manifest {
                path: asset.path.clone(),
                message: format!(
                    "content hashes to {actual}, but the manifest says {}; run synth again",
                    asset.sha256
                ),
            });
        }
        put_object(clients, bucket, &key, bytes, "application/zip").await?;
        reporter.say(&format!("uploaded asset s3://{bucket}/{key}"));
        report.uploaded.push(key);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::next_step::Subcommand;

    /// A fresh folder for one test, named after it, in the temp dir.
    fn scratch_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cicd-assets-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn write_manifest(dir: &Path, text: impl AsRef<[u8]>) {
        std::fs::write(dir.join(ASSET_MANIFEST_FILE), text).unwrap();
    }

    #[test]
    fn manifest_entries_resolve_against_the_folder_and_reject_bad_hashes() {
        let dir = scratch_dir("hashes");
        let sha = sha256_hex(b"zip bytes");
        write_manifest(
            &dir,
            format!(r#"{{"assets":[{{"sha256":"{sha}","file":"a.zip"}}]}}"#),
        );
        let assets = load_asset_manifest(&dir).unwrap();
        assert_eq!(assets[0].path, dir.join("a.zip"));
        assert_eq!(assets[0].key(), format!("assets/{sha}.zip"));

        write_manifest(
            &dir,
            r#"{"assets":[{"sha256":"../../etc","file":"a.zip"}]}"#,
        );
        assert!(matches!(
            load_asset_manifest(&dir),
            Err(DeployError::Manifest { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn reads_the_manifest_cicd_dsl_assets_writes() {
        let dir = scratch_dir("full");
        let sha = sha256_hex(b"bootstrap zip");
        let written = |key: &str| {
            format!(
                r#"{{"assets":[{{"id":"tag-production-image/bootstrap","package":"tag-production-image","bin":"bootstrap","sha256":"{sha}","file":"asset.{sha}.zip","s3Key":"{key}","size":13}}]}}"#
            )
        };
        write_manifest(&dir, written(&asset_key(&sha)));
        let assets = load_asset_manifest(&dir).unwrap();
        assert_eq!(assets.len(), 1);
        assert_eq!(assets[0].path, dir.join(format!("asset.{sha}.zip")));
        assert_eq!(assets[0].key(), format!("assets/{sha}.zip"));

        write_manifest(&dir, written("elsewhere/x.zip"));
        let error = load_asset_manifest(&dir).unwrap_err().to_string();
        assert!(error.contains("tag-production-image/bootstrap"), "{error}");
        assert!(error.contains("elsewhere/x.zip"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn template_assets_must_be_listed_and_on_disk() {
        let dir = scratch_dir("named");
        let used = sha256_hex(b"used zip");
        let stale = sha256_hex(b"stale zip");
        std::fs::write(dir.join("used.zip"), b"used zip").unwrap();
        write_manifest(
            &dir,
            format!(
                r#"{{"assets":[{{"sha256":"{used}","file":"used.zip"}},{{"sha256":"{stale}","file":"gone.zip"}}]}}"#
            ),
        );
        let template = format!(
            r#"{{"S3Key":"{}","Again":"{}"}}"#,
            asset_key(&used),
            asset_key(&used)
        );
        let named = assets_for_template(&dir, &template).unwrap();
        assert_eq!(named.len(), 1, "the stale entry is not needed: {named:?}");
        assert_eq!(named[0].path, dir.join("used.zip"));

        // Refused, saying `why` and that synth rebuilds what is missing.
        let refused = |why: &str| {
            let error = assets_for_template(&dir, &template)
                .unwrap_err()
                .message(&Subcommand);
            assert!(
                error.contains(why) && error.contains("run `synth` to rebuild"),
                "{error}"
            );
        };
        std::fs::remove_file(dir.join("used.zip")).unwrap();
        refused("used.zip");
        std::fs::remove_file(dir.join(ASSET_MANIFEST_FILE)).unwrap();
        refused("does not list it");
        assert_eq!(assets_for_template(&dir, "{}").unwrap(), Vec::new());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_folder_without_manifest_has_no_assets() {
        let dir = std::env::temp_dir().join("cicd-assets-none-here");
        assert_eq!(load_asset_manifest(&dir).unwrap(), Vec::new());
    }
}
