//! The files a function's build reads from the workspace, as `watch` polls
//! them: the same set the fingerprint hashes (the package, its path
//! dependencies, the workspace manifest, cargo config and toolchain pins),
//! plus `Cargo.lock`, so that a save anywhere the build reads starts a
//! rebuild, and a save anywhere else does not.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::error::AssetError;
use crate::fingerprint::{input_files, package_dirs};
use crate::package::find_package_dir;
use crate::stamp::Reads;

/// Every file a release build of `package` reads from the workspace.
/// Listed anew on each call, so files added or removed since are seen.
pub fn source_files(workspace_root: &Path, package: &str) -> Result<BTreeSet<PathBuf>, AssetError> {
    let package_dir = find_package_dir(workspace_root, package)?;
    let mut no_stamp = Reads::ignoring();
    let local = package_dirs(workspace_root, &package_dir, &mut no_stamp)?;
    let mut files = input_files(workspace_root, &local, &mut no_stamp)?;
    let lock = workspace_root.join("Cargo.lock");
    if lock.is_file() {
        files.insert(lock);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_functions_sources_are_its_package_and_path_dependencies() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let files = source_files(root, "tag-production-image").unwrap();
        let has = |relative: &str| files.contains(&root.join(relative));
        assert!(has("lambda/src/main.rs"), "the function's own crate");
        assert!(has("lambda/Cargo.toml"));
        assert!(has("lambda/logging/Cargo.toml"), "its path dependency");
        assert!(has("Cargo.lock") && has("Cargo.toml"));
        assert!(
            !files
                .iter()
                .any(|f| f.starts_with(root.join("cicd-dsl-core"))),
            "no other workspace member"
        );
        assert!(
            !files
                .iter()
                .any(|f| f.components().any(|c| c.as_os_str() == "target")),
            "no build output"
        );
    }
}
