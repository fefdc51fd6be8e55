//! Everything that can stop a command, as values the CLI can print.

use std::path::PathBuf;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use serde::Serialize;

/// A resource whose failure caused a stack operation to fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedResource {
    pub logical_id: String,
    pub resource_type: String,
    pub status: String,
    /// AWS's `ResourceStatusReason`, verbatim.
    pub reason: String,
    /// Parsed from `HandlerErrorCode:` / `Error Code:` inside the reason, when present.
    pub error_code: Option<String>,
}

/// A change set entry refused because it would replace or remove a stateful resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedChange {
    pub logical_id: String,
    pub resource_type: String,
    /// `"Remove"` or `"Replace"`.
    pub what: String,
}

/// Why a stack operation ended badly and what to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperationFailure {
    pub stack: String,
    /// Final stack status, e.g. `ROLLBACK_COMPLETE`.
    pub status: String,
    /// The root cause: the first `*_FAILED` event that is not a cancellation.
    pub first_failure: Option<FailedResource>,
    /// The command or action to take next.
    pub next_step: String,
}

impl std::fmt::Display for OperationFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cause = match &self.first_failure {
            Some(r) => format!(
                "{} ({}) {}: {}",
                r.logical_id, r.resource_type, r.status, r.reason
            ),
            None => "CloudFormation reported no resource failure".to_owned(),
        };
        write!(
            f,
            "stack {} ended in {}; first failure: {cause}. Next: {}",
            self.stack, self.status, self.next_step
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error("AWS configuration: {0}")]
    Config(String),

    /// Refused locally, before any call.
    #[error("invalid AWS region {region:?} ({origin}): {reason}; pass --region with a valid name")]
    InvalidRegion {
        region: String,
        origin: String,
        reason: String,
    },

    /// The standard credential chain found nothing (or the named profile
    /// does not exist); found before any call.
    #[error(
        "no AWS credentials found ({detail}): run `aws configure` or `aws sso login`, pass --profile NAME, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --local"
    )]
    NoCredentials { detail: String },

    /// A custom endpoint (`AWS_ENDPOINT_URL`, `--local`) refused or ignored a connection.
    #[error(
        "cannot reach the AWS endpoint {endpoint}: {cause}; check AWS_ENDPOINT_URL (unset it for AWS) or use --local"
    )]
    Unreachable { endpoint: String, cause: String },

    /// AWS rejected the credentials (unknown key, wrong secret, expired token).
    #[error(
        "AWS rejected the credentials on {operation}: {code}: {message}; check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or the profile's keys), refresh expired ones with `aws sso login` or `aws configure`"
    )]
    Rejected {
        operation: &'static str,
        code: String,
        message: String,
    },

    /// An AWS call failed. `message` comes from the SDK's error display, which
    /// never contains credentials.
    #[error("AWS {operation} failed: {message}")]
    Aws {
        operation: &'static str,
        message: String,
    },

    #[error(
        "the asset bucket {bucket} is missing in this account and region; run `cicd-stack bootstrap` first"
    )]
    NotBootstrapped { bucket: String },

    #[error("asset manifest {path}: {message}")]
    Manifest { path: PathBuf, message: String },

    #[error("{what}; run `cicd-stack synth` to rebuild the assets, then deploy again")]
    MissingAsset { what: String },

    #[error(
        "cannot read asset file {path}: {source}; run `cicd-stack synth` to rebuild the assets"
    )]
    AssetRead {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("template: {0}")]
    Template(String),

    #[error(
        "stack {stack} is {status}; another operation is running on it. Wait for it to finish and run the command again"
    )]
    StackBusy { stack: String, status: String },

    #[error(
        "stack {stack} is ROLLBACK_COMPLETE after a failed first create and must be deleted before it can be created again; run `cicd-stack destroy` or deploy again and accept the re-create"
    )]
    NeedsRecreate { stack: String },

    #[error("stack {stack} is {status} and cannot be updated; {hint}")]
    StackUnusable {
        stack: String,
        status: String,
        hint: String,
    },

    #[error("stack {0} does not exist")]
    StackNotFound(String),

    #[error("stack {stack} is not deployed here; run `cicd-stack deploy` first")]
    NotDeployed { stack: String },

    #[error("stack {stack} has no resource {logical_id}; {hint}")]
    MissingResource {
        stack: String,
        logical_id: String,
        hint: String,
    },

    #[error("change set {name} failed: {reason}")]
    ChangeSetFailed { name: String, reason: String },

    #[error("{}", refused_message(.refused))]
    StatefulChangeRefused { refused: Vec<RefusedChange> },

    #[error("not running on a terminal, so there is no one to confirm: pass --yes to {action}")]
    NeedsYes { action: String },

    #[error("cancelled: nothing was changed")]
    Declined,

    /// Ctrl-C: the CLI cleans up and reports; see `clean_up_after_interrupt`.
    #[error("interrupted")]
    Interrupted,

    #[error("{0}")]
    StackOperationFailed(Box<OperationFailure>),

    #[error("timed out after {seconds} s waiting for {what}")]
    Timeout { what: String, seconds: u64 },

    #[error("reading the answer from the terminal: {0}")]
    Prompt(std::io::Error),
}

