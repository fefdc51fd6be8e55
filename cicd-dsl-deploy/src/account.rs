//! Whose credentials these are: STS GetCallerIdentity, which needs no
//! permission and changes nothing, so it can run before anything else.

use crate::aws::AwsClients;
use crate::error::{DeployError, aws_error};

/// The 12-digit id of the account the credentials belong to.
pub async fn caller_account(clients: &AwsClients) -> Result<String, DeployError> {
    let identity = clients
        .sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|err| aws_error("GetCallerIdentity", err))?;
    identity.account.ok_or_else(|| {
        DeployError::Config("STS GetCallerIdentity answered without an account".to_owned())
    })
}

/// Refuses credentials of another account than `expected`, the account of
/// `environment`.
pub async fn check_account(
    clients: &AwsClients,
    environment: &str,
    expected: &str,
) -> Result<(), DeployError> {
    let actual = caller_account(clients).await?;
    if actual == expected {
        Ok(())
    } else {
        Err(DeployError::WrongAccount {
            environment: environment.to_owned(),
            expected: expected.to_owned(),
            actual,
        })
    }
}
