//! One CodePipeline job: do the work, then always report how it went.

use aws_sdk_codepipeline::error::DisplayErrorContext;

use crate::promote::{PromoteError, Promotion, TagChange, promote_newest_image};
use crate::report::{ReportCallError, report_failure, report_success};

/// How the job ended; this is what was (or was to be) reported to CodePipeline.
#[derive(Debug)]
pub enum JobOutcome {
    Succeeded(Promotion),
    Failed(JobFailure),
}

/// Why a job failed.
#[derive(Debug, thiserror::Error)]
pub enum JobFailure {
    #[error(
        "the function's REPOSITORY_NAME environment variable is not set, so it does not know which ECR repository to tag"
    )]
    RepositoryNotConfigured,
    #[error(transparent)]
    Promote(#[from] PromoteError),
}

impl JobFailure {
    /// The whole cause chain on one line: what CodePipeline shows the user.
    pub fn message(&self) -> String {
        DisplayErrorContext(self).to_string()
    }
}

/// The outcome could not be reported, so the pipeline action will wait for
/// its timeout unless the invocation is retried.
#[derive(Debug, thiserror::Error)]
#[error("reporting the result of CodePipeline job {job_id} ({}) failed", verdict(.outcome))]
pub struct ReportError {
    pub job_id: String,
    pub outcome: JobOutcome,
    #[source]
    pub source: Box<ReportCallError>,
}

fn verdict(outcome: &JobOutcome) -> &'static str {
    match outcome {
        JobOutcome::Succeeded(_) => "success",
        JobOutcome::Failed(_) => "failure",
    }
}

/// Tags the newest image of `repository` as `production` and reports the
/// result of job `job_id`. `repository` is `None` when the function was
/// deployed without one; that is reported as the job's failure.
pub async fn run_job(
    ecr: &aws_sdk_ecr::Client,
    pipeline: &aws_sdk_codepipeline::Client,
    repository: Option<&str>,
    job_id: &str,
) -> Result<JobOutcome, ReportError> {
    let outcome = match repository {
        None => JobOutcome::Failed(JobFailure::RepositoryNotConfigured),
        Some(repository) => match promote_newest_image(ecr, repository).await {
            Ok(promotion) => JobOutcome::Succeeded(promotion),
            Err(e) => JobOutcome::Failed(e.into()),
        },
    };
    let reported = match &outcome {
        JobOutcome::Succeeded(promotion) => {
            report_success(pipeline, job_id, &summary(promotion), &promotion.digest).await
        }
        JobOutcome::Failed(failure) => report_failure(pipeline, job_id, &failure.message()).await,
    };
    match reported {
        Ok(()) => Ok(outcome),
        Err(source) => Err(ReportError {
            job_id: job_id.to_owned(),
            outcome,
            source: Box::new(source),
        }),
    }
}

/// The success summary shown in the pipeline console.
pub fn summary(promotion: &Promotion) -> String {
    let what = match promotion.change {
        TagChange::Moved => "tagged",
        TagChange::AlreadyTagged => "already tagged",
    };
    format!(
        "{}@{} {what} `{}`",
        promotion.repository, promotion.digest, promotion.tag
    )
}
