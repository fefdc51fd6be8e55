//! Finds a package's directory by name from the workspace manifest's
//! `members`, without running `cargo metadata` (the warm path must not start
//! cargo).

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::AssetError;
use crate::stamp::Reads;

/// The directory of workspace member `package`. Supports the member forms
/// this workspace uses: a plain path and `dir/*`.
pub fn find_package_dir(workspace_root: &Path, package: &str) -> Result<PathBuf, AssetError> {
    find_package_dir_noting(workspace_root, package, &mut Reads::ignoring())
}

/// [`find_package_dir`], noting in `reads` every manifest and directory the
/// answer depends on (a member added under `dir/*` could take the name).
pub(crate) fn find_package_dir_noting(
    workspace_root: &Path,
    package: &str,
    reads: &mut Reads,
) -> Result<PathBuf, AssetError> {
    let root_manifest = workspace_root.join("Cargo.toml");
    reads.note(&root_manifest);
    let text = fs::read_to_string(&root_manifest)
        .map_err(|source| AssetError::io("reading", &root_manifest, source))?;
    let manifest: toml::Table = text.parse().map_err(|source| AssetError::Manifest {
        path: root_manifest.clone(),
        source,
    })?;
    let members = manifest
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str);

    let mut candidates = vec![workspace_root.to_owned()];
    for member in members {
        match member.strip_suffix("/*") {
            Some(parent) => {
                let parent = workspace_root.join(parent);
                reads.note(&parent);
                let mut dirs: Vec<PathBuf> = fs::read_dir(&parent)
                    .map_err(|source| AssetError::io("listing", &parent, source))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .collect();
                dirs.sort();
                candidates.extend(dirs);
            }
            None => candidates.push(workspace_root.join(member)),
        }
    }
    for dir in candidates {
        let manifest = dir.join("Cargo.toml");
        reads.note(&manifest);
        if package_name(&manifest, package).as_deref() == Some(package) {
            return Ok(dir);
        }
    }
    Err(AssetError::PackageNotFound {
        package: package.to_owned(),
        manifest: root_manifest,
    })
}

/// `package.name` of a manifest, or `None` if it is missing or unreadable
/// (another member's half-written manifest must not stop this lookup).
/// Manifests whose text cannot spell `wanted` are not parsed: parsing every
/// member's manifest was most of the warm synth's time.
fn package_name(manifest: &Path, wanted: &str) -> Option<String> {
    let text = fs::read_to_string(manifest).ok()?;
    // A TOML escape could spell the name without its plain text appearing.
    if !text.contains(wanted) && !text.contains('\\') {
        return None;
    }
    let table: toml::Table = text.parse().ok()?;
    Some(table.get("package")?.get("name")?.as_str()?.to_owned())
}
