//! The fixed identity of the local endpoint. moto accepts any credentials;
//! these are the ones everything in the project uses so runs are comparable.

pub const ACCESS_KEY_ID: &str = "test";
pub const SECRET_ACCESS_KEY: &str = "test";
pub const REGION: &str = "us-east-1";
/// moto's account; ARNs the endpoint returns carry it.
pub const ACCOUNT_ID: &str = "123456789012";
