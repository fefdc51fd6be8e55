//! Where assets and large templates go: the bucket of the toolkit stack
//! that `bootstrap` deploys, one per account and region.

use crate::aws::AwsClients;
use crate::error::DeployError;
use crate::stack_state::describe_stack;
use crate::status::Status;

/// Name of the stack `bootstrap` deploys.
pub const TOOLKIT_STACK_NAME: &str = "CicdDslToolkit";
/// Output of the toolkit stack that holds the bucket name.
pub const BUCKET_OUTPUT: &str = "AssetBucketName";

/// The bucket name every template and the toolkit agree on.
pub fn asset_bucket_name(account_id: &str, region: &str) -> String {
    format!("cicd-dsl-assets-{account_id}-{region}")
}

/// The asset bucket for this account and region. The account comes from the
/// target stack's ARN when it exists (no extra call), else from the toolkit
/// stack, whose absence means bootstrap never ran.
pub(crate) async fn find_asset_bucket(
    clients: &AwsClients,
    known_account: Option<&str>,
) -> Result<String, DeployError> {
    if let Some(account) = known_account {
        return Ok(asset_bucket_name(account, &clients.region));
    }
    let toolkit = describe_stack(&clients.cloudformation, TOOLKIT_STACK_NAME).await?;
    let usable = toolkit.filter(|stack| {
        !matches!(
            stack.status,
            Status::ReviewInProgress
                | Status::RollbackComplete
                | Status::RollbackFailed
                | Status::DeleteComplete
        )
    });
    match usable {
        Some(stack) => {
            if let Some(name) = stack.outputs.get(BUCKET_OUTPUT) {
                return Ok(name.clone());
            }
            let account = stack.account_id().ok_or_else(|| {
                DeployError::Config(format!("cannot read the account id from {}", stack.id))
            })?;
            Ok(asset_bucket_name(account, &clients.region))
        }
        None => Err(DeployError::NotBootstrapped {
            bucket: format!("cicd-dsl-assets-<account>-{}", clients.region),
        }),
    }
}
