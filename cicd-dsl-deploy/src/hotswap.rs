//! `deploy --hotswap`: when the only change is the code of Lambda
//! functions (see [`crate::hotswap_plan`]), publish the new zips and update
//! each function with UpdateFunctionCode, waiting until Lambda says the
//! update succeeded. Seconds instead of a change set, at a price: the
//! stack's template still names the old code until a deploy without
//! `--hotswap` reconciles it. Anything else is a full deploy, and the
//! caller is told why.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aws_sdk_lambda::types::LastUpdateStatus;
use serde::Serialize;
use serde_json::Value;

use crate::asset_bucket::find_asset_bucket;
use crate::assets::{AssetReport, publish_assets};
use crate::aws::AwsClients;
use crate::call_counter::ApiCallCounts;
use crate::deploy::DeployRequest;
use crate::error::{DeployError, aws_error, service_code};
use crate::hotswap_plan::{CodeSwap, NeedsFullDeploy, plan_hotswap};
use crate::reporter::Reporter;
use crate::stack_state::deployed_template;
use crate::status::Status;

/// How long Lambda may take to apply new code (it is usually seconds).
const UPDATE_TIMEOUT: Duration = Duration::from_secs(300);

/// What `--hotswap` did.
#[derive(Debug, Clone, Serialize)]
pub enum Hotswap {
    /// The functions' code was updated in place.
    Swapped(HotswapOutcome),
    /// The templates are equal: nothing to do.
    NoChanges(HotswapOutcome),
    /// A change set is needed; the reason, in one line.
    NeedsFullDeploy(String),
}

/// The result of a hotswap (`--output json`).
#[derive(Debug, Clone, Serialize)]
pub struct HotswapOutcome {
    pub stack_name: String,
    pub stack_id: String,
    pub functions: Vec<SwappedFunction>,
    pub assets: AssetReport,
    /// True after a swap: the deployed template still names the old code.
    pub template_differs: bool,
    pub elapsed_ms: u64,
    pub api_calls: ApiCallCounts,
}

#[derive(Debug, Clone, Serialize)]
pub struct SwappedFunction {
    pub logical_id: String,
    pub function_name: String,
    pub s3_key: String,
    /// Lambda's base64 SHA-256 of the new code.
    pub code_sha256: String,
    pub elapsed_ms: u64,
}

/// Hotswaps `request` when it changes only function code; otherwise says
/// why a full deploy is needed and changes nothing.
pub async fn hotswap(
    clients: &AwsClients,
    request: &DeployRequest,
    reporter: &Reporter,
) -> Result<Hotswap, DeployError> {
    let started = Instant::now();
    let calls_before = clients.api_calls();
    let proposed: Value = serde_json::from_str(&request.template_body)
        .map_err(|err| DeployError::Template(format!("not valid JSON: {err}")))?;
    let stack = match deployed_stack(clients, &request.stack_name).await? {
        Ok(stack) => stack,
        Err(NeedsFullDeploy(why)) => return Ok(Hotswap::NeedsFullDeploy(why)),
    };
    if stack.tags != request.tags {
        return Ok(Hotswap::NeedsFullDeploy(
            "the stack's tags change".to_owned(),
        ));
    }
    let deployed = deployed_template(&clients.cloudformation, &stack.id).await?;
    let account = stack.id.split(':').nth(4).unwrap_or_default();
    let swaps = match plan_hotswap(&deployed, &proposed, account, &clients.region) {
        Ok(swaps) => swaps,
        Err(NeedsFullDeploy(why)) => return Ok(Hotswap::NeedsFullDeploy(why)),
    };
    let mut outcome = HotswapOutcome {
        stack_name: request.stack_name.clone(),
        stack_id: stack.id.clone(),
        functions: Vec::new(),
        assets: AssetReport::default(),
        template_differs: !swaps.is_empty(),
        elapsed_ms: 0,
        api_calls: ApiCallCounts::default(),
    };
    if !swaps.is_empty() {
        let bucket = find_asset_bucket(clients, Some(account)).await?;
        let needed: Vec<_> = request
            .assets
            .iter()
            .filter(|asset| swaps.iter().any(|s| s.new_key == asset.key()))
            .cloned()
            .collect();
        outcome.assets = publish_assets(clients, &bucket, &needed, reporter).await?;
        for swap in &swaps {
            let swapped = swap_code(clients, &stack.id, swap, reporter).await?;
            outcome.functions.push(swapped);
        }
    }
    outcome.elapsed_ms = started.elapsed().as_millis() as u64;
    outcome.api_calls = clients.api_calls().since(&calls_before);
    Ok(if swaps.is_empty() {
        Hotswap::NoChanges(outcome)
    } else {
        Hotswap::Swapped(outcome)
    })
}

