//! The fixed identity of the local endpoint. moto accepts any credentials;
//! these are the ones everything in the project uses so runs are comparable.

pub const ACCESS_KEY_ID: &str = "test";
pub const SECRET_ACCESS_KEY: &str = "test";
pub const REGION: &str = "us-east-1";
/// moto's account; ARNs the endpoint returns carry it.
pub const ACCOUNT_ID: &str = "123456789012";

/// The access key id for the local endpoint: an account's 12-digit id acts
/// in that account (the endpoint's extension, `local-aws/cicd_local_aws/accounts.py`,
/// reads it so), anything else in [`ACCOUNT_ID`].
pub fn access_key_id(account: Option<&str>) -> String {
    account.unwrap_or(ACCESS_KEY_ID).to_owned()
}
