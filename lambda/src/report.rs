//! Tells CodePipeline how the job ended. Without one of these calls the
//! Deploy action waits until its timeout.

use aws_sdk_codepipeline::Client;
use aws_sdk_codepipeline::config::http::HttpResponse;
use aws_sdk_codepipeline::error::SdkError;
use aws_sdk_codepipeline::types::{ExecutionDetails, FailureDetails, FailureType};

/// CodePipeline rejects longer failure messages and summaries.
const MAX_MESSAGE_CHARS: usize = 5000;
const MAX_SUMMARY_CHARS: usize = 2048;

/// A PutJob*Result call that failed, with the HTTP status when there was a
/// response (a status says more than an unparseable error body does).
#[derive(Debug, thiserror::Error)]
#[error("CodePipeline answered {}", describe_status(*.http_status))]
pub struct ReportCallError {
    pub http_status: Option<u16>,
    #[source]
    pub source: aws_sdk_codepipeline::Error,
}

fn describe_status(status: Option<u16>) -> String {
    status.map_or_else(
        || "nothing (no HTTP response)".to_owned(),
        |s| format!("HTTP {s}"),
    )
}

impl<E, R> From<SdkError<E, R>> for ReportCallError
where
    R: HttpStatus,
    aws_sdk_codepipeline::Error: From<SdkError<E, R>>,
{
    fn from(err: SdkError<E, R>) -> Self {
        ReportCallError {
            http_status: err.raw_response().map(HttpStatus::status_code),
            source: err.into(),
        }
    }
}

/// The status code of a raw response, whatever the response type.
pub trait HttpStatus {
    fn status_code(&self) -> u16;
}

impl HttpStatus for HttpResponse {
    fn status_code(&self) -> u16 {
        self.status().as_u16()
    }
}

/// Reports success, with a summary and the image digest as the external id
/// so the pipeline's console shows what was deployed.
pub async fn report_success(
    pipeline: &Client,
    job_id: &str,
    summary: &str,
    external_execution_id: &str,
) -> Result<(), ReportCallError> {
    pipeline
        .put_job_success_result()
        .job_id(job_id)
        .execution_details(
            ExecutionDetails::builder()
                .summary(truncate(summary, MAX_SUMMARY_CHARS))
                .external_execution_id(external_execution_id)
                .percent_complete(100)
                .build(),
        )
        .send()
        .await?;
    Ok(())
}

/// Reports a failure of type `JobFailed` with `message`.
pub async fn report_failure(
    pipeline: &Client,
    job_id: &str,
    message: &str,
) -> Result<(), ReportCallError> {
    let details = FailureDetails::builder()
        .r#type(FailureType::JobFailed)
        .message(truncate(message, MAX_MESSAGE_CHARS))
        .build()
        .expect("type and message are both set");
    pipeline
        .put_job_failure_result()
        .job_id(job_id)
        .failure_details(details)
        .send()
        .await?;
    Ok(())
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => text[..cut].to_owned(),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::truncate;

    #[test]
    fn truncates_on_a_character_boundary() {
        assert_eq!(truncate("héllo", 2), "hé");
        assert_eq!(truncate("short", 5000), "short");
    }
}