/// The deployed stack, or why it cannot be hotswapped.
struct DeployedStack {
    id: String,
    tags: BTreeMap<String, String>,
}

async fn deployed_stack(
    clients: &AwsClients,
    name: &str,
) -> Result<Result<DeployedStack, NeedsFullDeploy>, DeployError> {
    let answer = match clients
        .cloudformation
        .describe_stacks()
        .stack_name(name)
        .send()
        .await
    {
        Ok(answer) => answer,
        Err(err) if service_code(&err) == Some("ValidationError") => {
            return Ok(Err(NeedsFullDeploy(
                "the stack is not deployed yet".to_owned(),
            )));
        }
        Err(err) => return Err(aws_error("DescribeStacks", err)),
    };
    let Some(stack) = answer.stacks().first() else {
        return Ok(Err(NeedsFullDeploy(
            "the stack is not deployed yet".to_owned(),
        )));
    };
    let status = stack
        .stack_status()
        .map_or(Status::Other(String::new()), Status::from);
    // After a rolled-back update the template is the last good one, which
    // is what the functions run.
    if !(status.is_deployed() || status == Status::UpdateRollbackComplete) {
        return Ok(Err(NeedsFullDeploy(format!("the stack is {status}"))));
    }
    Ok(Ok(DeployedStack {
        id: stack.stack_id().unwrap_or(name).to_owned(),
        tags: stack
            .tags()
            .iter()
            .filter_map(|t| Some((t.key()?.to_owned(), t.value()?.to_owned())))
            .collect(),
    }))
}

/// UpdateFunctionCode for one function, then GetFunctionConfiguration
/// until its LastUpdateStatus is Successful (or Failed, the error).
async fn swap_code(
    clients: &AwsClients,
    stack_id: &str,
    swap: &CodeSwap,
    reporter: &Reporter,
) -> Result<SwappedFunction, DeployError> {
    let started = Instant::now();
    let resource = clients
        .cloudformation
        .describe_stack_resource()
        .stack_name(stack_id)
        .logical_resource_id(&swap.logical_id)
        .send()
        .await
        .map_err(|err| aws_error("DescribeStackResource", err))?;
    let function_name = resource
        .stack_resource_detail()
        .and_then(|r| r.physical_resource_id())
        .ok_or_else(|| DeployError::MissingResource {
            stack: stack_id.to_owned(),
            logical_id: swap.logical_id.clone(),
        })?
        .to_owned();
    reporter.say(&format!(
        "hotswapping {} ({function_name}): s3://{}/{}",
        swap.logical_id, swap.bucket, swap.new_key
    ));
    clients
        .lambda
        .update_function_code()
        .function_name(&function_name)
        .s3_bucket(&swap.bucket)
        .s3_key(&swap.new_key)
        .send()
        .await
        .map_err(|err| aws_error("UpdateFunctionCode", err))?;
    let code_sha256 = wait_until_updated(clients, &function_name).await?;
    Ok(SwappedFunction {
        logical_id: swap.logical_id.clone(),
        function_name,
        s3_key: swap.new_key.clone(),
        code_sha256,
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}

/// Polls the function's LastUpdateStatus; returns its CodeSha256 once
/// Lambda reports the update Successful.
async fn wait_until_updated(
    clients: &AwsClients,
    function_name: &str,
) -> Result<String, DeployError> {
    let started = Instant::now();
    let mut pause = Duration::from_millis(250);
    loop {
        let config = clients
            .lambda
            .get_function_configuration()
            .function_name(function_name)
            .send()
            .await
            .map_err(|err| aws_error("GetFunctionConfiguration", err))?;
        match config.last_update_status() {
            // A function never updated before has no status yet.
            Some(LastUpdateStatus::Successful) | None => {
                return Ok(config.code_sha256().unwrap_or_default().to_owned());
            }
            Some(LastUpdateStatus::Failed) => {
                return Err(DeployError::HotswapFailed {
                    function: function_name.to_owned(),
                    reason: config
                        .last_update_status_reason()
                        .unwrap_or("Lambda gave no reason")
                        .to_owned(),
                });
            }
            Some(_) => {}
        }
        if started.elapsed() > UPDATE_TIMEOUT {
            return Err(DeployError::Timeout {
                what: format!("Lambda to apply the new code of {function_name}"),
                seconds: UPDATE_TIMEOUT.as_secs(),
            });
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(2));
    }
}