/// One line, so the CLI's error stays one line however many resources are refused.
fn refused_message(refused: &[RefusedChange]) -> String {
    let what: Vec<String> = refused
        .iter()
        .map(|c| format!("{} {} ({})", c.what, c.logical_id, c.resource_type))
        .collect();
    let flags: Vec<String> = refused
        .iter()
        .map(|c| format!("--allow-replace {}", c.logical_id))
        .collect();
    format!(
        "the change set would lose data in stateful resources ({}), so it was deleted and nothing changed; to accept, pass `{}`",
        what.join(", "),
        flags.join(" ")
    )
}

/// Turns an SDK error into a [`DeployError::Aws`] naming the operation.
///
/// Service errors read as `Code: message`; transport and credential errors
/// keep the SDK's full cause chain, which names the provider that failed but
/// never a secret.
pub(crate) fn aws_error<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> DeployError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    if let Some((code, message)) = rejection(&err) {
        return DeployError::Rejected {
            operation,
            code,
            message,
        };
    }
    let message = match err.as_service_error() {
        // An answer the SDK could not read has neither code nor message;
        // the cause chain says what was wrong with it.
        Some(service) if service.code().is_some() || service.message().is_some() => format!(
            "{}: {}",
            service.code().unwrap_or("Error"),
            service.message().unwrap_or("(no message)")
        ),
        Some(_) => cause_chain(&err),
        // Transport failures: the causes' own messages, not the Debug dump
        // of the connector error that `DisplayErrorContext` appends.
        None if matches!(
            err,
            SdkError::DispatchFailure(_) | SdkError::TimeoutError(_)
        ) =>
        {
            format!("could not reach AWS: {}", cause_chain(&err))
        }
        None => DisplayErrorContext(&err).to_string(),
    };
    DeployError::Aws { operation, message }
}

/// The code and message of an answer refusing the credentials. Read from
/// the parsed error, or else from the raw answer: an authentication failure
/// comes from AWS's front end, whose error shape the service's parser may
/// not expect, but it always names its code in `X-Amzn-ErrorType` or in the
/// body's `<Code>`, with a `<Message>` or `"message"` beside it.
fn rejection<E>(err: &SdkError<E, HttpResponse>) -> Option<(String, String)>
where
    E: ProvideErrorMetadata,
{
    let service = err.as_service_error()?;
    if let Some(code) = service.code() {
        return REJECTED_CREDENTIALS.contains(&code).then(|| {
            (
                code.to_owned(),
                service.message().unwrap_or("(no message)").to_owned(),
            )
        });
    }
    let raw = err.raw_response()?;
    let body = raw
        .body()
        .bytes()
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or_default();
    let code = raw
        .headers()
        .get("x-amzn-errortype")
        .map(|t| t.split(':').next().unwrap_or(t).to_owned())
        .or_else(|| xml_element(body, "Code"))?;
    if !REJECTED_CREDENTIALS.contains(&code.as_str()) {
        return None;
    }
    let message = xml_element(body, "Message").unwrap_or_else(|| "(no message)".to_owned());
    Some((code, message))
}

/// The text of the first `<name>` element, for error bodies only.
fn xml_element(body: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = body.find(&open)? + open.len();
    let end = body[start..].find(&format!("</{name}>"))? + start;
    Some(body[start..end].trim().to_owned())
}

/// Error codes with which AWS says the caller's credentials are not valid.
const REJECTED_CREDENTIALS: [&str; 7] = [
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "UnrecognizedClientException",
    "InvalidAccessKeyId",
    "ExpiredToken",
    "ExpiredTokenException",
    "AuthFailure",
];

/// Each cause's own message, outermost first. Unlike `DisplayErrorContext`,
/// never the `Debug` of the raw response.
pub(crate) fn cause_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = Vec::new();
    let mut current = Some(err);
    while let Some(cause) = current {
        parts.push(cause.to_string());
        current = cause.source();
    }
    parts.join(": ")
}

/// The `(code, message)` of a service error, for the few answers that are not
/// failures (a stack that does not exist, an object that is not there yet).
pub(crate) fn service_error_text<E, R>(err: &SdkError<E, R>) -> Option<(String, String)>
where
    E: ProvideErrorMetadata,
{
    err.as_service_error().map(|service| {
        (
            service.code().unwrap_or_default().to_owned(),
            service.message().unwrap_or_default().to_owned(),
        )
    })
}
