//! `push-source`: upload a source zip as the object a pipeline's S3 source
//! action watches, and find the execution that upload started.

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::aws::AwsClients;
use crate::call_counter::ApiCallCounts;
use crate::error::{DeployError, aws_error, service_code};
use crate::reporter::Reporter;
use crate::s3_object::sha256_hex;

/// Pause between looks for the execution an upload started.
const EXECUTION_POLL: Duration = Duration::from_millis(1000);

/// What to upload and where, by the stack's logical ids.
#[derive(Debug, Clone)]
pub struct SourceUpload {
    pub stack_name: String,
    /// Logical id of the bucket the source action reads.
    pub bucket_logical_id: String,
    /// The source action's `S3ObjectKey`.
    pub key: String,
    /// Logical id of the pipeline, to report the execution; `None` skips that.
    pub pipeline_logical_id: Option<String>,
    pub zip: Vec<u8>,
    /// How long to look for the execution the upload starts (EventBridge
    /// starts it within seconds on AWS); zero looks once.
    pub wait_for_execution: Duration,
}

#[derive(Debug, Clone, Serialize)]
pub struct PushSourceOutcome {
    pub bucket: String,
    pub key: String,
    pub size: u64,
    pub sha256: String,
    /// The object version the upload created (the bucket is versioned).
    pub version_id: Option<String>,
    /// Physical name of the pipeline.
    pub pipeline: Option<String>,
    /// The execution the upload started, when one was seen in time.
    pub execution_id: Option<String>,
    /// Why the executions could not be listed, when they could not.
    pub execution_lookup_error: Option<String>,
    pub api_calls: ApiCallCounts,
}

/// Uploads `upload.zip` and reports the pipeline execution it started.
pub async fn push_source(
    clients: &AwsClients,
    upload: &SourceUpload,
    reporter: &Reporter,
) -> Result<PushSourceOutcome, DeployError> {
    let calls_before = clients.api_calls();
    let physical = stack_resources(clients, &upload.stack_name).await?;
    let bucket = physical_id(&physical, upload, &upload.bucket_logical_id)?;
    let pipeline = match &upload.pipeline_logical_id {
        Some(id) => Some(physical_id(&physical, upload, id)?),
        None => None,
    };

    // Executions that exist before the upload cannot be the one it starts.
    // Seeing the execution is a courtesy: if the executions cannot be
    // listed (no permission, an endpoint that answers in a shape the SDK
    // rejects), the upload still happens and the reason is reported.
    let mut lookup_error = None;
    let before: HashSet<String> = match &pipeline {
        Some(name) => match execution_ids(clients, name).await {
            Ok(found) => found.into_iter().map(|e| e.id).collect(),
            Err(err) => {
                lookup_error = Some(err.to_string());
                HashSet::new()
            }
        },
        None => HashSet::new(),
    };

    let sha256 = sha256_hex(&upload.zip);
    let size = upload.zip.len() as u64;
    let put = clients
        .s3
        .put_object()
        .bucket(&bucket)
        .key(&upload.key)
        .content_type("application/zip")
        .body(upload.zip.clone().into())
        .send()
        .await
        .map_err(|err| aws_error("S3 PutObject", err))?;
    let version_id = put.version_id().map(str::to_owned);

    let execution_id = match &pipeline {
        Some(name) => {
            started_execution(
                clients,
                name,
                &before,
                &mut lookup_error,
                version_id.as_deref(),
                upload.wait_for_execution,
                reporter,
            )
            .await
        }
        None => None,
    };
    Ok(PushSourceOutcome {
        bucket,
        key: upload.key.clone(),
        size,
        sha256,
        version_id,
        pipeline,
        execution_id,
        execution_lookup_error: lookup_error,
        api_calls: clients.api_calls().since(&calls_before),
    })
}

