//! Building the SDK clients: one code path for real AWS and a local endpoint.

use std::fmt;

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_cloudformation::config::{Credentials, ProvideCredentials, Region};
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
use aws_smithy_runtime_api::client::http::SharedHttpClient;

use crate::call_counter::{ApiCallCounts, CallCounter};
use crate::call_log::CallLog;
use crate::error::DeployError;
use crate::profile_check;

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
    /// For the environment's account check (GetCallerIdentity).
    pub sts: aws_sdk_sts::Client,
    /// For `deploy`'s import of kept repositories and log groups (do they
    /// exist) and `local complete-build` (the image a build would have pushed).
    pub ecr: aws_sdk_ecr::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    /// For `deploy --hotswap`: new code straight to a function.
    pub lambda: aws_sdk_lambda::Client,
    pub region: String,
    counter: CallCounter,
    /// What the clients were built from, for [`AwsClients::in_region`].
    sdk_config: aws_config::SdkConfig,
}

impl AwsClients {
    /// The same clients (credentials, endpoint, retries, call counter) for
    /// another region: a stack set's targets each have their own.
    pub fn in_region(&self, region: &str) -> AwsClients {
        let config = self
            .sdk_config
            .to_builder()
            .region(Region::new(region.to_owned()))
            .build();
        clients_for(&config, region.to_owned(), self.counter.clone())
    }

    /// Calls made through these clients so far, per operation.
    pub fn api_calls(&self) -> ApiCallCounts {
        self.counter.snapshot()
    }
}

/// Loads configuration the way the AWS CLI does and builds the clients.
///
/// Before returning it refuses, without calling any AWS API, a region that
/// is not shaped like one, a credential chain that finds no credentials and
/// a custom endpoint that does not accept connections: each would otherwise
/// surface later as a retried, less clear failure of the first call.
pub async fn load_aws(opts: &AwsOptions) -> Result<AwsClients, DeployError> {
    if let Some(region) = &opts.region {
        check_region(region).map_err(|reason| DeployError::InvalidRegion {
            region: region.clone(),
            origin: "requested".to_owned(),
            reason,
        })?;
    }
    // The SDK would go on to other providers after a missing profile, and
    // report the last one's failure: a named profile is checked first.
    if let Some(profile) = opts.profile.as_deref().filter(|_| opts.endpoint.is_none())
        && profile_check::profile_is_defined(profile).await == Some(false)
    {
        return Err(DeployError::NoCredentials {
            detail: profile_check::undefined_profile(profile),
            source: None,
        });
    }
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(https_client());
    if let Some(profile) = &opts.profile {
        loader = loader.profile_name(profile);
    }
    // Without a flag the loader's own chain finds the region (environment,
    // the selected profile, instance metadata), with this HTTP client.
    if let Some(region) = &opts.region {
        loader = loader.region(Region::new(region.clone()));
    }
    loader = loader.timeout_config(
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
    let mut sdk_config = loader.load().await;
    if sdk_config.region().is_none() {
        sdk_config = sdk_config
            .into_builder()
            .region(Region::from_static(DEFAULT_REGION))
            .build();
    }
    let region = sdk_config
        .region()
        .map(|r| r.to_string())
        .ok_or_else(|| DeployError::Config("no region could be determined".to_owned()))?;
    check_region(&region).map_err(|reason| DeployError::InvalidRegion {
        region: region.clone(),
        origin: "from AWS_REGION, AWS_DEFAULT_REGION or the profile".to_owned(),
        reason,
    })?;
    if opts.endpoint.is_none() {
        check_credentials(&sdk_config, opts.profile.as_deref()).await?;
    }
    if let Some(url) = sdk_config.endpoint_url() {
        check_reachable(url).await?;
    }

    Ok(clients_for(&sdk_config, region, CallCounter::default()))
}

/// The clients of every service the engine calls, counting their calls.
fn clients_for(
    sdk_config: &aws_config::SdkConfig,
    region: String,
    counter: CallCounter,
) -> AwsClients {
    let cloudformation = aws_sdk_cloudformation::Client::from_conf(
        aws_sdk_cloudformation::config::Builder::from(sdk_config)
            .interceptor(counter.clone())
            .interceptor(CallLog)
            .build(),
    );
    // A custom endpoint (local, or AWS_ENDPOINT_URL) has no wildcard DNS for
    // `<bucket>.<host>`, so buckets go in the path there.
    let path_style = sdk_config.endpoint_url().is_some();
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(sdk_config)
            .force_path_style(path_style)
            .interceptor(counter.clone())
            .interceptor(CallLog)
            .build(),
    );
    let codepipeline = aws_sdk_codepipeline::Client::from_conf(
        aws_sdk_codepipeline::config::Builder::from(sdk_config)
            .interceptor(counter.clone())
            .interceptor(CallLog)
            .build(),
    );
    let ecr = aws_sdk_ecr::Client::from_conf(
        aws_sdk_ecr::config::Builder::from(sdk_config)
            .interceptor(counter.clone())
            .build(),
    );
    let logs = aws_sdk_cloudwatchlogs::Client::from_conf(
        aws_sdk_cloudwatchlogs::config::Builder::from(sdk_config)
            .interceptor(counter.clone())
            .build(),
    );
    let sts = aws_sdk_sts::Client::from_conf(
        aws_sdk_sts::config::Builder::from(sdk_config)
            .interceptor(counter.clone())
            .interceptor(CallLog)
            .build(),
    );
    let lambda = aws_sdk_lambda::Client::from_conf(
        aws_sdk_lambda::config::Builder::from(sdk_config)
            .interceptor(counter.clone())
            .build(),
    );
    AwsClients {
        lambda,
        cloudformation,
        s3,
        codepipeline,
        sts,
        ecr,
        logs,
        region,
        counter,
        sdk_config: sdk_config.clone(),
    }
}

