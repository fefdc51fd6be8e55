//! Packages a cargo binary as a Lambda code asset: a reproducible zip named
//! by its SHA-256, listed in `assets.json`, rebuilt only when its inputs
//! change.
//!
//! ```no_run
//! use cicd_dsl_assets::{CargoAssetRequest, build_cargo_asset};
//! let asset = build_cargo_asset(&CargoAssetRequest::new(".", "tag-production-image", "cicd.out/assets"))?;
//! println!("{} -> s3://<bucket>/{}", asset.zip_path.display(), asset.s3_key);
//! # Ok::<(), cicd_dsl_assets::AssetError>(())
//! ```

mod asset;
mod build_lock;
mod cache;
mod cargo_build;
mod cargo_env;
mod cross;
mod elf;
mod error;
mod fingerprint;
mod lockfile;
mod manifest;
mod package;
mod profile;
mod sources;
mod stamp;
mod store;
#[cfg(test)]
mod test_workspace;
#[cfg(test)]
mod warm_path_tests;
mod zip;

pub use asset::{
    BuildProgress, BuiltAsset, CargoAssetRequest, DEFAULT_BIN, build_cargo_asset,
    build_cargo_asset_showing,
};
pub use cargo_env::without_running_package_env;
pub use cross::{Architecture, ZIG_PYTHON_ENV, cross_env};
pub use elf::elf_machine;
pub use error::AssetError;
pub use manifest::{AssetEntry, AssetManifest, MANIFEST_FILE, read_manifest};
pub use package::find_package_dir;
pub use profile::{BuildProfile, SharedBuild, locked_packages};
pub use sources::source_files;
pub use zip::{ZipError, single_file_zip};
