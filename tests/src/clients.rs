//! SDK configuration for the local endpoint (or a proxy in front of it):
//! its URL, the test credentials and region `cicd_local` fixes. Each crate
//! builds the service clients it needs from the config.

use aws_config::{BehaviorVersion, ConfigLoader, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
use aws_smithy_runtime_api::client::http::SharedHttpClient;

/// The loader, for callers that change more (retries, timeouts) before
/// `.load()`.
pub fn loader(url: &str) -> ConfigLoader {
    loader_in_account(url, None)
}

/// As [`loader`], acting in `account` (a 12-digit id) when given: the
/// endpoint reads an account id used as the access key id as that account.
pub fn loader_in_account(url: &str, account: Option<&str>) -> ConfigLoader {
    aws_config::defaults(BehaviorVersion::latest())
        .http_client(https_client())
        .endpoint_url(url)
        .region(Region::new(cicd_local::REGION))
        .credentials_provider(Credentials::new(
            cicd_local::access_key_id(account),
            cicd_local::SECRET_ACCESS_KEY,
            None,
            None,
            "cicd-dsl-tests",
        ))
}

/// The HTTP client the workspace's SDK builds use (rustls on ring; the
/// SDK's default client is left out, see the root Cargo.toml).
pub fn https_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https()
}

pub async fn sdk_config(url: &str) -> SdkConfig {
    loader(url).load().await
}

/// A single-threaded runtime, for synchronous tests that read resources
/// back through the SDK.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}
