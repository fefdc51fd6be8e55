//! Lambda functions: a runtime Lambda supports, code and handler that fit
//! the runtime, memory and timeout in range, environment keys Lambda allows.

use super::runtimes::{RUNTIMES, RuntimeStatus, runtime_status};
use super::{Date, Finding, did_you_mean};
use crate::model::{Code, FieldPath, Function, Path, Resource, ResourceKind, StackDef, Value};

/// The only runtime Cargo code is built for.
pub const CARGO_RUNTIME: &str = "provided.al2023";

pub const MEMORY_MB: std::ops::RangeInclusive<u32> = 128..=10_240;
/// 900 s is the limit for functions on Lambda's own fleet; the schema's
/// larger bound applies only to Lambda Managed Instances, which the DSL does
/// not declare.
pub const TIMEOUT_SECONDS: std::ops::RangeInclusive<u32> = 1..=900;

/// Keys Lambda sets itself and refuses in a function's environment
/// (cfn-lint `aws_lambda_function/environment_variable_keys.json`).
const RESERVED_ENV_KEYS: [&str; 18] = [
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_DEFAULT_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_REGION",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "LAMBDA_RUNTIME_DIR",
    "LAMBDA_TASK_ROOT",
];

pub(super) fn functions(stack: &StackDef) -> impl Iterator<Item = (&Resource, &Function)> {
    stack.resources.iter().filter_map(|r| match &r.kind {
        ResourceKind::Function(f) => Some((r, f)),
        _ => None,
    })
}

/// Deprecated runtimes are errors naming the successor; unknown ones are
/// errors with the nearest known name; a deprecation within
/// [`super::runtimes::DEPRECATION_NOTICE_DAYS`] of `today` is a warning.
pub fn lambda_runtime(stack: &StackDef, today: Date) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (resource, function) in functions(stack) {
        let runtime = function.runtime.0.as_str();
        let at = || Path::new(&resource.id, "runtime");
        let move_to = |successor: Option<&str>| match successor {
            Some(s) => format!("use {s}"),
            None => "move to a supported runtime of the family".to_owned(),
        };
        match runtime_status(runtime, today) {
            RuntimeStatus::Supported => {}
            RuntimeStatus::Deprecated { since, successor } => findings.push(
                Finding::error(
                    "lambda-runtime",
                    at(),
                    format!("{runtime} is deprecated in Lambda since {since}"),
                )
                .with_help(format!(
                    "{runtime} is deprecated in Lambda; {}",
                    move_to(successor)
                )),
            ),
            RuntimeStatus::Deprecating { on, successor } => findings.push(
                Finding::warning(
                    "lambda-runtime-deprecating",
                    at(),
                    format!("{runtime} will be deprecated in Lambda on {on}"),
                )
                .with_help(move_to(successor)),
            ),
            RuntimeStatus::Unknown => {
                let finding = Finding::error(
                    "lambda-runtime",
                    at(),
                    format!("`{runtime}` is not a Lambda runtime"),
                );
                let help = did_you_mean(runtime, RUNTIMES.iter().map(|r| r.id), || {
                    "Rust functions use provided.al2023; Python ones python3.13".into()
                });
                findings.push(finding.with_help(help));
            }
        }
    }
    findings
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// Inline code is Python or Node.js saved as `index`; Cargo code is a
/// `bootstrap` binary for an OS-only runtime.
pub fn lambda_code(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (resource, function) in functions(stack) {
        let runtime = function.runtime.0.as_str();
        let id = &resource.id;
        match &function.code {
            Code::Inline(source) => {
                if !(runtime.starts_with("python") || runtime.starts_with("nodejs")) {
                    findings.push(
                        Finding::error(
                            "lambda-code",
                            Path::new(id, "code"),
                            format!("inline code cannot run on {runtime}: CloudFormation accepts inline code only for Python and Node.js"),
                        )
                        .with_help("use a python3.x or nodejs runtime, or build the code with Cargo for provided.al2023"),
                    );
                }
                let ok = function
                    .handler
                    .strip_prefix("index.")
                    .is_some_and(is_identifier);
                if !ok {
                    findings.push(
                        Finding::error(
                            "lambda-handler",
                            Path::new(id, "handler"),
                            format!(
                                "handler \"{}\" cannot find inline code, which CloudFormation saves as `index`",
                                function.handler
                            ),
                        )
                        .with_help("write `handler = \"index.<function>\"`, e.g. \"index.handler\""),
                    );
                }
                if source.trim().is_empty() {
                    findings.push(
                        Finding::error(
                            "lambda-code",
                            Path::new(id, "code"),
                            "the inline code is empty".into(),
                        )
                        .with_help("write the function's source, or build it with Cargo"),
                    );
                }
            }
            Code::Cargo { .. } => {
                // provided.al2 would run an old enough binary, but it is
                // deprecated, and a host build links the host's glibc,
                // newer than Amazon Linux 2's.
                if runtime != CARGO_RUNTIME {
                    let message = if runtime.starts_with("provided") {
                        format!("Cargo code is built for {CARGO_RUNTIME}, not for {runtime}")
                    } else {
                        format!(
                            "Cargo code is a native `bootstrap` binary and cannot run on {runtime}"
                        )
                    };
                    findings.push(
                        Finding::error("lambda-code", Path::new(id, "runtime"), message).with_help(
                            format!("use runtime {CARGO_RUNTIME}, or leave `runtime` out"),
                        ),
                    );
                }
                if function.handler != "bootstrap" {
                    findings.push(
                        Finding::error(
                            "lambda-handler",
                            Path::new(id, "handler"),
                            format!(
                                "handler \"{}\" does not name the Cargo binary, which is packaged as `bootstrap`",
                                function.handler
                            ),
                        )
                        .with_help("write `handler = \"bootstrap\"`"),
                    );
                }
            }
        }
    }
    findings
}

