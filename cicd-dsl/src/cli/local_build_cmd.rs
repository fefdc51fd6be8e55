//! `local complete-build`: the local endpoint runs no Docker, so a pipeline
//! execution waits at its CodeBuild action until someone stands in for the
//! build. This pushes what the project's buildspec pushes (an image
//! manifest, tagged with the source version and `latest`, to the
//! repository in the project's `REPOSITORY_URI`) through ECR's PutImage,
//! then reports the build's end through the endpoint's builds route, and
//! the execution moves on to its Deploy stage.

use std::process::ExitCode;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::aws_args::{AwsFlags, CompleteBuildArgs};
use super::aws_settings::{connect, print_json, reporter};
use super::local_cmd::running_endpoint_url;
use super::local_routes::call;
use super::{CliError, OutputFormat, Settings};
use cicd_dsl_deploy::{PushedImage, build_manifest, push_image_manifest, source_tag};

const BUILDS: &str = "/moto-api/cicd/codebuild/builds";

/// A build a pipeline started, as the endpoint's builds route lists it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct WaitingBuild {
    build_id: String,
    project_name: String,
    pipeline_name: String,
    pipeline_execution_id: String,
    source_version: Option<String>,
    #[serde(default)]
    environment_variables: Vec<Variable>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
struct Variable {
    name: String,
    value: String,
}

pub fn run(args: &CompleteBuildArgs, settings: &Settings) -> Result<ExitCode, CliError> {
    let url = running_endpoint_url().ok_or_else(|| {
        CliError::Local(
            "local complete-build: no local AWS endpoint is running; `deploy --local` starts it and `push-source --local` starts the pipeline".to_owned(),
        )
    })?;
    let listed = call(&url, "GET", &format!("{BUILDS}?status=IN_PROGRESS"), None)?;
    let waiting: Vec<WaitingBuild> =
        serde_json::from_value(listed["builds"].clone()).map_err(|e| {
            CliError::Local(format!(
                "local AWS endpoint {url}: unexpected builds list: {e}"
            ))
        })?;
    let build = choose(waiting, args.build.as_deref())?;
    let pushed = if args.fail.is_some() || args.no_image {
        None
    } else {
        Some(push(args, settings, &build)?)
    };
    let status = if args.fail.is_some() {
        "FAILED"
    } else {
        "SUCCEEDED"
    };
    let body = json!({"buildId": build.build_id, "status": status, "message": args.fail});
    call(&url, "POST", &format!("{BUILDS}/complete"), Some(&body))?;
    match settings.output {
        OutputFormat::Json => print_json(&json!({
            "command": "local",
            "action": "complete-build",
            "build": build,
            "status": status,
            "image": pushed,
        })),
        OutputFormat::Human => {
            if let Some(image) = &pushed {
                println!(
                    "pushed {}@{} tagged {}",
                    image.repository,
                    image.digest,
                    image.tags.join(", ")
                );
            }
            println!(
                "build {} {status}: pipeline {} execution {} {}",
                build.build_id,
                build.pipeline_name,
                build.pipeline_execution_id,
                if pushed.is_some() {
                    "moves on"
                } else {
                    "fails"
                }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The build `--build` names, or the only one waiting.
fn choose(waiting: Vec<WaitingBuild>, wanted: Option<&str>) -> Result<WaitingBuild, CliError> {
    let ids = |builds: &[WaitingBuild]| {
        builds
            .iter()
            .map(|b| b.build_id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(wanted) = wanted {
        let listed = ids(&waiting);
        return waiting
            .into_iter()
            .find(|b| b.build_id == wanted)
            .ok_or_else(|| {
                CliError::Local(format!(
                    "local complete-build: no build {wanted} is waiting (waiting: {})",
                    if listed.is_empty() { "none" } else { &listed }
                ))
            });
    }
    match waiting.len() {
        0 => Err(CliError::Local(
            "local complete-build: no pipeline build is waiting; `push-source --local DIR` starts the pipeline".to_owned(),
        )),
        1 => Ok(waiting.into_iter().next().expect("one build")),
        _ => Err(CliError::Local(format!(
            "local complete-build: several builds are waiting; pass --build with one of: {}",
            ids(&waiting)
        ))),
    }
}

/// Pushes the image the build would have pushed.
fn push(
    args: &CompleteBuildArgs,
    settings: &Settings,
    build: &WaitingBuild,
) -> Result<PushedImage, CliError> {
    let uri = build
        .environment_variables
        .iter()
        .find(|v| v.name == "REPOSITORY_URI")
        .map(|v| v.value.clone())
        .ok_or_else(|| {
            CliError::Local(format!(
                "local complete-build: project {} has no REPOSITORY_URI variable, so there is no repository to push to; pass --fail MESSAGE to end the build without an image",
                build.project_name
            ))
        })?;
    let repository = uri
        .split_once('/')
        .map(|(_, name)| name)
        .unwrap_or(&uri)
        .to_owned();
    let manifest = match &args.manifest {
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            CliError::Local(format!(
                "local complete-build: cannot read {}: {e}",
                path.display()
            ))
        })?,
        None => build_manifest(&build.build_id, build.source_version.as_deref()),
    };
    let tags = vec![
        source_tag(build.source_version.as_deref(), &build.build_id),
        "latest".to_owned(),
    ];
    let flags = AwsFlags {
        local: true,
        ..AwsFlags::default()
    };
    let session = connect(settings, &flags, &reporter(&flags))?;
    Ok(session.runtime.block_on(push_image_manifest(
        &session.clients,
        &repository,
        &manifest,
        &tags,
    ))?)
}
