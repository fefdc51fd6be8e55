//! Builds the stack's code assets before synth, so the template can name
//! each by content hash.

use super::CliError;
use super::asset_progress::AssetProgress;
use super::function_build::FunctionBuild;
use super::workspace::workspace_root;
use crate::{Architecture, Code, ResourceKind, StackDef};
use cicd_dsl_assets::{
    Architecture as AssetArchitecture, BuildProfile, BuiltAsset, CargoAssetRequest, SharedBuild,
    build_cargo_asset_showing, locked_packages,
};
use std::collections::BTreeMap;
use std::path::Path;

/// Which build of each Rust function a command packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packaging {
    /// Release builds: `synth` and everything that deploys to AWS.
    ForAws,
    /// `--local`: the functions the local endpoint runs are built with the
    /// profile and target dir of the running `cicd-dsl-aws`, their features
    /// resolved together with it, so they reuse its compiled AWS SDK
    /// instead of compiling it again in release (`cargo lambda watch` runs
    /// debug builds too). Cross-compiled functions stay release builds.
    #[cfg(feature = "deploy")]
    ForLocalEndpoint,
}

impl Packaging {
    #[cfg(feature = "deploy")]
    pub fn for_local(local: bool) -> Self {
        if local {
            Packaging::ForLocalEndpoint
        } else {
            Packaging::ForAws
        }
    }

    /// `--local`, or `CICD_DSL_FUNCTION_BUILD=dev` for every command, builds
    /// on the running program's crates. A cross build (arm64 on this x86_64
    /// machine) has nothing of the running program's to reuse: it stays a
    /// release build.
    fn profile(
        self,
        build: FunctionBuild,
        architecture: AssetArchitecture,
        root: &Path,
    ) -> BuildProfile {
        let shared = self != Packaging::ForAws || build == FunctionBuild::Dev;
        if !shared || architecture.cargo_target().is_some() {
            return BuildProfile::Release;
        }
        std::env::current_exe()
            .ok()
            .and_then(|exe| SharedBuild::of_executable(&exe, unify_with(root)))
            .map_or(BuildProfile::Release, BuildProfile::Shared)
    }
}

/// The package of the running program, when the workspace's lock file has
/// it (a path or registry dependency of the project): `-p cicd-dsl-aws`
/// then resolves the function's dependencies with the features
/// cicd-dsl-aws's own build turned on. Without it, cargo would pick fewer
/// features for tokio, hyper and the SDK and compile them all again.
fn unify_with(root: &Path) -> Vec<String> {
    locked_packages(root, &["cicd-dsl-aws"])
}

/// The build, as the progress heading names it.
fn describe(profile: &BuildProfile, package: &str) -> String {
    match profile {
        BuildProfile::Release => format!(
            "release build of package {package}; a first build takes minutes, later ones reuse it"
        ),
        BuildProfile::Shared(shared) if shared.unify_with.is_empty() => {
            format!("{} build of package {package}", shared.profile)
        }
        BuildProfile::Shared(shared) => format!(
            "{} build of package {package}, on the crates {} compiled",
            shared.profile,
            shared.unify_with.join(", ")
        ),
    }
}

/// Builds (or reuses) every cargo asset; returns them by
/// [`crate::Function::asset_name`].
pub fn build_all(
    stack: &StackDef,
    out_dir: &Path,
    packaging: Packaging,
) -> Result<BTreeMap<String, BuiltAsset>, CliError> {
    let build = FunctionBuild::from_env()?;
    let mut built = BTreeMap::new();
    for resource in &stack.resources {
        let ResourceKind::Function(function) = &resource.kind else {
            continue;
        };
        let (Code::Cargo { package, bin }, Some(name)) = (&function.code, function.asset_name())
        else {
            continue;
        };
        if built.contains_key(&name) {
            continue;
        }
        let root = workspace_root()?;
        let architecture = match function.architecture {
            Architecture::X86_64 => AssetArchitecture::X86_64,
            Architecture::Arm64 => AssetArchitecture::Arm64,
        };
        let profile = packaging.profile(build, architecture, &root);
        let request = CargoAssetRequest::new(root, package, out_dir)
            .with_bin(bin)
            .with_architecture(architecture)
            .with_profile(profile);
        let progress = AssetProgress::new(&resource.id, describe(&request.profile, package));
        let asset = build_cargo_asset_showing(&request, &|p| progress.show(p));
        progress.finish(asset.is_ok());
        let asset = asset.map_err(|source| CliError::Asset {
            function: resource.id.clone(),
            source: Box::new(source),
        })?;
        built.insert(name, asset);
    }
    Ok(built)
}

#[cfg(all(test, feature = "deploy"))]
mod tests {
    use super::{AssetArchitecture, FunctionBuild, Packaging};
    use cicd_dsl_assets::BuildProfile;

    #[test]
    fn aws_and_cross_built_functions_get_the_release_build() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        assert_eq!(
            Packaging::ForAws.profile(FunctionBuild::Release, AssetArchitecture::X86_64, &root),
            BuildProfile::Release
        );
        assert_eq!(
            Packaging::ForLocalEndpoint.profile(
                FunctionBuild::Release,
                AssetArchitecture::Arm64,
                &root
            ),
            BuildProfile::Release,
            "the local endpoint runs a cross-built function's release build"
        );
        assert_eq!(
            Packaging::ForAws.profile(FunctionBuild::Dev, AssetArchitecture::Arm64, &root),
            BuildProfile::Release,
            "a dev build asked for does not make a cross build share the host's"
        );
    }

    #[test]
    fn this_workspace_resolves_a_local_function_with_cicd_dsl_aws() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        assert_eq!(super::unify_with(&root), ["cicd-dsl-aws"]);
        let elsewhere = tempfile::tempdir().unwrap();
        assert!(
            super::unify_with(elsewhere.path()).is_empty(),
            "no lock file, nothing to resolve with"
        );
    }
}
