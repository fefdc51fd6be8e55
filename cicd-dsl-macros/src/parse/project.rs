//! `#[codebuild_project(...)]`.

use super::keys::{ItemAttr, KeySpec};
use super::values;
use cicd_dsl_core::{ComputeType, Project, ResourceKind};
use std::collections::BTreeMap;
use std::path::Path;

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
    item: &mut ItemAttr,
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
    let (cx, id) = (item.cx, item.id);
    let keys = item.recorded_keys(&KeySpec::new("codebuild_project", &KEYS), |key| {
        match key.name {
            "name" => project.name = Some(key.string()?),
            "compute" => {
                let options: Vec<(&str, ComputeType)> =
                    ComputeType::ALL.iter().map(|c| (c.ident(), *c)).collect();
                project.compute = key.choice("a CodeBuild compute type", &options)?;
            }
            "image" => project.image = key.string()?,
            "privileged" => project.privileged = key.flag()?,
            "role" => role = Some(key.item()?),
            "logs" => project.logs = Some(key.item()?),
            "pushes_to" => project.pushes_to = Some(key.item()?),
            "buildspec" => {
                let path = values::string(key.meta)?;
                key.spans.field(id, key.name, path.span);
                buildspec = Some(path);
            }
            "timeout_minutes" => project.timeout_minutes = key.number()?,
            "environment" => {
                project.environment = values::environment(cx, key.meta, id, key.spans)?
            }
            _ => unreachable!(),
        }
        Ok(())
    });
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
