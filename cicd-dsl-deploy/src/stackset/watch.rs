//! Following a stack set operation until it ends: one line per stack
//! instance each time its status changes (account, Region, status,
//! reason), then what the operation ended as.

use super::instances::InstanceResult;
use crate::error::{DeployError, aws_error};
use crate::reporter::{Reporter, Style};
use aws_sdk_cloudformation::types::{StackSetOperationResultStatus, StackSetOperationStatus};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How often the operation is read; CloudFormation takes seconds to
/// minutes per instance, the local endpoint a fraction of a second.
const POLL: Duration = Duration::from_millis(400);
/// An operation still running after this is left running and reported.
const LIMIT: Duration = Duration::from_secs(3 * 3600);

/// One operation as it ended.
#[derive(Debug, Clone, Serialize)]
pub struct OperationReport {
    pub operation_id: String,
    /// CREATE, UPDATE or DELETE.
    pub action: String,
    /// SUCCEEDED, FAILED or STOPPED.
    pub status: String,
    pub reason: Option<String>,
    pub results: Vec<InstanceResult>,
}

impl OperationReport {
    pub fn succeeded(&self) -> bool {
        self.status == StackSetOperationStatus::Succeeded.as_str()
    }

    /// The instances that failed (within the tolerance or not).
    pub fn failed(&self) -> impl Iterator<Item = &InstanceResult> {
        self.results
            .iter()
            .filter(|r| r.status == StackSetOperationResultStatus::Failed.as_str())
    }
}

pub async fn watch(
    clients: &crate::AwsClients,
    stack_set: &str,
    operation_id: &str,
    action: &str,
    reporter: &Reporter,
) -> Result<OperationReport, DeployError> {
    let cfn = &clients.cloudformation;
    let started = Instant::now();
    let mut shown: BTreeMap<(String, String), (String, Option<String>)> = BTreeMap::new();
    reporter.styled(
        Style::Heading,
        &format!("stack set {stack_set}: {action} operation {operation_id}"),
    );
    loop {
        let operation = cfn
            .describe_stack_set_operation()
            .stack_set_name(stack_set)
            .operation_id(operation_id)
            .send()
            .await
            .map_err(|err| aws_error("DescribeStackSetOperation", err))?;
        let operation = operation.stack_set_operation();
        let status = operation
            .and_then(|o| o.status())
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default();
        let results = results(clients, stack_set, operation_id).await?;
        for result in &results {
            let key = (result.account.clone(), result.region.clone());
            let now = (result.status.clone(), result.reason.clone());
            if shown.get(&key) != Some(&now) {
                show(reporter, result);
                shown.insert(key, now);
            }
        }
        let running = matches!(status.as_str(), "RUNNING" | "STOPPING" | "QUEUED");
        if !running {
            return Ok(OperationReport {
                operation_id: operation_id.to_owned(),
                action: action.to_owned(),
                status,
                reason: operation.and_then(|o| o.status_reason()).map(str::to_owned),
                results,
            });
        }
        if started.elapsed() > LIMIT {
            return Err(DeployError::Timeout {
                what: format!("stack set operation {operation_id} of {stack_set}"),
                seconds: LIMIT.as_secs(),
            });
        }
        tokio::time::sleep(POLL).await;
    }
}

fn show(reporter: &Reporter, result: &InstanceResult) {
    let style = match result.status.as_str() {
        "SUCCEEDED" => Style::Added,
        "FAILED" => Style::Danger,
        "CANCELLED" => Style::Removed,
        _ => Style::Plain,
    };
    let reason = result
        .reason
        .as_deref()
        .map(|r| format!("  {r}"))
        .unwrap_or_default();
    // Every change is shown, bar or not: there is no bar for stack sets.
    reporter.styled(
        style,
        &format!(
            "  {} {:<15} {:<10}{reason}",
            result.account, result.region, result.status
        ),
    );
}

async fn results(
    clients: &crate::AwsClients,
    stack_set: &str,
    operation_id: &str,
) -> Result<Vec<InstanceResult>, DeployError> {
    let mut results = Vec::new();
    let mut token = None;
    loop {
        let page = clients
            .cloudformation
            .list_stack_set_operation_results()
            .stack_set_name(stack_set)
            .operation_id(operation_id)
            .set_next_token(token)
            .send()
            .await
            .map_err(|err| aws_error("ListStackSetOperationResults", err))?;
        results.extend(page.summaries().iter().map(|s| {
            InstanceResult {
                account: s.account().unwrap_or_default().to_owned(),
                region: s.region().unwrap_or_default().to_owned(),
                status: s
                    .status()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
                reason: s.status_reason().map(str::to_owned),
            }
        }));
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            return Ok(results);
        }
    }
}
