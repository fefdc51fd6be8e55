//! A content hash of everything a release build of one package reads from
//! the workspace: the package's own files, its path dependencies' files
//! (followed through `workspace = true`), the workspace manifest, the
//! package's dependency closure in Cargo.lock, cargo config and toolchain
//! pins, plus the build settings. Equal
//! fingerprints mean cargo would produce the same binary, so the cached zip
//! can be reused without starting cargo at all.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::AssetError;
use crate::lockfile::locked_closure;
use crate::package::find_package_dir_noting;
use crate::stamp::{InputStamp, Reads, stamp_key};

/// Workspace files outside any package that change what cargo builds.
/// (Cargo.lock is hashed apart: only the package's own part of it.)
const WORKSPACE_INPUTS: [&str; 5] = [
    "Cargo.toml",
    ".cargo/config.toml",
    ".cargo/config",
    "rust-toolchain.toml",
    "rust-toolchain",
];

/// Environment variables that change the compiled binary.
const ENV_INPUTS: [&str; 3] = [
    "RUSTFLAGS",
    "CARGO_ENCODED_RUSTFLAGS",
    "CARGO_BUILD_RUSTFLAGS",
];

/// Directory names never hashed: build output and VCS metadata.
const SKIPPED_DIRS: [&str; 2] = ["target", ".git"];

/// The values of [`ENV_INPUTS`] in this process (unset reads as empty), read
/// once per build so the fingerprint and its stamp see the same values.
pub fn env_inputs() -> Vec<(&'static str, OsString)> {
    ENV_INPUTS
        .iter()
        .map(|name| (*name, std::env::var_os(name).unwrap_or_default()))
        .collect()
}

/// A build's fingerprint and the stamp of the files it was computed from
/// (`None` when one was modified too recently to vouch for it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprinted {
    pub fingerprint: String,
    pub stamp: Option<InputStamp>,
}

/// The full fingerprint of `package`'s release build: finds the package,
/// reads and hashes its inputs, and stamps what it read.
pub fn fingerprint_build(
    workspace_root: &Path,
    package: &str,
    recipe: &[(&str, &str)],
    env: &[(&str, OsString)],
) -> Result<Fingerprinted, AssetError> {
    let mut reads = Reads::new();
    let package_dir = find_package_dir_noting(workspace_root, package, &mut reads)?;
    let fingerprint = fingerprint(
        workspace_root,
        &package_dir,
        package,
        recipe,
        env,
        &mut reads,
    )?;
    Ok(Fingerprinted {
        fingerprint,
        stamp: reads.into_stamp(stamp_key(workspace_root, recipe, env)),
    })
}

/// Hex SHA-256 over `recipe` (the build settings), `env` and the content of
/// every input file, keyed by its path relative to `workspace_root`. Every
/// path it reads or lists is noted in `reads` first.
fn fingerprint(
    workspace_root: &Path,
    package_dir: &Path,
    package: &str,
    recipe: &[(&str, &str)],
    env: &[(&str, OsString)],
    reads: &mut Reads,
) -> Result<String, AssetError> {
    let local = package_dirs(workspace_root, package_dir, reads)?;
    let files = input_files(workspace_root, &local, reads)?;

    let mut hasher = Sha256::new();
    hash_settings(&mut hasher, recipe, env);
    hash_lock(
        &mut hasher,
        workspace_root,
        package,
        &local.build_dependencies,
        reads,
    )?;
    for path in &files {
        reads.note(path);
        let contents = fs::read(path).map_err(|source| AssetError::io("reading", path, source))?;
        let relative = path.strip_prefix(workspace_root).unwrap_or(path);
        hash_field(
            &mut hasher,
            b"file",
            relative.as_os_str().as_encoded_bytes(),
            &Sha256::digest(&contents),
        );
    }
    Ok(hex(&hasher.finalize()))
}

/// Every file of the local packages, and the workspace files that change
/// what cargo builds (Cargo.lock apart: only its closure is hashed).
pub(crate) fn input_files(
    workspace_root: &Path,
    local: &LocalPackages,
    reads: &mut Reads,
) -> Result<BTreeSet<PathBuf>, AssetError> {
    let mut files = BTreeSet::new();
    for dir in &local.dirs {
        collect_files(dir, &mut files, reads)?;
    }
    for input in WORKSPACE_INPUTS {
        let path = workspace_root.join(input);
        // Noted present or absent: creating one later must count.
        reads.note(&path);
        if path.is_file() {
            files.insert(path);
        }
    }
    Ok(files)
}