pub fn lambda_limits(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (resource, function) in functions(stack) {
        if !MEMORY_MB.contains(&function.memory_mb) {
            findings.push(
                Finding::error(
                    "lambda-memory",
                    Path::new(&resource.id, "memory_mb"),
                    format!("Lambda cannot give a function {} MB", function.memory_mb),
                )
                .with_help(format!(
                    "memory must be from {} to {} MB",
                    MEMORY_MB.start(),
                    MEMORY_MB.end()
                )),
            );
        }
        if !TIMEOUT_SECONDS.contains(&function.timeout_seconds) {
            findings.push(
                Finding::error(
                    "lambda-timeout",
                    Path::new(&resource.id, "timeout_seconds"),
                    format!(
                        "a Lambda timeout of {} seconds is out of range",
                        function.timeout_seconds
                    ),
                )
                .with_help(format!(
                    "the timeout must be from {} to {} seconds",
                    TIMEOUT_SECONDS.start(),
                    TIMEOUT_SECONDS.end()
                )),
            );
        }
    }
    findings
}

/// Lambda environment keys: `[a-zA-Z][a-zA-Z0-9_]+` and not one Lambda sets.
pub fn lambda_environment(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (resource, function) in functions(stack) {
        for key in function.environment.keys() {
            let at = || Path::new(&resource.id, FieldPath::environment(key));
            let well_formed = key.len() >= 2
                && key.starts_with(|c: char| c.is_ascii_alphabetic())
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !well_formed {
                findings.push(
                    Finding::error(
                        "env-key",
                        at(),
                        format!("`{key}` is not a valid Lambda environment variable name"),
                    )
                    .with_help("names are a letter followed by one or more letters, digits or `_`"),
                );
            } else if RESERVED_ENV_KEYS.contains(&key.as_str()) {
                findings.push(
                    Finding::error(
                        "env-key",
                        at(),
                        format!("Lambda sets `{key}` itself and rejects it in the environment"),
                    )
                    .with_help("choose another name; the runtime already provides this one"),
                );
            }
        }
        findings.extend(environment_size(resource, function));
    }
    findings
}

/// Lambda's limit on a function's environment: keys and values together.
const MAX_ENVIRONMENT_BYTES: usize = 4096;

