//! How the tests ask the engine for a deploy, and what they check in its
//! answers: the request for a JSON template, a deploy that shows nothing,
//! and the texts and statuses the user is shown.

use cicd_dsl_deploy::{
    AwsClients, Confirm, DeployError, DeployOutcome, DeployRequest, DeployStatus, Reporter,
    RequireApproval, Status, deploy,
};
use serde_json::Value;

/// A request for `template` as `stack`: no assets, no stack tags, nothing
/// allowed to be replaced.
pub fn request(stack: &str, template: &Value, confirm: Confirm) -> DeployRequest {
    DeployRequest {
        stack_name: stack.to_owned(),
        template_body: template.to_string(),
        assets: Vec::new(),
        tags: Default::default(),
        allow_replace: Vec::new(),
        // The tests of asking ask about every change (a tag is not broadening).
        require_approval: RequireApproval::AnyChange,
        confirm,
        change_set: Default::default(),
        drift: Default::default(),
    }
}

/// Deploys `template` as `stack` with nothing shown (the tests that read
/// what is shown pass their own capturing reporter to `deploy`).
pub async fn deploy_quietly(
    clients: &AwsClients,
    stack: &str,
    template: &Value,
    confirm: Confirm,
) -> Result<DeployOutcome, DeployError> {
    deploy(
        clients,
        &request(stack, template, confirm),
        &Reporter::quiet(),
    )
    .await
}

/// The stack status an outcome ended with, as CloudFormation spells it.
pub fn status_text(status: &Option<Status>) -> Option<&str> {
    status.as_ref().map(|s| s.as_str())
}

/// Fails, showing the whole `text`, unless it contains each of `parts`.
#[track_caller]
pub fn assert_mentions(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} is missing from: {text}");
    }
}

/// Fails unless the deploy ended as `status` with the stack in
/// `stack_status`.
#[track_caller]
pub fn assert_ended(outcome: &DeployOutcome, status: DeployStatus, stack_status: &str) {
    assert_eq!(outcome.status, status);
    assert_eq!(status_text(&outcome.stack_status), Some(stack_status));
}
