//! Reading a stack as it is: its status and outputs (DescribeStacks) and
//! the template it was deployed with (GetTemplate).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aws_sdk_cloudformation::Client;
use aws_sdk_cloudformation::types::TemplateStage;
use serde_json::Value;

use crate::error::{DeployError, aws_error, service_code};
use crate::status::Status;

/// What DescribeStacks says about one stack.
#[derive(Debug, Clone)]
pub(crate) struct StackInfo {
    pub id: String,
    pub status: Status,
    pub outputs: BTreeMap<String, String>,
    /// When the last update started; `None` for a stack never updated.
    pub last_updated: Option<aws_smithy_types::DateTime>,
    pub termination_protection: bool,
}

impl StackInfo {
    pub fn in_progress(&self) -> bool {
        self.status.is_in_progress()
    }

    /// The account id inside the stack's ARN
    /// (`arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>`).
    pub fn account_id(&self) -> Option<&str> {
        self.id.split(':').nth(4).filter(|a| !a.is_empty())
    }
}

/// `None` when the stack does not exist (by name, deleted stacks are gone;
/// by ARN, AWS still answers with `DELETE_COMPLETE`).
pub(crate) async fn describe_stack(
    cfn: &Client,
    name_or_id: &str,
) -> Result<Option<StackInfo>, DeployError> {
    let answer = match cfn.describe_stacks().stack_name(name_or_id).send().await {
        Ok(answer) => answer,
        // The SDK's own `stack_exists` waiter reads this code as "no such
        // stack"; the operation has no variant for it.
        Err(err) if service_code(&err) == Some("ValidationError") => return Ok(None),
        Err(err) => return Err(aws_error("DescribeStacks", err)),
    };
    let Some(stack) = answer.stacks().first() else {
        return Ok(None);
    };
    let outputs = stack
        .outputs()
        .iter()
        .filter_map(|o| Some((o.output_key()?.to_owned(), o.output_value()?.to_owned())))
        .collect();
    Ok(Some(StackInfo {
        id: stack.stack_id().unwrap_or(name_or_id).to_owned(),
        status: stack
            .stack_status()
            .map_or(Status::Other(String::new()), Status::from),
        outputs,
        last_updated: stack.last_updated_time().copied(),
        termination_protection: stack.enable_termination_protection().unwrap_or(false),
    }))
}

/// The template CloudFormation holds for a stack, as submitted.
pub(crate) async fn deployed_template(cfn: &Client, stack: &str) -> Result<Value, DeployError> {
    let answer = cfn
        .get_template()
        .stack_name(stack)
        .template_stage(TemplateStage::Original)
        .send()
        .await
        .map_err(|err| aws_error("GetTemplate", err))?;
    let body = answer.template_body().unwrap_or("{}");
    serde_json::from_str(body).map_err(|err| {
        DeployError::Template(format!(
            "the deployed template of {stack} is not JSON (was it deployed by another tool?): {err}"
        ))
    })
}

/// Polls until the stack is no longer `*_IN_PROGRESS` (or is gone).
pub(crate) async fn wait_until_settled(
    cfn: &Client,
    name_or_id: &str,
    timeout: Duration,
) -> Result<Option<StackInfo>, DeployError> {
    let started = Instant::now();
    loop {
        let info = describe_stack(cfn, name_or_id).await?;
        match &info {
            Some(stack) if stack.in_progress() => {}
            _ => return Ok(info),
        }
        if started.elapsed() > timeout {
            return Err(DeployError::Timeout {
                what: format!("stack {name_or_id} to leave its *_IN_PROGRESS state"),
                seconds: timeout.as_secs(),
            });
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_id_comes_from_the_stack_arn() {
        let info = StackInfo {
            id: "arn:aws:cloudformation:eu-west-1:210987654321:stack/app/1f2e".to_owned(),
            status: Status::CreateComplete,
            outputs: BTreeMap::new(),
            last_updated: None,
            termination_protection: false,
        };
        assert_eq!(info.account_id(), Some("210987654321"));
        assert!(!info.in_progress());
    }
}
