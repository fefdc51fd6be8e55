//! One invocation: from the raw payload to the JSON the function returns.
//! Kept apart from `main.rs` so it can be driven without the Lambda runtime.

use serde_json::{Value, json};

use crate::event::{EventError, job_id};
use crate::job::{JobOutcome, ReportError, run_job};
use crate::promote::TagChange;

/// The function's clients and configuration, built once per execution
/// environment and shared by its invocations.
pub struct TagProductionFunction {
    ecr: aws_sdk_ecr::Client,
    pipeline: aws_sdk_codepipeline::Client,
    repository: Option<String>,
}

/// Why an invocation returns an error to Lambda instead of a result.
#[derive(Debug, thiserror::Error)]
pub enum InvocationError {
    #[error(transparent)]
    Event(#[from] EventError),
    #[error(transparent)]
    Report(Box<ReportError>),
}

impl InvocationError {
    /// A stable name for Lambda's `errorType`.
    pub fn kind(&self) -> &'static str {
        match self {
            InvocationError::Event(_) => "InvalidEvent",
            InvocationError::Report(_) => "JobResultNotReported",
        }
    }
}

impl TagProductionFunction {
    /// `repository` is the value of `REPOSITORY_NAME`; an empty name counts as unset.
    pub fn new(
        ecr: aws_sdk_ecr::Client,
        pipeline: aws_sdk_codepipeline::Client,
        repository: Option<String>,
    ) -> Self {
        let repository = repository.filter(|r| !r.trim().is_empty());
        Self {
            ecr,
            pipeline,
            repository,
        }
    }

    /// Handles one CodePipeline job event. A job whose work failed but whose
    /// failure was reported is a successful invocation: CodePipeline already
    /// knows, and an error here would only make Lambda retry an async
    /// invocation and report the same failure again.
    pub async fn handle(&self, payload: &Value) -> Result<Value, InvocationError> {
        let job_id = job_id(payload)?;
        let repository = self.repository.as_deref();
        let outcome = run_job(&self.ecr, &self.pipeline, repository, job_id)
            .await
            .inspect_err(|e| {
                tracing::error!(job_id, error = %aws_sdk_ecr::error::DisplayErrorContext(e), "job result not reported")
            })
            .map_err(|e| InvocationError::Report(Box::new(e)))?;
        Ok(match outcome {
            JobOutcome::Succeeded(promotion) => {
                tracing::info!(job_id, repository = %promotion.repository, digest = %promotion.digest, change = ?promotion.change, "job succeeded");
                json!({
                    "jobId": job_id,
                    "status": "Succeeded",
                    "repository": promotion.repository,
                    "imageDigest": promotion.digest,
                    "tag": promotion.tag,
                    "tagMoved": promotion.change == TagChange::Moved,
                })
            }
            JobOutcome::Failed(failure) => {
                let message = failure.message();
                tracing::warn!(job_id, %message, "job failed");
                json!({"jobId": job_id, "status": "Failed", "message": message})
            }
        })
    }
}
