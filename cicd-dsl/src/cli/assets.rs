//! Builds the stack's code assets before synth, so the template can name
//! each by content hash.

use super::CliError;
use super::asset_progress::AssetProgress;
use super::workspace::workspace_root;
use crate::{Architecture, Code, ResourceKind, StackDef};
use cicd_dsl_assets::{BuiltAsset, CargoAssetRequest, build_cargo_asset_showing};
use std::collections::BTreeMap;
use std::path::Path;

/// Builds (or reuses) every cargo asset; returns them by
/// [`crate::Function::asset_name`].
pub fn build_all(
    stack: &StackDef,
    out_dir: &Path,
) -> Result<BTreeMap<String, BuiltAsset>, CliError> {
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
        let request = CargoAssetRequest::new(root, package, out_dir)
            .with_bin(bin)
            .with_architecture(match function.architecture {
                Architecture::X86_64 => cicd_dsl_assets::Architecture::X86_64,
                Architecture::Arm64 => cicd_dsl_assets::Architecture::Arm64,
            });
        let progress = AssetProgress::new(&resource.id, package);
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
