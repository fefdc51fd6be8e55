//! `stackset deploy` and `stackset destroy`: CloudFormation's StackSets do
//! the fan-out; this drives them. Deploy creates the stack set (or updates
//! its template, which updates every instance), then creates the instances
//! the targets lack; destroy deletes every instance, then the set.
//! Operations on one stack set run one at a time, so each is followed to
//! its end before the next starts.

use super::instances::{InstanceRow, Targets, list_instances, missing_groups};
use super::preferences::Preferences;
use super::watch::{OperationReport, watch};
use crate::confirm::Confirm;
use crate::error::{DeployError, aws_error};
use crate::reporter::Reporter;
use aws_sdk_cloudformation::types::{Capability, PermissionModels};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct StackSetRequest {
    pub name: String,
    pub template_body: String,
    pub targets: Targets,
    pub preferences: Preferences,
}

#[derive(Debug, Clone, Serialize)]
pub struct StackSetOutcome {
    pub stack_set: String,
    /// The operations run, in order.
    pub operations: Vec<OperationReport>,
    /// The instances after the last operation.
    pub instances: Vec<InstanceRow>,
    /// Every operation succeeded (failures within the tolerance included).
    pub succeeded: bool,
    /// `destroy`: the stack set itself was deleted.
    pub deleted: bool,
}

/// The stack set's current template, or `None` when there is no such set.
pub async fn current_template(
    clients: &crate::AwsClients,
    name: &str,
) -> Result<Option<String>, DeployError> {
    match clients
        .cloudformation
        .describe_stack_set()
        .stack_set_name(name)
        .send()
        .await
    {
        Ok(out) => Ok(Some(
            out.stack_set()
                .and_then(|s| s.template_body())
                .unwrap_or_default()
                .to_owned(),
        )),
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_stack_set_not_found_exception()) =>
        {
            Ok(None)
        }
        Err(err) => Err(aws_error("DescribeStackSet", err)),
    }
}

/// Whether two template bodies say the same (JSON compared as values).
pub fn same_template(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<Value>(a),
        serde_json::from_str::<Value>(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

pub async fn deploy_stack_set(
    clients: &crate::AwsClients,
    request: &StackSetRequest,
    reporter: &Reporter,
) -> Result<StackSetOutcome, DeployError> {
    let cfn = &clients.cloudformation;
    let name = &request.name;
    let preferences = request.preferences.to_sdk();
    let mut operations = Vec::new();
    match current_template(clients, name).await? {
        None => {
            cfn.create_stack_set()
                .stack_set_name(name)
                .template_body(&request.template_body)
                .permission_model(PermissionModels::SelfManaged)
                .capabilities(Capability::CapabilityIam)
                .capabilities(Capability::CapabilityNamedIam)
                .send()
                .await
                .map_err(|err| aws_error("CreateStackSet", err))?;
            reporter.say(&format!(
                "stack set {name} created (self-managed permissions)"
            ));
        }
        Some(deployed) => {
            let existing = list_instances(clients, name).await?;
            let stale = existing.iter().any(|i| i.status != "CURRENT");
            // A new template updates every instance; an unchanged one is
            // sent again only to bring OUTDATED instances up to date.
            if !same_template(&deployed, &request.template_body) || stale {
                let operation_id = cfn
                    .update_stack_set()
                    .stack_set_name(name)
                    .template_body(&request.template_body)
                    .capabilities(Capability::CapabilityIam)
                    .capabilities(Capability::CapabilityNamedIam)
                    .operation_preferences(preferences.clone())
                    .send()
                    .await
                    .map_err(|err| aws_error("UpdateStackSet", err))?
                    .operation_id()
                    .unwrap_or_default()
                    .to_owned();
                let report = watch(clients, name, &operation_id, "UPDATE", reporter).await?;
                let ok = report.succeeded();
                operations.push(report);
                if !ok {
                    return finish(clients, name, operations, false).await;
                }
            }
        }
    }
    let existing = list_instances(clients, name).await?;
    for group in missing_groups(&request.targets, &existing) {
        let operation_id = cfn
            .create_stack_instances()
            .stack_set_name(name)
            .set_accounts(Some(group.accounts.clone()))
            .set_regions(Some(group.regions.clone()))
            .operation_preferences(preferences.clone())
            .send()
            .await
            .map_err(|err| aws_error("CreateStackInstances", err))?
            .operation_id()
            .unwrap_or_default()
            .to_owned();
        let report = watch(clients, name, &operation_id, "CREATE", reporter).await?;
        let ok = report.succeeded();
        operations.push(report);
        if !ok {
            break;
        }
    }
    let succeeded = operations.iter().all(OperationReport::succeeded);
    finish(clients, name, operations, succeeded).await
}

async fn finish(
    clients: &crate::AwsClients,
    name: &str,
    operations: Vec<OperationReport>,
    succeeded: bool,
) -> Result<StackSetOutcome, DeployError> {
    Ok(StackSetOutcome {
        stack_set: name.to_owned(),
        instances: list_instances(clients, name).await?,
        operations,
        succeeded,
        deleted: false,
    })
}

/// Deletes every instance (their stacks too, unless `retain_stacks`), then
/// the stack set; a failed instance delete keeps the set, and says so.
pub async fn destroy_stack_set(
    clients: &crate::AwsClients,
    name: &str,
    preferences: &Preferences,
    retain_stacks: bool,
    confirm: &Confirm,
    reporter: &Reporter,
) -> Result<StackSetOutcome, DeployError> {
    if current_template(clients, name).await?.is_none() {
        return Err(DeployError::NotDeployed {
            stack: format!("set {name}"),
        });
    }
    let cfn = &clients.cloudformation;
    let existing = list_instances(clients, name).await?;
    let what = if retain_stacks {
        "their stacks are kept in their accounts"
    } else {
        "their stacks and resources are deleted"
    };
    confirm.ask_hard(
        reporter,
        &format!(
            "Delete stack set {name} and its {} instance(s) ({what})?",
            existing.len()
        ),
        "delete the stack set",
        name,
    )?;
    let mut operations = Vec::new();
    if !existing.is_empty() {
        let mut accounts: Vec<String> = existing.iter().map(|i| i.account.clone()).collect();
        let mut regions: Vec<String> = existing.iter().map(|i| i.region.clone()).collect();
        accounts.sort();
        accounts.dedup();
        regions.sort();
        regions.dedup();
        let operation_id = cfn
            .delete_stack_instances()
            .stack_set_name(name)
            .set_accounts(Some(accounts))
            .set_regions(Some(regions))
            .retain_stacks(retain_stacks)
            .operation_preferences(preferences.to_sdk())
            .send()
            .await
            .map_err(|err| aws_error("DeleteStackInstances", err))?
            .operation_id()
            .unwrap_or_default()
            .to_owned();
        let report = watch(clients, name, &operation_id, "DELETE", reporter).await?;
        operations.push(report);
    }
    let instances = list_instances(clients, name).await?;
    if !instances.is_empty() {
        return Ok(StackSetOutcome {
            stack_set: name.to_owned(),
            operations,
            instances,
            succeeded: false,
            deleted: false,
        });
    }
    cfn.delete_stack_set()
        .stack_set_name(name)
        .send()
        .await
        .map_err(|err| aws_error("DeleteStackSet", err))?;
    reporter.say(&format!("stack set {name} deleted"));
    Ok(StackSetOutcome {
        stack_set: name.to_owned(),
        succeeded: operations.iter().all(OperationReport::succeeded),
        operations,
        instances,
        deleted: true,
    })
}