/// `env-size`: the environment over 4 KB, reported at its largest value.
/// A reference counts as its key only (its value is known at deploy), so
/// the rule never rejects what Lambda accepts.
fn environment_size(resource: &Resource, function: &Function) -> Option<Finding> {
    let literal = |value: &Value| match value {
        Value::Literal(text) => text.len(),
        Value::Ref(_) => 0,
    };
    let total: usize = function
        .environment
        .iter()
        .map(|(key, value)| key.len() + literal(value))
        .sum();
    if total <= MAX_ENVIRONMENT_BYTES {
        return None;
    }
    let (largest, _) = function
        .environment
        .iter()
        .max_by_key(|(key, value)| (literal(value), std::cmp::Reverse(*key)))?;
    Some(
        Finding::error(
            "env-size",
            Path::new(&resource.id, FieldPath::environment(largest)),
            format!(
                "the environment is {total} bytes; Lambda takes at most {MAX_ENVIRONMENT_BYTES} for all keys and values together"
            ),
        )
        .with_help(format!(
            "move large values such as `{largest}` out of the environment (an SSM parameter or an S3 object the function reads)"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Runtime;

    fn function(runtime: &str, handler: &str, code: Code) -> Function {
        Function {
            name: None,
            runtime: Runtime(runtime.into()),
            handler: handler.into(),
            code,
            role: "Role".into(),
            logs: None,
            architecture: Default::default(),
            snap_start: false,
            memory_mb: 128,
            timeout_seconds: 30,
            environment: Default::default(),
            grants: vec![],
        }
    }

    fn cargo() -> Code {
        Code::Cargo {
            package: "lambda".into(),
            bin: "tag".into(),
        }
    }

    fn inline() -> Code {
        Code::Inline("def handler(event, context):\n    return 1\n".into())
    }

    fn stack(f: Function) -> StackDef {
        StackDef::new("s", vec![Resource::new("Tag", ResourceKind::Function(f))])
    }

    #[test]
    fn deprecated_runtime_names_the_successor() {
        let s = stack(function("python3.9", "index.handler", inline()));
        let findings = lambda_runtime(&s, Date::parse("2026-11-26").unwrap());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "lambda-runtime");
        assert_eq!(findings[0].field_text().as_deref(), Some("runtime"));
        assert_eq!(
            findings[0].help.as_deref(),
            Some("python3.9 is deprecated in Lambda; use python3.14")
        );
    }

    #[test]
    fn unknown_runtime_suggests_the_nearest() {
        let s = stack(function("python3.31", "index.handler", inline()));
        let findings = lambda_runtime(&s, Date::parse("2026-11-26").unwrap());
        assert_eq!(findings[0].message, "`python3.31` is not a Lambda runtime");
        assert!(
            findings[0]
                .help
                .as_deref()
                .unwrap()
                .starts_with("did you mean `python3.")
        );
    }

    #[test]
    fn coming_deprecation_is_a_warning() {
        let s = stack(function("python3.11", "index.handler", inline()));
        let findings = lambda_runtime(&s, Date::parse("2027-03-01").unwrap());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, crate::rules::Severity::Warning);
        assert!(lambda_runtime(&s, Date::parse("2026-11-26").unwrap()).is_empty());
    }

    #[test]
    fn cargo_code_needs_provided_and_bootstrap() {
        assert!(lambda_code(&stack(function("provided.al2023", "bootstrap", cargo()))).is_empty());
        let wrong = lambda_code(&stack(function("python3.13", "main", cargo())));
        let fields: Vec<_> = wrong.iter().map(|f| f.field_text().unwrap()).collect();
        assert_eq!(fields, ["runtime", "handler"]);
        let al2 = lambda_code(&stack(function("provided.al2", "bootstrap", cargo())));
        assert_eq!(
            al2[0].message,
            "Cargo code is built for provided.al2023, not for provided.al2"
        );
    }

    #[test]
    fn inline_code_needs_python_or_node_and_index_handler() {
        assert!(lambda_code(&stack(function("python3.13", "index.handler", inline()))).is_empty());
        assert!(lambda_code(&stack(function("nodejs22.x", "index.main", inline()))).is_empty());
        let wrong = lambda_code(&stack(function("provided.al2023", "app.handler", inline())));
        let fields: Vec<_> = wrong.iter().map(|f| f.field_text().unwrap()).collect();
        assert_eq!(fields, ["code", "handler"]);
        assert_eq!(
            lambda_code(&stack(function("python3.13", "index.", inline()))).len(),
            1
        );
    }

    #[test]
    fn memory_and_timeout_ranges() {
        let mut f = function("provided.al2023", "bootstrap", cargo());
        f.memory_mb = 10_240;
        f.timeout_seconds = 900;
        assert!(lambda_limits(&stack(f.clone())).is_empty());
        f.memory_mb = 64;
        f.timeout_seconds = 901;
        let findings = lambda_limits(&stack(f.clone()));
        let rules: Vec<_> = findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["lambda-memory", "lambda-timeout"]);
        f.memory_mb = 128;
        f.timeout_seconds = 0;
        assert_eq!(lambda_limits(&stack(f)).len(), 1);
    }

    #[test]
    fn environment_keys() {
        let mut f = function("provided.al2023", "bootstrap", cargo());
        for key in ["REPOSITORY_NAME", "AWS_REGION", "1ABC", "X", "with-dash"] {
            f.environment.insert(key.into(), Value::Literal("v".into()));
        }
        let findings = lambda_environment(&stack(f));
        let mut fields: Vec<_> = findings.iter().map(|f| f.field_text().unwrap()).collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "environment.1ABC",
                "environment.AWS_REGION",
                "environment.X",
                "environment.with-dash"
            ]
        );
    }

    #[test]
    fn an_environment_over_four_kilobytes_is_reported_at_its_largest_value() {
        let mut f = function("provided.al2023", "bootstrap", cargo());
        f.environment
            .insert("SMALL".into(), Value::Literal("v".repeat(100)));
        f.environment
            .insert("CERTIFICATE".into(), Value::Literal("c".repeat(3990)));
        let findings = lambda_environment(&stack(f.clone()));
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].rule, "env-size");
        assert_eq!(
            findings[0].field_text().as_deref(),
            Some("environment.CERTIFICATE")
        );
        f.environment.remove("SMALL");
        assert!(lambda_environment(&stack(f)).is_empty());
    }
}
