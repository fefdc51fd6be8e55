#![allow(dead_code)] // each test binary uses a different part of it

//! What the proxy tests share: a local AWS endpoint of the test's own, an
//! SDK client configured as a user's would be, and a raw HTTP/1.1 client
//! for checking the wire.

pub mod raw_http;

use std::path::PathBuf;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_cloudformation::config::Credentials;
use cicd_local::{LocalEndpoint, LocalOptions};

/// A local endpoint (extended moto server) killed when the handle drops;
/// its state directory is the test's own so tests do not share a log.
pub fn local_endpoint(test: &str) -> LocalEndpoint {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut opts = LocalOptions::new(workspace);
    opts.state_dir =
        std::env::temp_dir().join(format!("fault-proxy-{test}-{}", std::process::id()));
    LocalEndpoint::start_ephemeral(&opts).expect("the local endpoint starts")
}

/// A CloudFormation client through `endpoint`, with the SDK's standard
/// retry mode and the given attempt budget and backoff.
pub async fn cloudformation(endpoint: &str, retry: RetryConfig) -> aws_sdk_cloudformation::Client {
    let credentials = Credentials::new(
        cicd_local::ACCESS_KEY_ID,
        cicd_local::SECRET_ACCESS_KEY,
        None,
        None,
        "fault-proxy-tests",
    );
    let config = aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(credentials)
        .retry_config(retry)
        .load()
        .await;
    aws_sdk_cloudformation::Client::new(&config)
}

/// Standard mode with ten attempts and the SDK's default backoff
/// (1 s initial, 20 s cap, full jitter).
pub fn standard_retry(max_attempts: u32) -> RetryConfig {
    RetryConfig::standard().with_max_attempts(max_attempts)
}

/// Standard mode with a short backoff, for tests that exhaust the attempts.
pub fn standard_retry_short_backoff(max_attempts: u32) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(max_attempts)
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_secs(1))
}
