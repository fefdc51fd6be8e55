//! Everything that can stop a command, as values the CLI can print.
//!
//! An error says what went wrong; where a command of the program gets the
//! user out of it, [`DeployError::next_step`] says which, and
//! [`DeployError::message`] words both with the program's own spelling of
//! its commands.

use std::path::PathBuf;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use serde::Serialize;

use crate::next_step::{CommandLine, NextStep};
use crate::status::Status;

/// Any error an SDK call returns, kept as the source of [`DeployError::Aws`].
pub type SdkFailure = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A resource whose failure caused a stack operation to fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedResource {
    pub logical_id: String,
    pub resource_type: String,
    pub status: Status,
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
    /// A removal that looks like a rename to this item (same type and
    /// physical name), which `#[moved(from = ...)]` would keep.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub looks_renamed_to: Option<String>,
}

/// Why a stack operation ended badly and what to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OperationFailure {
    pub stack: String,
    /// Final stack status, e.g. `ROLLBACK_COMPLETE`.
    pub status: Status,
    /// The root cause: the first `*_FAILED` event that is not a cancellation.
    pub first_failure: Option<FailedResource>,
    /// The command or action to take next.
    pub next_step: NextStep,
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
            "stack {} ended in {}; first failure: {cause}",
            self.stack, self.status
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
    NoCredentials {
        detail: String,
        /// The credential chain's error, when it returned one.
        #[source]
        source: Option<SdkFailure>,
    },

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
        #[source]
        source: SdkFailure,
    },

    /// An AWS call failed. `message` comes from the SDK's error display, which
    /// never contains credentials; `code` is the service's error code, for
    /// code that tells kinds of failure apart.
    #[error("AWS {operation} failed: {message}")]
    Aws {
        operation: &'static str,
        code: Option<String>,
        message: String,
        #[source]
        source: SdkFailure,
    },

    /// The credentials belong to another account than the environment's;
    /// found before anything is read or changed.
    #[error(
        "the credentials belong to account {actual}, but environment {environment} is account {expected}; nothing was touched: use credentials of account {expected} (the environment's profile, or --profile), or pick the environment of account {actual}"
    )]
    WrongAccount {
        environment: String,
        expected: String,
        actual: String,
    },

    #[error("the asset bucket {bucket} is missing in this account and region")]
    NotBootstrapped { bucket: String },

    #[error("asset manifest {path}: {message}")]
    Manifest { path: PathBuf, message: String },

    #[error("{what}")]
    MissingAsset { what: String },

    #[error("cannot read asset file {path}: {source}")]
    AssetRead {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("template: {0}")]
    Template(String),

    /// A stack set's code assets cannot reach a target Region (see
    /// `stackset::code_assets`).
    #[error("stack set code assets: {0}")]
    StackSetAssets(String),

    #[error(
        "stack {stack} is {status}; another operation is running on it. Wait for it to finish and run the command again"
    )]
    StackBusy { stack: String, status: Status },

    #[error(
        "stack {stack} is ROLLBACK_COMPLETE after a failed first create and must be deleted before it can be created again"
    )]
    NeedsRecreate { stack: String },

    /// `why` says what holds the stack; `next` what gets it out.
    #[error("stack {stack} is {status} and cannot be updated; {why}")]
    StackUnusable {
        stack: String,
        status: Status,
        why: String,
        next: Box<NextStep>,
    },

    #[error("stack {stack} is not deployed here")]
    NotDeployed { stack: String },

    #[error("stack {stack} has no resource {logical_id}")]
    MissingResource { stack: String, logical_id: String },

    /// `deploy --execute` of a change set that no longer matches the stack.
    #[error("change set {change_set} of {stack} cannot be executed: {why}")]
    StalePlan {
        stack: String,
        change_set: String,
        why: String,
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

    /// Lambda reported the hotswapped code's update Failed.
    #[error(
        "hotswapping function {function} failed: {reason}; run deploy without --hotswap to deploy through CloudFormation"
    )]
    HotswapFailed { function: String, reason: String },

    #[error("timed out after {seconds} s waiting for {what}")]
    Timeout { what: String, seconds: u64 },

    #[error("reading the answer from the terminal: {0}")]
    Prompt(#[source] std::io::Error),

    /// `deploy`'s import of existing resources (see `adoption`).
    #[error(transparent)]
    Adoption(#[from] crate::adoption::AdoptionError),

    /// `deploy`'s moves of renamed items (see `stack_moves`).
    #[error(transparent)]
    Moves(#[from] crate::stack_moves::MoveError),
}

impl DeployError {
    /// The step that gets the user out of this error, when a command of
    /// the program does.
    pub fn next_step(&self) -> Option<NextStep> {
        match self {
            DeployError::NotBootstrapped { .. } => Some(NextStep::Bootstrap),
            DeployError::MissingAsset { .. } => Some(NextStep::Synth { then_deploy: true }),
            DeployError::AssetRead { .. } => Some(NextStep::Synth { then_deploy: false }),
            DeployError::NeedsRecreate { .. } => Some(NextStep::DestroyOrRecreate),
            DeployError::StackUnusable { next, .. } => Some(NextStep::clone(next)),
            DeployError::NotDeployed { .. } => Some(NextStep::DeployFirst),
            DeployError::MissingResource { .. } => Some(NextStep::DeployToMatchCode),
            DeployError::StalePlan { .. } => Some(NextStep::PlanAgain),
            DeployError::StackOperationFailed(failure) => Some(failure.next_step.clone()),
            _ => None,
        }
    }

    /// The one line a user reads: the error, then the next step with the
    /// commands as `commands` spells them.
    pub fn message(&self, commands: &dyn CommandLine) -> String {
        let Some(step) = self.next_step() else {
            return self.to_string();
        };
        // After a stack's state, the step is a sentence of its own; after
        // a missing piece, it completes the sentence.
        let joint = match self {
            DeployError::StackUnusable { .. } | DeployError::StackOperationFailed(_) => ". Next: ",
            _ => "; ",
        };
        format!("{self}{joint}{}", step.describe(commands))
    }

    /// The service's error code of a failed AWS call.
    pub fn aws_code(&self) -> Option<&str> {
        match self {
            DeployError::Aws { code, .. } => code.as_deref(),
            DeployError::Rejected { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// One line, so the CLI's error stays one line however many resources are refused.
fn refused_message(refused: &[RefusedChange]) -> String {
    let (what, flags) = refused_words(refused);
    format!(
        "the change set would lose data in stateful resources ({what}), so it was deleted and nothing changed; to accept, pass `{flags}`{}",
        rename_advice(refused)
    )
}

/// For removals that look like renames: the attribute that moves the
/// resource instead (empty when there are none).
pub(crate) fn rename_advice(refused: &[RefusedChange]) -> String {
    refused
        .iter()
        .filter_map(|c| {
            let to = c.looks_renamed_to.as_ref()?;
            Some(format!(
                "; {to} looks like {from} renamed (same type and name): to keep the resource instead, add `#[moved(from = {from})]` to {to}",
                from = c.logical_id
            ))
        })
        .collect()
}

/// What is refused (`Replace Images (AWS::ECR::Repository), ...`) and the
/// flags that accept it, in the words both deploy's refusal and diff's
/// verdict use.
pub(crate) fn refused_words(refused: &[RefusedChange]) -> (String, String) {
    let what: Vec<String> = refused
        .iter()
        .map(|c| format!("{} {} ({})", c.what, c.logical_id, c.resource_type))
        .collect();
    let flags: Vec<String> = refused
        .iter()
        .map(|c| format!("--allow-replace {}", c.logical_id))
        .collect();
    (what.join(", "), flags.join(" "))
}

/// Turns an SDK error into a [`DeployError::Aws`] naming the operation.
///
/// Service errors read as `Code: message`; transport and credential errors
/// keep the SDK's full cause chain, which names the provider that failed but
/// never a secret.
pub(crate) fn aws_error<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> DeployError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    if let Some((code, message)) = rejection(&err) {
        return DeployError::Rejected {
            operation,
            code,
            message,
            source: Box::new(err),
        };
    }
    let code = service_code(&err).map(str::to_owned);
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
    DeployError::Aws {
        operation,
        code,
        message,
        source: Box::new(err),
    }
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

/// The error code of a service's answer, for the few answers that are not
/// failures (a stack that does not exist, a bucket that is not there yet)
/// and that the SDK has no variant for.
pub(crate) fn service_code<E, R>(err: &SdkError<E, R>) -> Option<&str>
where
    E: ProvideErrorMetadata,
{
    err.as_service_error().and_then(|service| service.code())
}
