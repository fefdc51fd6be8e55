//! `build_cargo_asset`: one cargo binary in, one content-addressed Lambda
//! code zip out, reusing the previous zip when no input changed.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::build_lock::BuildLock;
use crate::cache::{self, CACHE_FORMAT, CacheRecord};
use crate::cargo_build::CargoBuild;
use crate::cross::{Architecture, cross_env};
use crate::elf::check_machine;
use crate::error::AssetError;
use crate::fingerprint::{Fingerprinted, env_inputs, fingerprint_build, hex};
use crate::manifest::{AssetEntry, merge_into_manifest};
use crate::profile::BuildProfile;
use crate::stamp::stamp_key;
use crate::store;
use crate::zip::single_file_zip;

/// The name Lambda's `provided.*` runtimes execute.
pub const DEFAULT_BIN: &str = "bootstrap";

/// Release builds for assets are stripped: symbols are of no use in Lambda
/// and make the zip several times larger.
const RELEASE_PROFILE_ENV: [(&str, &str); 1] = [("CARGO_PROFILE_RELEASE_STRIP", "symbols")];

/// What to package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CargoAssetRequest {
    /// The directory holding the workspace's `Cargo.toml` and `Cargo.lock`.
    pub workspace_root: PathBuf,
    /// The cargo package name (`-p`).
    pub package: String,
    /// The binary target (`--bin`); it becomes the zip's only entry, named
    /// `bootstrap` whatever the target is called, so two function packages
    /// of one workspace need not both name a binary `bootstrap` (cargo warns
    /// of colliding outputs, and their release builds would overwrite each
    /// other in the shared asset target dir).
    pub bin: String,
    /// Where the zip, its cache record and `assets.json` go.
    pub out_dir: PathBuf,
    /// Cargo's target dir for asset builds; `None` means
    /// `<workspace_root>/target/assets`, apart from the dev build's.
    pub target_dir: Option<PathBuf>,
    /// The cargo to run; `None` means `$CARGO`, else `cargo` on the PATH.
    pub cargo: Option<PathBuf>,
    /// What the binary runs on; arm64 is cross-compiled (see `cross`).
    pub architecture: Architecture,
    /// Release for AWS, or a build sharing another binary's (`--local`).
    pub profile: BuildProfile,
}

impl CargoAssetRequest {
    /// Packages binary `bootstrap` of `package` into `out_dir`.
    pub fn new(
        workspace_root: impl Into<PathBuf>,
        package: impl Into<String>,
        out_dir: impl Into<PathBuf>,
    ) -> Self {
        Self {
            workspace_root: workspace_root.into(),
            package: package.into(),
            bin: DEFAULT_BIN.to_owned(),
            out_dir: out_dir.into(),
            target_dir: None,
            cargo: None,
            architecture: Architecture::X86_64,
            profile: BuildProfile::Release,
        }
    }

    pub fn with_bin(mut self, bin: impl Into<String>) -> Self {
        self.bin = bin.into();
        self
    }

    pub fn with_target_dir(mut self, target_dir: impl Into<PathBuf>) -> Self {
        self.target_dir = Some(target_dir.into());
        self
    }

    pub fn with_cargo(mut self, cargo: impl Into<PathBuf>) -> Self {
        self.cargo = Some(cargo.into());
        self
    }

    pub fn with_architecture(mut self, architecture: Architecture) -> Self {
        self.architecture = architecture;
        self
    }

    pub fn with_profile(mut self, profile: BuildProfile) -> Self {
        self.profile = profile;
        self
    }

    /// The asset's id in `assets.json` (and so its cache record's name): an
    /// arm64 build of a package is another asset than its x86_64 build, and
    /// a local deploy's build another than the release build (so switching
    /// between AWS and the local endpoint reuses both).
    pub fn id(&self) -> String {
        let mut id = match self.architecture {
            Architecture::X86_64 => format!("{}/{}", self.package, self.bin),
            other => format!("{}/{}/{}", self.package, self.bin, other.lambda_name()),
        };
        if let BuildProfile::Shared(shared) = &self.profile {
            id.push('+');
            id.push_str(&shared.profile);
        }
        id
    }

