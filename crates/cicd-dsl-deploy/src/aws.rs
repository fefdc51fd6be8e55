//! Building the SDK clients: one code path for real AWS and a local endpoint.

use std::fmt;

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::meta::region::RegionProviderChain;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_cloudformation::config::{Credentials, Region};

use crate::call_counter::{ApiCallCounts, CallCounter};
use crate::error::DeployError;

/// Region used when neither the options, the environment nor the profile name one.
pub const DEFAULT_REGION: &str = "us-east-1";

/// Attempts per API call (the SDK's default is 3). A deploy makes 10 to 100
/// calls; at 3 attempts one throttled minute in a busy account (or the 20 %
/// fault rate the tests inject) fails about one deploy in three, at 10 the
/// chance is negligible and backoff still caps a dead endpoint at ~20 s.
pub const MAX_ATTEMPTS: u32 = 10;

/// No single connect or read waits longer than this, so a silent network
/// ends the command instead of hanging it.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const READ_TIMEOUT: Duration = Duration::from_secs(60);

/// Where and as whom to talk to AWS.
#[derive(Debug, Clone, Default)]
pub struct AwsOptions {
    /// Named profile from `~/.aws/config`; `None` = the default chain's choice.
    pub profile: Option<String>,
    /// Region override; `None` = environment/profile, then [`DEFAULT_REGION`].
    pub region: Option<String>,
    /// `Some` = talk to a local AWS endpoint with these static credentials.
    /// `None` = the standard credential chain (which also honours
    /// `AWS_ENDPOINT_URL` if the user set it).
    pub endpoint: Option<LocalEndpoint>,
}

/// A local AWS-compatible endpoint and the credentials it accepts.
#[derive(Clone)]
pub struct LocalEndpoint {
    pub url: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl LocalEndpoint {
    /// The endpoint with the throwaway `test`/`test` credentials moto accepts.
    pub fn with_test_credentials(url: impl Into<String>) -> Self {
        LocalEndpoint {
            url: url.into(),
            access_key_id: "test".to_owned(),
            secret_access_key: "test".to_owned(),
        }
    }
}

// Hand-written so a `{:?}` in a log or error can never print the secret.
impl fmt::Debug for LocalEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalEndpoint")
            .field("url", &self.url)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .finish()
    }
}

/// The clients every command uses, plus the call counter they share.
#[derive(Debug, Clone)]
pub struct AwsClients {
    pub cloudformation: aws_sdk_cloudformation::Client,
    pub s3: aws_sdk_s3::Client,
    /// For `push-source`: which execution an upload started.
    pub codepipeline: aws_sdk_codepipeline::Client,
    pub region: String,
    counter: CallCounter,
}

impl AwsClients {
    /// Calls made through these clients so far, per operation.
    pub fn api_calls(&self) -> ApiCallCounts {
        self.counter.snapshot()
    }
}

/// Loads configuration the way the AWS CLI does and builds the clients.
pub async fn load_aws(opts: &AwsOptions) -> Result<AwsClients, DeployError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(profile) = &opts.profile {
        loader = loader.profile_name(profile);
    }
    let region_chain = RegionProviderChain::first_try(opts.region.clone().map(Region::new))
        .or_default_provider()
        .or_else(Region::from_static(DEFAULT_REGION));
    loader = loader.region(region_chain).timeout_config(
        TimeoutConfig::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(READ_TIMEOUT)
            .build(),
    );
    // A user who sets AWS_MAX_ATTEMPTS gets exactly that.
    if std::env::var_os("AWS_MAX_ATTEMPTS").is_none() {
        loader = loader.retry_config(RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS));
    }
    if let Some(local) = &opts.endpoint {
        loader = loader
            .endpoint_url(&local.url)
            .credentials_provider(Credentials::new(
                &local.access_key_id,
                &local.secret_access_key,
                None,
                None,
                "cicd-dsl-local-endpoint",
            ));
    }
    let sdk_config = loader.load().await;
    let region = sdk_config
        .region()
        .map(|r| r.to_string())
        .ok_or_else(|| DeployError::Config("no region could be determined".to_owned()))?;

    let counter = CallCounter::default();
    let cloudformation = aws_sdk_cloudformation::Client::from_conf(
        aws_sdk_cloudformation::config::Builder::from(&sdk_config)
            .interceptor(counter.clone())
            .build(),
    );
    // A custom endpoint (local, or AWS_ENDPOINT_URL) has no wildcard DNS for
    // `<bucket>.<host>`, so buckets go in the path there.
    let path_style = sdk_config.endpoint_url().is_some();
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&sdk_config)
            .force_path_style(path_style)
            .interceptor(counter.clone())
            .build(),
    );
    let codepipeline = aws_sdk_codepipeline::Client::from_conf(
        aws_sdk_codepipeline::config::Builder::from(&sdk_config)
            .interceptor(counter.clone())
            .build(),
    );
    Ok(AwsClients {
        cloudformation,
        s3,
        codepipeline,
        region,
        counter,
    })
}