/// The execution of `pipeline` the upload started, told to the user. A
/// lookup that fails is reported (and recorded in `lookup_error`), not an
/// error: the upload already happened.
async fn started_execution(
    clients: &AwsClients,
    pipeline: &str,
    before: &HashSet<String>,
    lookup_error: &mut Option<String>,
    version_id: Option<&str>,
    wait: Duration,
    reporter: &Reporter,
) -> Option<String> {
    if let Some(reason) = lookup_error {
        reporter.say(&format!("cannot see the pipeline's executions: {reason}"));
        return None;
    }
    match wait_for_execution(clients, pipeline, before, version_id, wait).await {
        // The execution id is the result, the caller's to print.
        Ok(Some(id)) => Some(id),
        Ok(None) => {
            reporter.say(&format!(
                "no new execution of {pipeline} seen within {} s; it may still start (check with `aws codepipeline list-pipeline-executions --pipeline-name {pipeline}`)",
                wait.as_secs()
            ));
            None
        }
        Err(err) => {
            reporter.say(&format!("cannot see the pipeline's executions: {err}"));
            *lookup_error = Some(err.to_string());
            None
        }
    }
}

/// Logical id -> physical id of every resource in the stack.
async fn stack_resources(
    clients: &AwsClients,
    stack: &str,
) -> Result<BTreeMap<String, String>, DeployError> {
    let answer = match clients
        .cloudformation
        .describe_stack_resources()
        .stack_name(stack)
        .send()
        .await
    {
        Ok(answer) => answer,
        // CloudFormation's code for a stack it does not know (see
        // `stack_state::describe_stack`).
        Err(err) if service_code(&err) == Some("ValidationError") => {
            return Err(DeployError::NotDeployed {
                stack: stack.to_owned(),
            });
        }
        Err(err) => return Err(aws_error("DescribeStackResources", err)),
    };
    Ok(answer
        .stack_resources()
        .iter()
        .filter_map(|r| {
            Some((
                r.logical_resource_id()?.to_owned(),
                r.physical_resource_id()?.to_owned(),
            ))
        })
        .collect())
}

fn physical_id(
    physical: &BTreeMap<String, String>,
    upload: &SourceUpload,
    logical_id: &str,
) -> Result<String, DeployError> {
    physical
        .get(logical_id)
        .cloned()
        .ok_or_else(|| DeployError::MissingResource {
            stack: upload.stack_name.clone(),
            logical_id: logical_id.to_owned(),
        })
}

struct ExecutionSeen {
    id: String,
    source_revisions: Vec<String>,
}

/// The most recent executions of `pipeline` (one page: the newest first).
async fn execution_ids(
    clients: &AwsClients,
    pipeline: &str,
) -> Result<Vec<ExecutionSeen>, DeployError> {
    let answer = clients
        .codepipeline
        .list_pipeline_executions()
        .pipeline_name(pipeline)
        .send()
        .await
        .map_err(|err| aws_error("CodePipeline ListPipelineExecutions", err))?;
    Ok(answer
        .pipeline_execution_summaries()
        .iter()
        .filter_map(|summary| {
            Some(ExecutionSeen {
                id: summary.pipeline_execution_id()?.to_owned(),
                source_revisions: summary
                    .source_revisions()
                    .iter()
                    .filter_map(|r| r.revision_id().map(str::to_owned))
                    .collect(),
            })
        })
        .collect())
}

/// A new execution; one whose source revision is the uploaded version wins
/// (AWS records the S3 version id there), else the newest new one.
async fn wait_for_execution(
    clients: &AwsClients,
    pipeline: &str,
    before: &HashSet<String>,
    version_id: Option<&str>,
    wait: Duration,
) -> Result<Option<String>, DeployError> {
    let started = Instant::now();
    loop {
        let fresh: Vec<ExecutionSeen> = execution_ids(clients, pipeline)
            .await?
            .into_iter()
            .filter(|e| !before.contains(&e.id))
            .collect();
        let exact = fresh
            .iter()
            .find(|e| version_id.is_some_and(|v| e.source_revisions.iter().any(|r| r == v)));
        if let Some(found) = exact.or(fresh.first()) {
            return Ok(Some(found.id.clone()));
        }
        if started.elapsed() + EXECUTION_POLL > wait {
            return Ok(None);
        }
        tokio::time::sleep(EXECUTION_POLL).await;
    }
}