    /// The target dir cargo will use.
    pub fn effective_target_dir(&self) -> PathBuf {
        if let BuildProfile::Shared(shared) = &self.profile {
            return shared.target_dir.clone();
        }
        self.target_dir
            .clone()
            .unwrap_or_else(|| self.workspace_root.join("target").join("assets"))
    }

    /// Environment settings of the build: a release asset is stripped; a
    /// shared build keeps its profile as it is, or cargo would compile every
    /// dependency again for the changed profile.
    fn profile_env(&self) -> &'static [(&'static str, &'static str)] {
        match self.profile {
            BuildProfile::Release => &RELEASE_PROFILE_ENV,
            BuildProfile::Shared(_) => &[],
        }
    }

    fn unify_with(&self) -> &[String] {
        match &self.profile {
            BuildProfile::Release => &[],
            BuildProfile::Shared(shared) => &shared.unify_with,
        }
    }

    fn effective_cargo(&self) -> PathBuf {
        self.cargo
            .clone()
            .or_else(|| std::env::var_os("CARGO").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("cargo"))
    }
}

/// A packaged asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltAsset {
    pub id: String,
    /// Hex SHA-256 of the zip's bytes.
    pub sha256: String,
    pub zip_path: PathBuf,
    pub size: u64,
    /// Where the deploy step uploads it: `assets/<sha256>.zip`.
    pub s3_key: String,
    /// The hash of the inputs that produced it.
    pub fingerprint: String,
    /// True when the zip was reused without running cargo.
    pub from_cache: bool,
}

/// What a build reports as it goes, for a caller that shows progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildProgress<'a> {
    /// The inputs changed (or nothing was built yet): cargo starts.
    CargoStarted,
    /// One line cargo wrote to stderr (`Compiling ring v0.17.14`, ...).
    CargoLine(&'a str),
}

/// Builds (or reuses) the zip for `req` and lists it in `assets.json`.
pub fn build_cargo_asset(req: &CargoAssetRequest) -> Result<BuiltAsset, AssetError> {
    build_cargo_asset_showing(req, &|_| {})
}

/// [`build_cargo_asset`], telling `progress` when cargo runs and what it says.
pub fn build_cargo_asset_showing(
    req: &CargoAssetRequest,
    progress: &dyn Fn(BuildProgress),
) -> Result<BuiltAsset, AssetError> {
    let id = req.id();
    let format = CACHE_FORMAT.to_string();
    let recipe = recipe(req, &format);
    let env = env_inputs();
    let record_path = cache::record_path(&req.out_dir, &id);

    // The warm path: no input changed since the record's stamp was taken.
    let stamped = cache::lookup_stamped(
        &record_path,
        &req.out_dir,
        &stamp_key(&req.workspace_root, &recipe, &env),
    );
    let (record, from_cache) = match stamped {
        Some(record) => (record, true),
        None => {
            let inputs = || fingerprint_build(&req.workspace_root, &req.package, &recipe, &env);
            let current = inputs()?;
            fs::create_dir_all(&req.out_dir)
                .map_err(|source| AssetError::io("creating", &req.out_dir, source))?;
            let store = store::store_dir(&req.effective_target_dir());
            match cache::lookup(&record_path, &req.out_dir, &current.fingerprint) {
                Some(record) => (restamp(&record_path, record, current.stamp)?, true),
                None => match store::fetch(
                    &store,
                    &id,
                    &current.fingerprint,
                    &req.out_dir,
                    current.stamp.clone(),
                )? {
                    Some(record) => {
                        cache::store(&record_path, &record)?;
                        (record, true)
                    }
                    None => {
                        let record = build_and_zip(req, current, inputs, &record_path, progress)?;
                        // Only later output folders gain from the store: a
                        // zip that cannot be kept is built again there.
                        let _ = store::keep(&store, &id, &req.out_dir, &record);
                        (record, false)
                    }
                },
            }
        }
    };
    let fingerprint = record.fingerprint.clone();

    let asset = BuiltAsset {
        id: id.clone(),
        zip_path: req.out_dir.join(&record.file),
        size: record.size,
        s3_key: format!("assets/{}.zip", record.sha256),
        sha256: record.sha256,
        fingerprint,
        from_cache,
    };
    merge_into_manifest(
        &req.out_dir,
        AssetEntry {
            id,
            package: req.package.clone(),
            bin: req.bin.clone(),
            sha256: asset.sha256.clone(),
            file: record.file,
            s3_key: asset.s3_key.clone(),
            size: asset.size,
        },
    )?;
    Ok(asset)
}

