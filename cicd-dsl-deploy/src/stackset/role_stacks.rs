//! `bootstrap --stackset-admin` and `bootstrap --stackset-target`: each
//! role in a stack of its own, deployed like the toolkit stack (a change
//! set; a second run is a no-op).

use super::roles::{
    ADMINISTRATION_STACK, EXECUTION_ROLE, EXECUTION_STACK, administration_template,
    execution_template, resource_types,
};
use crate::confirm::Confirm;
use crate::deploy::{DeployOutcome, DeployRequest, deploy};
use crate::error::DeployError;
use crate::reporter::Reporter;
use serde_json::Value;

fn request(stack_name: &str, template_body: String) -> DeployRequest {
    DeployRequest {
        stack_name: stack_name.to_owned(),
        template_body,
        assets: Vec::new(),
        tags: Default::default(),
        allow_replace: Vec::new(),
        // Bootstrapping is itself the explicit request.
        require_approval: crate::RequireApproval::Never,
        confirm: Confirm::Yes,
        change_set: Default::default(),
        drift: Default::default(),
    }
}

/// The administration role, in the account the credentials belong to.
pub async fn bootstrap_administration(
    clients: &crate::AwsClients,
    reporter: &Reporter,
) -> Result<DeployOutcome, DeployError> {
    let body = administration_template(EXECUTION_ROLE);
    deploy(clients, &request(ADMINISTRATION_STACK, body), reporter).await
}

/// The execution role, in the account the credentials belong to, trusting
/// `administration_account` and allowed the resource types of
/// `stack_template` only.
pub async fn bootstrap_execution(
    clients: &crate::AwsClients,
    administration_account: &str,
    stack_template: &str,
    reporter: &Reporter,
) -> Result<DeployOutcome, DeployError> {
    let template: Value = serde_json::from_str(stack_template)
        .map_err(|e| DeployError::Template(format!("the stack's template is not JSON: {e}")))?;
    let body = execution_template(administration_account, &resource_types(&template)).map_err(
        |unknown| {
            DeployError::Template(format!(
                "the execution role cannot be scoped to {}: no IAM action list is known for {}; \
                 add it to cicd-dsl-deploy/src/stackset/roles.rs",
                unknown.join(", "),
                if unknown.len() == 1 {
                    "this type"
                } else {
                    "these types"
                }
            ))
        },
    )?;
    deploy(clients, &request(EXECUTION_STACK, body), reporter).await
}
