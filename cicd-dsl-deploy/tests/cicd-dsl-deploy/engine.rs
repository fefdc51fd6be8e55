//! The engine's clients for a test's endpoint, made by the engine itself
//! (`load_aws` with `--local`'s test credentials), as the CLI makes them.

use cicd_dsl_deploy::{AwsClients, AwsOptions, LocalEndpoint, load_aws};
use cicd_dsl_tests::endpoint::Endpoint;

pub async fn clients(endpoint: &Endpoint) -> AwsClients {
    load_aws(&AwsOptions {
        profile: None,
        region: Some("us-east-1".to_owned()),
        endpoint: Some(LocalEndpoint::with_test_credentials(endpoint.url())),
    })
    .await
    .expect("the engine's clients")
}

/// A fresh endpoint for one test and the engine's clients for it; the
/// endpoint stops when the returned handle is dropped, so keep it bound.
pub async fn start() -> (Endpoint, AwsClients) {
    let endpoint = Endpoint::start();
    let clients = clients(&endpoint).await;
    (endpoint, clients)
}
