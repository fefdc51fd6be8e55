//! `push-source DIR`: zip a directory and upload it as the object the
//! pipeline's S3 source action watches; the upload starts the pipeline.

use super::aws_settings::{AwsFlags, connect, print_json, stack_name};
use super::source_zip::zip_directory;
use super::{CliError, OutputFormat, Settings};
use crate::{PipelineAction, ResourceKind, StackDef};
use cicd_dsl_deploy::{FollowOutcome, SourceUpload, follow_execution, push_source};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// Pause between looks at a followed execution.
const FOLLOW_POLL: Duration = Duration::from_secs(1);

/// An S3 source action of the stack: which bucket and key start which pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Source {
    pub pipeline: String,
    pub bucket: String,
    pub key: String,
}

/// Every S3 source action in the stack model, by logical ids.
pub fn s3_sources(stack: &StackDef) -> Vec<S3Source> {
    let mut found = Vec::new();
    for resource in &stack.resources {
        let ResourceKind::Pipeline(pipeline) = &resource.kind else {
            continue;
        };
        for action in pipeline.stages.iter().flat_map(|s| &s.actions) {
            if let PipelineAction::S3Source { bucket, key } = action {
                found.push(S3Source {
                    pipeline: resource.id.clone(),
                    bucket: bucket.clone(),
                    key: key.clone(),
                });
            }
        }
    }
    found
}

/// The source to upload to: the only one, or the one of `--pipeline`.
fn choose(stack: &StackDef, pipeline: Option<&str>) -> Result<S3Source, CliError> {
    let sources = s3_sources(stack);
    let names = || {
        sources
            .iter()
            .map(|s| s.pipeline.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match pipeline {
        Some(wanted) => sources
            .iter()
            .find(|s| s.pipeline == wanted)
            .cloned()
            .ok_or_else(|| {
                CliError::Source(format!(
                    "no pipeline `{wanted}` with an S3 source in this stack; choose one of: {}",
                    names()
                ))
            }),
        None => match sources.as_slice() {
            [only] => Ok(only.clone()),
            [] => Err(CliError::Source(
                "this stack has no pipeline with an S3 source action, so there is nothing to push to"
                    .to_owned(),
            )),
            _ => Err(CliError::Source(format!(
                "this stack has several S3 sources; pass --pipeline with one of: {}",
                names()
            ))),
        },
    }
}

pub fn run(
    stack: &StackDef,
    settings: &Settings,
    flags: &AwsFlags,
    dir: &Path,
    pipeline: Option<&str>,
    wait_seconds: u64,
    follow: bool,
) -> Result<ExitCode, CliError> {
    let reporter = super::aws_settings::reporter(flags);
    let source = choose(stack, pipeline)?;
    let zipped = zip_directory(dir).map_err(|e| CliError::Source(e.to_string()))?;
    let upload = SourceUpload {
        stack_name: stack_name(stack, settings)?,
        bucket_logical_id: source.bucket.clone(),
        key: source.key.clone(),
        pipeline_logical_id: Some(source.pipeline.clone()),
        zip: zipped.bytes,
        wait_for_execution: Duration::from_secs(wait_seconds),
    };
    let session = connect(settings, flags, &reporter)?;
    let outcome = session
        .runtime
        .block_on(push_source(&session.clients, &upload, &reporter))?;
    let followed = match (follow, &outcome.pipeline, &outcome.execution_id) {
        (false, _, _) => None,
        (true, Some(name), Some(id)) => Some(session.runtime.block_on(follow_execution(
            &session.clients,
            name,
            id,
            FOLLOW_POLL,
            &reporter,
        ))?),
        (true, _, _) => {
            return Err(CliError::Source(format!(
                "uploaded s3://{}/{}, but no pipeline execution was seen within {wait_seconds} s, so there is nothing to follow{}",
                outcome.bucket,
                outcome.key,
                outcome
                    .execution_lookup_error
                    .as_deref()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default()
            )));
        }
    };
    match settings.output {
        OutputFormat::Json => print_json(&session.json_report(
            "push-source",
            &outcome,
            vec![
                ("files", zipped.files.into()),
                (
                    "follow",
                    serde_json::to_value(&followed).unwrap_or_default(),
                ),
            ],
        )),
        OutputFormat::Human => {
            println!(
                "uploaded s3://{}/{}: {} files, {} bytes, version {}",
                outcome.bucket,
                outcome.key,
                zipped.files,
                outcome.size,
                outcome.version_id.as_deref().unwrap_or("(unversioned)")
            );
            match (&outcome.pipeline, &outcome.execution_id) {
                (Some(name), Some(id)) => println!("pipeline {name}: execution {id}"),
                (Some(name), None) => println!("pipeline {name}: no execution seen yet"),
                _ => {}
            }
            if let Some(followed) = &followed {
                print_followed(followed);
            }
        }
    }
    Ok(match followed {
        Some(followed) if !followed.succeeded() => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    })
}

/// The end of a followed execution: the status on stdout, the reason it
/// did not succeed as one error line on stderr.
fn print_followed(followed: &FollowOutcome) {
    println!(
        "pipeline {}: execution {} {}",
        followed.pipeline, followed.execution_id, followed.status
    );
    if let Some(reason) = &followed.reason {
        eprintln!(
            "error: pipeline {} {}: {reason}",
            followed.pipeline, followed.status
        );
    }
}
