//! Which cargo build of a function an asset holds: the release build that
//! runs on AWS, or a build that reuses what another binary of the same
//! workspace already compiled (what `--local` deploys run).

use std::path::{Path, PathBuf};

/// How the function's binary is compiled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum BuildProfile {
    /// `cargo build --release`, stripped, in the asset target dir: what a
    /// deploy to AWS uploads.
    #[default]
    Release,
    /// The profile and target dir another binary was built with, features
    /// resolved together with `unify_with` (cargo's `-p` for each): every
    /// dependency both share is then already compiled, so the function's
    /// build compiles little more than its own crate. The local endpoint
    /// runs it, as `cargo lambda watch` runs a debug build.
    Shared(SharedBuild),
}

/// See [`BuildProfile::Shared`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedBuild {
    /// Cargo's profile name (`dev`, `release` or a custom one).
    pub profile: String,
    pub target_dir: PathBuf,
    /// Packages whose features cargo unifies with the function's.
    pub unify_with: Vec<String>,
}

impl SharedBuild {
    /// The build that produced `executable`, when it sits where cargo puts
    /// a binary (`<target dir>/<profile dir>/<name>`, the profile dir
    /// holding cargo's `.fingerprint` folder; cargo's `CACHEDIR.TAG` is no
    /// mark, as cargo writes it only into a target dir it creates itself);
    /// `None` for an installed program.
    pub fn of_executable(executable: &Path, unify_with: Vec<String>) -> Option<Self> {
        let profile_dir = executable.parent()?;
        let target_dir = profile_dir.parent()?;
        if !profile_dir.join(".fingerprint").is_dir() {
            return None;
        }
        let profile = match profile_dir.file_name()?.to_str()? {
            "debug" => "dev",
            other => other,
        };
        Some(Self {
            profile: profile.to_owned(),
            target_dir: target_dir.to_path_buf(),
            unify_with,
        })
    }
}

/// Those of `packages` the workspace's `Cargo.lock` lists, for
/// [`SharedBuild::unify_with`]: cargo refuses a `-p` it cannot find.
pub fn locked_packages(workspace_root: &Path, packages: &[&str]) -> Vec<String> {
    let lock = std::fs::read_to_string(workspace_root.join("Cargo.lock")).unwrap_or_default();
    packages
        .iter()
        .filter(|name| crate::lockfile::lists(&lock, name))
        .map(|name| (*name).to_owned())
        .collect()
}

impl BuildProfile {
    /// Cargo's profile name.
    pub fn cargo_profile(&self) -> &str {
        match self {
            BuildProfile::Release => "release",
            BuildProfile::Shared(shared) => &shared.profile,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SharedBuild;
    use std::fs;

    #[test]
    fn a_binary_in_a_cargo_target_dir_names_its_profile() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        // A target dir cargo did not create itself has no CACHEDIR.TAG.
        fs::create_dir_all(target.join("debug/.fingerprint")).unwrap();
        fs::create_dir_all(target.join("profiling/.fingerprint")).unwrap();

        let dev = SharedBuild::of_executable(&target.join("debug/cicd-dsl-aws"), vec![]).unwrap();
        assert_eq!(
            dev.profile, "dev",
            "cargo's `debug` folder is the dev profile"
        );
        assert_eq!(dev.target_dir, target);
        let custom = SharedBuild::of_executable(&target.join("profiling/cicd-dsl-aws"), vec![]);
        assert_eq!(custom.unwrap().profile, "profiling");
    }

    #[test]
    fn an_installed_binary_has_no_build_to_share() {
        let dir = tempfile::tempdir().unwrap();
        // `~/.cargo/bin`: beside cargo's registry, in no target dir.
        fs::create_dir_all(dir.path().join(".cargo/bin")).unwrap();
        fs::create_dir_all(dir.path().join(".cargo/registry")).unwrap();
        assert_eq!(
            SharedBuild::of_executable(&dir.path().join(".cargo/bin/cicd-dsl-aws"), vec![]),
            None
        );
    }
}