/// Why `name` cannot be an AWS region: regions are `<area>-<words>-<n>`,
/// e.g. `eu-west-1`, `ap-southeast-2`, `us-gov-west-1`. Checked locally so a
/// typo is one clear line instead of a DNS failure for a made-up host.
/// rustls on ring for every client: the SDK's default features (left out in
/// the root Cargo.toml) would compile aws-lc's C library and a second,
/// legacy HTTP stack into this binary.
fn https_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https()
}

pub fn check_region(name: &str) -> Result<(), String> {
    let parts: Vec<&str> = name.split('-').collect();
    let lower = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase());
    let shaped = parts.len() >= 3
        && parts[0].len() == 2
        && lower(parts[0])
        && parts[1..parts.len() - 1].iter().all(|p| lower(p))
        && parts
            .last()
            .is_some_and(|n| (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
    if shaped {
        Ok(())
    } else if name.is_empty() {
        Err("the region is empty; a region looks like eu-west-1".to_owned())
    } else {
        Err("a region looks like eu-west-1 or us-east-1".to_owned())
    }
}

/// Resolves the credential chain once, so "no credentials" is reported
/// before the first API call instead of as that call's dispatch failure.
async fn check_credentials(
    sdk_config: &aws_config::SdkConfig,
    profile: Option<&str>,
) -> Result<(), DeployError> {
    let Some(provider) = sdk_config.credentials_provider() else {
        return Err(DeployError::NoCredentials {
            detail: "no credential provider is configured".to_owned(),
            source: None,
        });
    };
    match provider.provide_credentials().await {
        Ok(credentials) => {
            crate::verbose::never_print(credentials.secret_access_key());
            if let Some(token) = credentials.session_token() {
                crate::verbose::never_print(token);
            }
            Ok(())
        }
        Err(err) => {
            // AWS_PROFILE (no --profile) is only known to matter once the
            // environment's keys turned out absent.
            let profile = profile
                .map(str::to_owned)
                .or_else(|| std::env::var("AWS_PROFILE").ok());
            let detail = match profile {
                Some(name) if profile_check::profile_is_defined(&name).await == Some(false) => {
                    profile_check::undefined_profile(&name)
                }
                _ => credential_failure(&crate::error::cause_chain(&err)),
            };
            Err(DeployError::NoCredentials {
                detail,
                source: Some(Box::new(err)),
            })
        }
    }
}

/// The part of the chain's report a user acts on (a missing profile is
/// found before this, from the profile files).
///
/// This reads text: aws-config keeps the providers' errors as formatted
/// messages, not as types a caller can match.
fn credential_failure(chain: &str) -> String {
    const LOOKED_IN: &str = "looked in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the AWS config and credentials files, web identity, ECS and EC2 instance metadata";
    if chain.contains("no credentials found in chain")
        || chain.contains("no providers in chain provided credentials")
    {
        LOOKED_IN.to_owned()
    } else if let Some(at) = chain
        .find("failed to load IMDS")
        .or_else(|| chain.find("IMDS"))
    {
        // Something answers the instance metadata address without being a
        // usable one (a proxy, a container runtime, IMDS with no role).
        format!(
            "{LOOKED_IN}; the instance metadata endpoint answered but gave none: {}",
            one_line(&chain[at..])
        )
    } else {
        one_line(chain)
    }
}

/// Opens (and closes) one TCP connection to a custom endpoint. A refused or
/// silent endpoint then fails in at most [`CONNECT_TIMEOUT`] with its URL
/// named, instead of after the SDK's retries of the first call.
async fn check_reachable(url: &str) -> Result<(), DeployError> {
    let unreachable = |cause: String| DeployError::Unreachable {
        endpoint: url.to_owned(),
        cause,
    };
    let address =
        host_port(url).ok_or_else(|| unreachable("it is not an http(s) URL".to_owned()))?;
    let connected = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        use std::net::ToSocketAddrs;
        let mut last = None;
        for socket in address.to_socket_addrs()? {
            match std::net::TcpStream::connect_timeout(&socket, CONNECT_TIMEOUT) {
                Ok(_) => return Ok(()),
                Err(err) => last = Some(err),
            }
        }
        Err(last.unwrap_or_else(|| std::io::Error::other("the host name has no address")))
    })
    .await
    .map_err(|err| unreachable(err.to_string()))?;
    connected.map_err(|err| unreachable(err.to_string()))
}

