//! The retry settings the SDK tests use: a client configured as a user's
//! would be, pointed at the proxy.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use cicd_dsl_tests::clients;

/// A CloudFormation client through `url` (the proxy), with the SDK's
/// standard retry mode and the given attempt budget and backoff.
pub async fn cloudformation(url: &str, retry: RetryConfig) -> aws_sdk_cloudformation::Client {
    let config = clients::loader(url).retry_config(retry).load().await;
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