/// Hashes the locked entries of `package`'s dependency closure, or the whole
/// lock file when the package is not in it.
fn hash_lock(
    hasher: &mut Sha256,
    workspace_root: &Path,
    package: &str,
    build_dependencies: &BTreeMap<String, BTreeSet<String>>,
    reads: &mut Reads,
) -> Result<(), AssetError> {
    let path = workspace_root.join("Cargo.lock");
    reads.note(&path);
    let lock = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(AssetError::io("reading", &path, source)),
    };
    match locked_closure(&lock, package, build_dependencies) {
        Some(entries) => {
            for entry in entries {
                hash_field(hasher, b"lock", b"package", entry.as_bytes());
            }
        }
        None => hash_field(hasher, b"lock", b"file", lock.as_bytes()),
    }
    Ok(())
}

/// The build settings and environment values, as fields.
pub(crate) fn hash_settings(
    hasher: &mut Sha256,
    recipe: &[(&str, &str)],
    env: &[(&str, OsString)],
) {
    for (key, value) in recipe {
        hash_field(hasher, b"recipe", key.as_bytes(), value.as_bytes());
    }
    for (name, value) in env {
        hash_field(hasher, b"env", name.as_bytes(), value.as_encoded_bytes());
    }
}

/// Length-prefixed fields, so no two different input sets hash alike by
/// concatenation.
pub(crate) fn hash_field(hasher: &mut Sha256, kind: &[u8], key: &[u8], value: &[u8]) {
    for part in [kind, key, value] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The package and its path dependencies, transitively: what the release
/// build compiles from the workspace.
pub(crate) struct LocalPackages {
    dirs: BTreeSet<PathBuf>,
    /// Each local package's name and the package names of its normal and
    /// build dependencies (the lock file also lists dev-dependencies, which a
    /// release build of the function never compiles).
    build_dependencies: BTreeMap<String, BTreeSet<String>>,
}

pub(crate) fn package_dirs(
    workspace_root: &Path,
    package_dir: &Path,
    reads: &mut Reads,
) -> Result<LocalPackages, AssetError> {
    let workspace_deps = workspace_path_dependencies(workspace_root, reads)?;
    let mut local = LocalPackages {
        dirs: BTreeSet::new(),
        build_dependencies: BTreeMap::new(),
    };
    let mut pending = vec![normalize(package_dir)];
    while let Some(dir) = pending.pop() {
        if !local.dirs.insert(dir.clone()) {
            continue;
        }
        let manifest = read_toml(&dir.join("Cargo.toml"), reads)?;
        let mut dependency_names = BTreeSet::new();
        for (name, spec) in dependency_entries(&manifest) {
            // `alias = { package = "real" }`: the lock file names `real`.
            let package = spec.get("package").and_then(toml::Value::as_str);
            dependency_names.insert(package.unwrap_or(name).to_owned());
            let Some(spec) = spec.as_table() else {
                continue;
            };
            if let Some(path) = spec.get("path").and_then(toml::Value::as_str) {
                pending.push(normalize(&dir.join(path)));
            } else if spec.get("workspace").and_then(toml::Value::as_bool) == Some(true)
                && let Some(path) = workspace_deps.iter().find(|(n, _)| n == name)
            {
                pending.push(path.1.clone());
            }
        }
        if let Some(name) = manifest
            .get("package")
            .and_then(|p| p.get("name"))
            .and_then(toml::Value::as_str)
        {
            local
                .build_dependencies
                .insert(name.to_owned(), dependency_names);
        }
    }
    Ok(local)
}

/// `[workspace.dependencies]` entries that point at a path, resolved.
fn workspace_path_dependencies(
    workspace_root: &Path,
    reads: &mut Reads,
) -> Result<Vec<(String, PathBuf)>, AssetError> {
    let manifest = read_toml(&workspace_root.join("Cargo.toml"), reads)?;
    let deps = manifest
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(toml::Value::as_table);
    Ok(deps
        .into_iter()
        .flatten()
        .filter_map(|(name, spec)| {
            let path = spec.get("path")?.as_str()?;
            Some((name.clone(), normalize(&workspace_root.join(path))))
        })
        .collect())
}

/// Dependencies that go into a release binary: normal and build, including
/// platform-specific ones. Dev-dependencies are not built for `cargo build`.
fn dependency_entries(manifest: &toml::Table) -> Vec<(&String, &toml::Value)> {
    let mut tables = Vec::new();
    for key in ["dependencies", "build-dependencies"] {
        tables.extend(manifest.get(key).and_then(toml::Value::as_table));
    }
    if let Some(targets) = manifest.get("target").and_then(toml::Value::as_table) {
        for target in targets.values() {
            for key in ["dependencies", "build-dependencies"] {
                tables.extend(target.get(key).and_then(toml::Value::as_table));
            }
        }
    }
    tables.into_iter().flatten().collect()
}

fn read_toml(path: &Path, reads: &mut Reads) -> Result<toml::Table, AssetError> {
    reads.note(path);
    let text =
        fs::read_to_string(path).map_err(|source| AssetError::io("reading", path, source))?;
    text.parse().map_err(|source| AssetError::Manifest {
        path: path.to_owned(),
        source,
    })
}

fn collect_files(
    dir: &Path,
    files: &mut BTreeSet<PathBuf>,
    reads: &mut Reads,
) -> Result<(), AssetError> {
    // A file added, removed or renamed here changes the directory's times.
    reads.note(dir);
    let entries = fs::read_dir(dir).map_err(|source| AssetError::io("listing", dir, source))?;
    for entry in entries {
        let entry = entry.map_err(|source| AssetError::io("listing", dir, source))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|source| AssetError::io("inspecting", &path, source))?;
        if kind.is_dir() {
            let skipped = SKIPPED_DIRS.iter().any(|s| entry.file_name() == *s);
            if !skipped {
                collect_files(&path, files, reads)?;
            }
        } else {
            // Symlinks are hashed by what they point at, as cargo reads them.
            files.insert(path);
        }
    }
    Ok(())
}

