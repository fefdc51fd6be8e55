//! `lambda-snap-start`: SnapStart only on the runtimes Lambda offers it for.
//!
//! AWS, "Improving startup performance with Lambda SnapStart", section
//! "Supported features and limitations"
//! (<https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html>): SnapStart
//! is available for the managed runtimes Java 11 and later, Python 3.12 and
//! later and .NET 8 and later; other managed runtimes (Node.js, Ruby),
//! OS-only runtimes (`provided.al2023`, `provided.al2`) and container images
//! are not supported. CloudFormation would accept the property and the
//! function's create would fail at deploy; here it fails the build.

use super::Finding;
use super::functions::functions;
use crate::model::{Path, StackDef};

/// What the rule's messages name as the supported runtimes.
const SUPPORTED: &str = "Java 11+, Python 3.12+ and .NET 8+";

pub fn lambda_snap_start(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (resource, function) in functions(stack) {
        let runtime = function.runtime.0.as_str();
        if !function.snap_start || supports_snap_start(runtime) {
            continue;
        }
        let at = Path::new(&resource.id, "snap_start");
        let finding = if runtime.starts_with("provided") {
            Finding::error(
                "lambda-snap-start",
                at,
                format!("SnapStart does not support OS-only runtimes such as {runtime}"),
            )
            .with_help(format!(
                "remove `snap_start`: Lambda offers SnapStart only on the managed runtimes {SUPPORTED}"
            ))
        } else {
            Finding::error(
                "lambda-snap-start",
                at,
                format!("SnapStart does not support {runtime}"),
            )
            .with_help(format!(
                "remove `snap_start`, or use a runtime SnapStart supports: {SUPPORTED}"
            ))
        };
        findings.push(finding);
    }
    findings
}

/// `java<N>` (any suffix) with N >= 11, `python3.<N>` with N >= 12,
/// `dotnet<N>` with N >= 8 (not the older `dotnetcore*`).
fn supports_snap_start(runtime: &str) -> bool {
    let leading_number = |text: &str| -> Option<u32> {
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    if let Some(rest) = runtime.strip_prefix("python3.") {
        return leading_number(rest).is_some_and(|minor| minor >= 12);
    }
    if let Some(rest) = runtime.strip_prefix("java") {
        return leading_number(rest).is_some_and(|major| major >= 11);
    }
    if let Some(rest) = runtime.strip_prefix("dotnet") {
        return leading_number(rest).is_some_and(|major| major >= 8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Code, Function, Resource, ResourceKind, Runtime};

    fn stack(runtime: &str, code: Code, snap_start: bool) -> StackDef {
        let function = Function {
            name: None,
            runtime: Runtime(runtime.into()),
            handler: "index.handler".into(),
            code,
            role: "Role".into(),
            logs: None,
            architecture: Default::default(),
            snap_start,
            memory_mb: 128,
            timeout_seconds: 30,
            environment: Default::default(),
            grants: vec![],
        };
        StackDef::new(
            "s",
            vec![Resource::new("Fn", ResourceKind::Function(function))],
        )
    }

    fn inline() -> Code {
        Code::Inline("def handler(e, c): pass".into())
    }

    #[test]
    fn the_supported_runtimes_are_java_11_python_3_12_and_dotnet_8_on() {
        for ok in [
            "java11",
            "java17",
            "java21",
            "java25",
            "python3.12",
            "python3.13",
            "python3.14",
            "dotnet8",
            "dotnet10",
        ] {
            assert!(supports_snap_start(ok), "{ok}");
        }
        for refused in [
            "provided.al2023",
            "provided.al2",
            "java8.al2",
            "python3.11",
            "dotnet6",
            "dotnetcore3.1",
            "nodejs24.x",
            "ruby3.4",
        ] {
            assert!(!supports_snap_start(refused), "{refused}");
        }
    }

    #[test]
    fn snap_start_on_cargo_code_is_refused_at_the_key() {
        let cargo = Code::Cargo {
            package: "p".into(),
            bin: "bootstrap".into(),
        };
        let findings = lambda_snap_start(&stack("provided.al2023", cargo, true));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, "lambda-snap-start");
        assert_eq!(findings[0].field_text().as_deref(), Some("snap_start"));
        assert_eq!(
            findings[0].message,
            "SnapStart does not support OS-only runtimes such as provided.al2023"
        );
    }

    #[test]
    fn a_managed_runtime_without_snap_start_support_is_named() {
        let findings = lambda_snap_start(&stack("nodejs24.x", inline(), true));
        assert_eq!(findings[0].message, "SnapStart does not support nodejs24.x");
        assert!(lambda_snap_start(&stack("python3.13", inline(), true)).is_empty());
        assert!(lambda_snap_start(&stack("nodejs24.x", inline(), false)).is_empty());
    }
}
