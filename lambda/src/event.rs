//! The part of a CodePipeline job event this function needs: the job id.
//!
//! The event also carries `artifactCredentials` (temporary AWS keys), so
//! nothing here keeps, prints or logs the event itself; only the id leaves
//! this module.

use serde_json::Value;

/// Why an invocation event cannot be handled as a CodePipeline job.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EventError {
    #[error(
        "the event has no `CodePipeline.job` object; this function must be invoked by a CodePipeline Invoke action"
    )]
    NotACodePipelineJob,
    #[error(
        "the event's `CodePipeline.job` has no string `id`; there is no job to report a result to"
    )]
    MissingJobId,
    #[error("the event's `CodePipeline.job.id` is empty; there is no job to report a result to")]
    EmptyJobId,
}

/// Extracts `CodePipeline.job.id` from an invocation payload.
pub fn job_id(event: &Value) -> Result<&str, EventError> {
    let job = event
        .get("CodePipeline.job")
        .filter(|job| job.is_object())
        .ok_or(EventError::NotACodePipelineJob)?;
    let id = job
        .get("id")
        .and_then(Value::as_str)
        .ok_or(EventError::MissingJobId)?;
    if id.trim().is_empty() {
        return Err(EventError::EmptyJobId);
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_job_id() {
        let event = json!({"CodePipeline.job": {"id": "11111111-abcd", "accountId": "123456789012", "data": {}}});
        assert_eq!(job_id(&event), Ok("11111111-abcd"));
    }

    #[test]
    fn rejects_an_event_that_is_not_a_job() {
        assert_eq!(
            job_id(&json!({"detail-type": "Scheduled Event"})),
            Err(EventError::NotACodePipelineJob)
        );
        assert_eq!(
            job_id(&json!({"CodePipeline.job": "id"})),
            Err(EventError::NotACodePipelineJob)
        );
    }

    #[test]
    fn rejects_a_job_without_a_usable_id() {
        assert_eq!(
            job_id(&json!({"CodePipeline.job": {"data": {}}})),
            Err(EventError::MissingJobId)
        );
        assert_eq!(
            job_id(&json!({"CodePipeline.job": {"id": 42}})),
            Err(EventError::MissingJobId)
        );
        assert_eq!(
            job_id(&json!({"CodePipeline.job": {"id": "  "}})),
            Err(EventError::EmptyJobId)
        );
    }
}