/// Removes `.` and `..` components without touching the file system, so the
/// same directory reached two ways is hashed once.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_workspace::{lock, workspace, write};

    fn of(root: &Path) -> String {
        with_recipe(root, &[("bin", "bootstrap")])
    }

    fn with_recipe(root: &Path, recipe: &[(&str, &str)]) -> String {
        fingerprint_build(root, "app", recipe, &[])
            .unwrap()
            .fingerprint
    }

    #[test]
    fn follows_workspace_path_dependencies_but_not_dev_dependencies() {
        let dir = workspace();
        let root = dir.path();
        let before = of(root);
        assert_eq!(before, of(root), "fingerprint is stable");

        write(&root.join("crates/dev-only/src/lib.rs"), "// changed\n");
        write(
            &root.join("crates/app/target/release/junk"),
            "other output\n",
        );
        assert_eq!(before, of(root), "dev-only and target/ do not count");

        write(&root.join("crates/util/src/lib.rs"), "pub fn g() {}\n");
        let after_util = of(root);
        assert_ne!(before, after_util, "a path dependency's source counts");

        write(&root.join("Cargo.lock"), "# lock 2\n");
        assert_ne!(after_util, of(root), "Cargo.lock counts");
    }

    #[test]
    fn only_the_packages_part_of_the_lock_counts() {
        let dir = workspace();
        let root = dir.path();
        write(&root.join("Cargo.lock"), &lock("0.1.0", "0.1.0"));
        let before = of(root);
        write(&root.join("Cargo.lock"), &lock("0.1.0", "0.2.0"));
        assert_eq!(
            before,
            of(root),
            "another package's lock entry does not count"
        );
        write(&root.join("Cargo.lock"), &lock("0.2.0", "0.2.0"));
        assert_ne!(before, of(root), "a dependency's lock entry counts");
    }

    #[test]
    fn build_settings_count() {
        let dir = workspace();
        let root = dir.path();
        assert_ne!(
            with_recipe(root, &[("bin", "bootstrap")]),
            with_recipe(root, &[("bin", "other")])
        );
        let flags = |value: &str| vec![("RUSTFLAGS", OsString::from(value))];
        let with_flags = |value| {
            fingerprint_build(root, "app", &[], &flags(value))
                .unwrap()
                .fingerprint
        };
        assert_ne!(with_flags(""), with_flags("-Ctarget-cpu=native"));
    }

    #[test]
    fn the_functions_lock_closure_leaves_out_its_dev_dependencies() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let local = package_dirs(root, &root.join("lambda"), &mut Reads::ignoring()).unwrap();
        let lock = fs::read_to_string(root.join("Cargo.lock")).unwrap();
        let closure =
            locked_closure(&lock, "tag-production-image", &local.build_dependencies).unwrap();
        let has = |name: &str| {
            closure
                .iter()
                .any(|entry| entry.contains(&format!("\nname = \"{name}\"\n")))
        };
        assert!(has("lambda-logging") && has("aws-sdk-ecr") && has("aws-smithy-runtime"));
        assert!(
            !has("cicd-dsl-tests") && !has("clap"),
            "dev-dependencies and what only they use are left out"
        );
    }
}
