//! `#[codebuild_project(...)]`.

use super::common::Common;
use super::keys::{KeySpec, parse_keys};
use super::{Spans, values};
use crate::ctxt::Ctxt;
use cicd_dsl_core::{ComputeType, Project, ResourceKind};
use std::collections::BTreeMap;
use std::path::Path;
use syn::Attribute;
use syn::spanned::Spanned;

const KEYS: [&str; 10] = [
    "name",
    "compute",
    "image",
    "privileged",
    "role",
    "logs",
    "pushes_to",
    "buildspec",
    "timeout_minutes",
    "environment",
];

/// The curated image with Docker that CodeBuild keeps current.
const DEFAULT_IMAGE: &str = "aws/codebuild/standard:7.0";

pub fn project(
    cx: &Ctxt,
    id: &str,
    attr: &Attribute,
    common: &mut Common,
    spans: &mut Spans,
    crate_dir: &Path,
    tracked_files: &mut Vec<String>,
) -> Option<ResourceKind> {
    let mut role = None;
    let mut buildspec = None;
    let mut project = Project {
        name: None,
        compute: ComputeType::Small,
        image: DEFAULT_IMAGE.to_owned(),
        privileged: false,
        role: String::new(),
        logs: None,
        pushes_to: None,
        buildspec: String::new(),
        timeout_minutes: 60,
        environment: BTreeMap::new(),
    };
    let keys = parse_keys(
        cx,
        id,
        attr,
        &KeySpec::new("codebuild_project", &KEYS),
        Some(common),
        spans,
        |key, meta, spans| {
            spans.field(id, key, meta.path.span());
            match key {
                "name" => project.name = Some(values::string_at(meta, id, key, spans)?),
                "compute" => {
                    let options: Vec<(&str, ComputeType)> =
                        ComputeType::ALL.iter().map(|c| (c.ident(), *c)).collect();
                    project.compute = values::choice_at(
                        meta,
                        id,
                        key,
                        spans,
                        "a CodeBuild compute type",
                        &options,
                    )?;
                }
                "image" => project.image = values::string_at(meta, id, key, spans)?,
                "privileged" => project.privileged = values::flag(meta)?,
                "role" => role = Some(values::item(meta, id, key, spans)?),
                "logs" => project.logs = Some(values::item(meta, id, key, spans)?),
                "pushes_to" => project.pushes_to = Some(values::item(meta, id, key, spans)?),
                "buildspec" => {
                    let path = values::string(meta)?;
                    spans.field(id, key, path.span);
                    buildspec = Some(path);
                }
                "timeout_minutes" => {
                    project.timeout_minutes = values::number_at(meta, id, key, spans)?
                }
                "environment" => project.environment = values::environment(cx, meta, id, spans)?,
                _ => unreachable!(),
            }
            Ok(())
        },
    );
    let role = keys.require(
        cx,
        role,
        format!("CodeBuild project `{id}` has no role"),
        "add `role = SomeRole`, a `#[role(assumed_by = CodeBuild)]` item",
    );
    let path = keys.require(
        cx,
        buildspec,
        format!("CodeBuild project `{id}` has no buildspec"),
        "add `buildspec = \"buildspec.yml\"`, a file next to the crate's Cargo.toml",
    );
    let (role, path) = role.zip(path)?;
    project.role = role;
    match read_crate_file(crate_dir, &path.value) {
        Ok((text, full)) => {
            project.buildspec = text;
            tracked_files.push(full);
        }
        Err(reason) => {
            cx.error_help(
                path.span,
                format!("cannot read buildspec `{}`: {reason}", path.value),
                Some("the path is relative to the directory of the crate's Cargo.toml"),
            );
            return None;
        }
    }
    Some(ResourceKind::Project(project))
}

/// Reads a file relative to the crate being compiled.
fn read_crate_file(crate_dir: &Path, path: &str) -> Result<(String, String), String> {
    let full = crate_dir.join(path);
    let text = std::fs::read_to_string(&full).map_err(|e| e.to_string())?;
    Ok((text, full.to_string_lossy().into_owned()))
}