/// `host:port` of an http(s) URL, with the scheme's default port.
fn host_port(url: &str) -> Option<String> {
    let (rest, default_port) = if let Some(rest) = url.strip_prefix("http://") {
        (rest, 80)
    } else if let Some(rest) = url.strip_prefix("https://") {
        (rest, 443)
    } else {
        return None;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority.rsplit('@').next().unwrap_or_default();
    if authority.is_empty() {
        return None;
    }
    let has_port = match authority.rfind(']') {
        Some(bracket) => authority[bracket..].contains(':'),
        None => authority.contains(':'),
    };
    Some(if has_port {
        authority.to_owned()
    } else {
        format!("{authority}:{default_port}")
    })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names_are_checked_for_their_shape() {
        for good in [
            "eu-west-1",
            "us-east-1",
            "ap-southeast-2",
            "us-gov-west-1",
            "cn-north-1",
            "il-central-1",
        ] {
            assert_eq!(check_region(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "not-a-region",
            "us-east-1x",
            "useast1",
            "US-EAST-1",
            "eu-west-",
            "-west-1",
            "eu west 1",
        ] {
            assert!(check_region(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn endpoint_urls_give_host_and_port() {
        for (url, expected) in [
            ("http://127.0.0.1:4566", Some("127.0.0.1:4566")),
            ("http://localhost/", Some("localhost:80")),
            ("https://s3.example.com/x", Some("s3.example.com:443")),
            ("http://[::1]:9000", Some("[::1]:9000")),
            ("http://[::1]", Some("[::1]:80")),
            ("ftp://x", None),
        ] {
            assert_eq!(host_port(url).as_deref(), expected, "{url}");
        }
    }
}
