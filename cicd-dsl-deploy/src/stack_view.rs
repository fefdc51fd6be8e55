//! A deployed stack as the read-only commands (`outputs`, `ls`) show it.

use std::collections::BTreeMap;

use aws_smithy_types::date_time::Format;
use serde::Serialize;

use crate::aws::AwsClients;
use crate::error::DeployError;
use crate::stack_state::describe_stack;
use crate::status::Status;

/// What DescribeStacks says about a deployed stack.
#[derive(Debug, Clone, Serialize)]
pub struct StackView {
    pub stack_name: String,
    pub stack_id: String,
    pub stack_status: Status,
    /// When its last update started (RFC 3339); `None` if never updated.
    pub last_updated: Option<String>,
    pub termination_protection: bool,
    pub outputs: BTreeMap<String, String>,
}

/// The stack named `stack_name`; `None` when it is not deployed.
pub async fn read_stack(
    clients: &AwsClients,
    stack_name: &str,
) -> Result<Option<StackView>, DeployError> {
    let Some(info) = describe_stack(&clients.cloudformation, stack_name).await? else {
        return Ok(None);
    };
    Ok(Some(StackView {
        stack_name: stack_name.to_owned(),
        stack_id: info.id,
        stack_status: info.status,
        last_updated: info.last_updated.and_then(|t| t.fmt(Format::DateTime).ok()),
        termination_protection: info.termination_protection,
        outputs: info.outputs,
    }))
}