/// The build settings the fingerprint covers besides the files.
pub(crate) fn recipe<'a>(req: &'a CargoAssetRequest, format: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut recipe = vec![
        ("format", format),
        ("package", req.package.as_str()),
        ("bin", req.bin.as_str()),
        ("architecture", req.architecture.lambda_name()),
        ("profile", req.profile.cargo_profile()),
    ];
    recipe.extend(req.unify_with().iter().map(|p| ("unify-with", p.as_str())));
    recipe.extend(req.profile_env().iter().copied());
    recipe
}

/// Keeps `record` (its fingerprint is current) with the stamp of the inputs
/// just read, so the next call can skip reading them.
fn restamp(
    record_path: &Path,
    mut record: CacheRecord,
    stamp: Option<crate::stamp::InputStamp>,
) -> Result<CacheRecord, AssetError> {
    if record.inputs != stamp {
        record.inputs = stamp;
        cache::store(record_path, &record)?;
    }
    Ok(record)
}

/// How many times a build is repeated while its inputs keep changing under it.
const MAX_BUILDS: usize = 3;

/// The cold path: cargo, zip, write zip and cache record.
///
/// The record must name the inputs the binary was really built from. Cargo
/// itself may write an input (a new or updated Cargo.lock), and a user may
/// save a file mid-build; so the inputs are hashed again after the build,
/// and cargo runs again until they hold still (a no-op build when only the
/// lock file changed).
fn build_and_zip(
    req: &CargoAssetRequest,
    mut current: Fingerprinted,
    inputs: impl Fn() -> Result<Fingerprinted, AssetError>,
    record_path: &Path,
    progress: &dyn Fn(BuildProgress),
) -> Result<CacheRecord, AssetError> {
    let cargo = req.effective_cargo();
    let target_dir = req.effective_target_dir();
    let cross_env = cross_env(req.architecture, &req.workspace_root, &target_dir)?;
    let build = CargoBuild {
        cargo: &cargo,
        workspace_root: &req.workspace_root,
        package: &req.package,
        bin: &req.bin,
        unify_with: req.unify_with(),
        target_dir: &target_dir,
        profile: req.profile.cargo_profile(),
        profile_env: req.profile_env(),
        target: req.architecture.cargo_target(),
        cross_env: &cross_env,
    };
    progress(BuildProgress::CargoStarted);
    let on_line = |line: &str| progress(BuildProgress::CargoLine(line));
    let lock = BuildLock::acquire(&target_dir, &on_line)?;
    let mut executable = build.run(&on_line)?;
    for _ in 1..MAX_BUILDS {
        // The stamp kept is this later one's: taken after the build, it
        // vouches for the inputs as the binary was built from them.
        let after = inputs()?;
        let unchanged = after.fingerprint == current.fingerprint;
        current = after;
        if unchanged {
            break;
        }
        executable = build.run(&on_line)?;
    }
    let binary =
        fs::read(&executable).map_err(|source| AssetError::io("reading", &executable, source))?;
    drop(lock);
    check_machine(&executable, &binary, req.architecture)?;
    let zip = single_file_zip(DEFAULT_BIN, &binary).map_err(|source| AssetError::Zip {
        path: executable.clone(),
        source,
    })?;
    let sha256 = hex(&Sha256::digest(&zip));
    let file = format!("asset.{sha256}.zip");
    let zip_path = req.out_dir.join(&file);
    cache::write_atomically(&zip_path, &zip)?;
    let written = fs::metadata(&zip_path)
        .map_err(|source| AssetError::io("inspecting", &zip_path, source))?;
    let record = CacheRecord {
        format: CACHE_FORMAT,
        fingerprint: current.fingerprint,
        sha256,
        file,
        size: zip.len() as u64,
        modified_ns: cache::modified_ns(&written).unwrap_or_default(),
        inputs: current.stamp,
    };
    cache::store(record_path, &record)?;
    Ok(record)
}
