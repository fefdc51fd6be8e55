//! Termination protection for stacks that hold data: turned on by `deploy`
//! (CreateChangeSet cannot set it, so it is UpdateTerminationProtection
//! after the change set ran, as the AWS CDK does), turned off by `destroy`
//! only when the user confirms.

use serde_json::Value;

use crate::aws::AwsClients;
use crate::error::{DeployError, aws_error};
use crate::reporter::Reporter;
use crate::safety::is_stateful;

/// The logical ids of the stateful items in a template (buckets,
/// repositories, log groups, data-holding generic types), sorted.
pub(crate) fn stateful_items(template: &Value) -> Vec<String> {
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut items: Vec<String> = resources
        .iter()
        .filter(|(_, r)| {
            r.get("Type")
                .and_then(Value::as_str)
                .is_some_and(is_stateful)
        })
        .map(|(id, _)| id.clone())
        .collect();
    items.sort();
    items
}

/// Turns protection on for a stack whose template holds stateful items,
/// unless it is on already (`on_now`, from the DescribeStacks the caller
/// made, so a no-op deploy costs no call); returns whether it did.
pub(crate) async fn protect_if_stateful(
    clients: &AwsClients,
    stack_id: &str,
    on_now: bool,
    template: &Value,
    reporter: &Reporter,
) -> Result<bool, DeployError> {
    let items = stateful_items(template);
    if items.is_empty() || on_now {
        return Ok(false);
    }
    set_protection(clients, stack_id, true).await?;
    reporter.say(&format!(
        "turned on termination protection: the stack holds {} (`destroy` asks before turning it off)",
        items.join(", ")
    ));
    Ok(true)
}

/// UpdateTerminationProtection.
pub(crate) async fn set_protection(
    clients: &AwsClients,
    stack_id: &str,
    on: bool,
) -> Result<(), DeployError> {
    clients
        .cloudformation
        .update_termination_protection()
        .stack_name(stack_id)
        .enable_termination_protection(on)
        .send()
        .await
        .map_err(|err| aws_error("UpdateTerminationProtection", err))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_items_that_hold_data_ask_for_protection() {
        let template = json!({"Resources": {
            "Images": {"Type": "AWS::ECR::Repository"},
            "Artifacts": {"Type": "AWS::S3::Bucket"},
            "Role": {"Type": "AWS::IAM::Role"}
        }});
        assert_eq!(stateful_items(&template), ["Artifacts", "Images"]);
        assert!(
            stateful_items(&json!({"Resources": {"Role": {"Type": "AWS::IAM::Role"}}})).is_empty()
        );
    }
}
