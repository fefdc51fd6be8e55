//! Builds the stack's code assets before synth, so the template can name
//! each by content hash.

use super::CliError;
use super::workspace::workspace_root;
use crate::{Code, ResourceKind, StackDef};
use cicd_dsl_assets::{BuiltAsset, CargoAssetRequest, build_cargo_asset};
use std::collections::BTreeMap;
use std::path::Path;

/// Builds (or reuses) every cargo asset; returns them by package name.
pub fn build_all(
    stack: &StackDef,
    out_dir: &Path,
) -> Result<BTreeMap<String, BuiltAsset>, CliError> {
    let mut built = BTreeMap::new();
    for resource in &stack.resources {
        let ResourceKind::Function(function) = &resource.kind else {
            continue;
        };
        let Code::Cargo { package, bin } = &function.code else {
            continue;
        };
        if built.contains_key(package) {
            continue;
        }
        let root = workspace_root()?;
        let request = CargoAssetRequest::new(root, package, out_dir).with_bin(bin);
        let asset = build_cargo_asset(&request).map_err(|source| CliError::Asset {
            function: resource.id.clone(),
            source: Box::new(source),
        })?;
        built.insert(package.clone(), asset);
    }
    Ok(built)
}
