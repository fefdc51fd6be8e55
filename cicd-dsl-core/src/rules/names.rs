//! Physical names must be names AWS accepts for the kind.
//!
//! The limits come from the CloudFormation registry schemas shipped with
//! cfn-lint 1.58 (`schemas/resources/*.json`, schema date 2026-10-20) and,
//! where a schema has no pattern (CodeBuild project, CodePipeline pipeline),
//! from the service API reference. Matchers are written by hand: a regex
//! engine would cost every user of the macros its compile time.

use super::Finding;
use crate::model::Path;
use crate::model::{Kind, StackDef};

/// The rule id of every name finding.
pub const RULE: &str = "invalid-name";

/// Why `name` is not a valid physical name for `kind`, or `None` if it is.
pub fn name_problem(kind: Kind, name: &str) -> Option<String> {
    match kind {
        Kind::Bucket => bucket_name_problem(name),
        Kind::Repository => repository_name_problem(name),
        Kind::LogGroup => log_group_name_problem(name),
        Kind::Function => simple(name, 1, 64, |c| {
            c.is_ascii_alphanumeric() || c == '-' || c == '_'
        }),
        // `\w` in the schema's ECMAScript pattern is ASCII only.
        Kind::Role => simple(name, 1, 64, |c| {
            c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
        }),
        Kind::Project => project_name_problem(name),
        Kind::Pipeline => simple(name, 1, 100, |c| {
            c.is_ascii_alphanumeric() || ".@-_".contains(c)
        }),
        Kind::Rule => simple(name, 1, 64, |c| {
            c.is_ascii_alphanumeric() || ".-_".contains(c)
        }),
        // A generic item's name is a property, checked against its schema.
        Kind::Generic => None,
    }
}

/// What a valid name of `kind` looks like, for the `help:` line.
pub fn name_rule_text(kind: Kind) -> &'static str {
    match kind {
        Kind::Bucket => {
            "S3 bucket names are 3-63 characters of lowercase letters, digits, `.` and `-`, start and end with a letter or digit, have no `..`, and do not look like an IP address"
        }
        Kind::Repository => {
            "ECR repository names are 2-256 characters: lowercase letters and digits in parts separated by `.`, `_`, `__` or `-`, optionally in `/`-separated namespaces (`team/app`)"
        }
        Kind::LogGroup => {
            "log group names are 1-512 characters of letters, digits and `.-_/#`, and do not start with `aws/`"
        }
        Kind::Function => {
            "Lambda function names are 1-64 characters of letters, digits, `-` and `_`"
        }
        Kind::Role => "IAM role names are 1-64 characters of letters, digits and `_+=,.@-`",
        Kind::Project => {
            "CodeBuild project names are 2-255 characters of letters, digits, `-` and `_`, starting with a letter or digit"
        }
        Kind::Pipeline => "pipeline names are 1-100 characters of letters, digits and `.@-_`",
        Kind::Rule => "EventBridge rule names are 1-64 characters of letters, digits and `.-_`",
        Kind::Generic => "names are checked against the type's resource schema",
    }
}

/// Every explicit physical name of the stack is valid for its kind.
pub fn invalid_names(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for resource in &stack.resources {
        let Some(name) = resource.kind.physical_name() else {
            continue;
        };
        if let Some(problem) = name_problem(resource.kind(), name) {
            let mut help = name_rule_text(resource.kind()).to_owned();
            if let Some(fixed) = suggestion(resource.kind(), name) {
                help.push_str(&format!("; for example \"{fixed}\""));
            }
            findings.push(
                Finding::error(
                    RULE,
                    Path::new(&resource.id, "name"),
                    format!(
                        "\"{name}\" is not a valid name for {}: {problem}",
                        resource.kind().noun()
                    ),
                )
                .with_help(help),
            );
        }
    }
    findings
}

/// A nearby valid name: lowercased where the kind needs it, invalid
/// characters replaced by `-`, trimmed. Offered only when it is valid.
fn suggestion(kind: Kind, name: &str) -> Option<String> {
    let lower = matches!(kind, Kind::Bucket | Kind::Repository);
    let mut fixed = String::with_capacity(name.len());
    for c in name.chars() {
        let c = if lower { c.to_ascii_lowercase() } else { c };
        let candidate = c.to_string();
        let ok = match kind {
            // Judge one character by whether a name made of it plus
            // letters is valid, which keeps the per-kind tables in one place.
            _ if c.is_ascii_alphanumeric() => true,
            _ => name_problem(kind, &format!("ab{candidate}cd")).is_none(),
        };
        fixed.push(if ok { c } else { '-' });
    }
    while fixed.contains("--") && kind == Kind::Bucket {
        fixed = fixed.replace("--", "-");
    }
    let fixed = fixed.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '/');
    let fixed: String = fixed.chars().take(max_len(kind)).collect();
    (fixed != name && name_problem(kind, &fixed).is_none()).then_some(fixed)
}

fn max_len(kind: Kind) -> usize {
    match kind {
        Kind::Bucket => 63,
        Kind::Repository => 256,
        Kind::LogGroup => 512,
        Kind::Function | Kind::Role | Kind::Rule => 64,
        Kind::Project => 255,
        Kind::Pipeline => 100,
        Kind::Generic => usize::MAX,
    }
}

fn length_problem(name: &str, min: usize, max: usize) -> Option<String> {
    let len = name.chars().count();
    if len < min {
        Some(format!(
            "it has {len} characters, at least {min} are needed"
        ))
    } else if len > max {
        Some(format!(
            "it has {len} characters, at most {max} are allowed"
        ))
    } else {
        None
    }
}

fn first_bad_char(name: &str, allowed: impl Fn(char) -> bool) -> Option<String> {
    name.chars()
        .find(|c| !allowed(*c))
        .map(|c| format!("`{}` is not allowed", c.escape_debug()))
}

fn simple(name: &str, min: usize, max: usize, allowed: impl Fn(char) -> bool) -> Option<String> {
    length_problem(name, min, max).or_else(|| first_bad_char(name, allowed))
}

/// S3 general purpose bucket naming rules, including the prefixes and
/// suffixes S3 reserves for access points and other bucket types.
fn bucket_name_problem(name: &str) -> Option<String> {
    if let Some(p) = length_problem(name, 3, 63) {
        return Some(p);
    }
    if let Some(p) = first_bad_char(name, |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'
    }) {
        return Some(p);
    }
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !alnum(name.chars().next()) || !alnum(name.chars().last()) {
        return Some("it must start and end with a letter or digit".into());
    }
    if name.contains("..") {
        return Some("it has two adjacent periods".into());
    }
    if looks_like_ip(name) {
        return Some("it looks like an IP address".into());
    }
    for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] {
        if name.starts_with(prefix) {
            return Some(format!("the prefix `{prefix}` is reserved by S3"));
        }
    }
    for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] {
        if name.ends_with(suffix) {
            return Some(format!("the suffix `{suffix}` is reserved by S3"));
        }
    }
    None
}

fn looks_like_ip(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// `(?:[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*/)*` then the same without the
/// slash: the schema's pattern, matched by hand.
fn repository_name_problem(name: &str) -> Option<String> {
    if let Some(p) = length_problem(name, 2, 256) {
        return Some(p);
    }
    if let Some(p) = first_bad_char(name, |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || "._-/".contains(c)
    }) {
        return Some(p);
    }
    for segment in name.split('/') {
        if segment.is_empty() {
            return Some("it has an empty `/`-separated part".into());
        }
        if let Some(p) = repository_segment_problem(segment) {
            return Some(p);
        }
    }
    None
}

fn repository_segment_problem(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return Some(format!(
            "`{segment}` must start and end with a lowercase letter or digit"
        ));
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let separator = &segment[start..i];
        let ok = matches!(separator, "." | "_" | "__") || separator.bytes().all(|b| b == b'-');
        if !ok {
            return Some(format!(
                "`{separator}` is not a separator (use one of `.`, `_`, `__` or hyphens)"
            ));
        }
    }
    None
}

fn log_group_name_problem(name: &str) -> Option<String> {
    if let Some(p) = simple(name, 1, 512, |c| {
        c.is_ascii_alphanumeric() || ".-_/#".contains(c)
    }) {
        return Some(p);
    }
    name.starts_with("aws/")
        .then(|| "names starting with `aws/` are reserved by CloudWatch Logs".into())
}

fn project_name_problem(name: &str) -> Option<String> {
    if let Some(p) = simple(name, 2, 255, |c| {
        c.is_ascii_alphanumeric() || c == '-' || c == '_'
    }) {
        return Some(p);
    }
    (!name.starts_with(|c: char| c.is_ascii_alphanumeric()))
        .then(|| "it must start with a letter or digit".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bucket, LogGroup, Repository, Resource, ResourceKind};

    fn ok(kind: Kind, name: &str) -> bool {
        name_problem(kind, name).is_none()
    }

    #[test]
    fn bucket_names() {
        for good in ["my-artifacts", "a.b.c", "abc", "123", &"a".repeat(63)] {
            assert!(ok(Kind::Bucket, good), "{good}");
        }
        for bad in [
            "ab",
            "My-Bucket",
            "-start",
            "end-",
            "a..b",
            "192.168.5.4",
            "xn--bucket",
            "sthree-bucket",
            "data-s3alias",
            "under_score",
            &"a".repeat(64),
        ] {
            assert!(!ok(Kind::Bucket, bad), "{bad}");
        }
        assert!(ok(Kind::Bucket, "1.2.3.4.5"), "five parts is not an IP");
    }

    #[test]
    fn repository_names() {
        for good in [
            "docker-image-repo",
            "team/app",
            "a__b",
            "a---b",
            "a.b_c",
            "ab",
        ] {
            assert!(ok(Kind::Repository, good), "{good}");
        }
        for bad in [
            "a",
            "Docker",
            "team//app",
            "/app",
            "app/",
            "a___b",
            "a._b",
            "-app",
            "a b",
        ] {
            assert!(!ok(Kind::Repository, bad), "{bad}");
        }
    }

    #[test]
    fn log_group_names() {
        assert!(ok(Kind::LogGroup, "/aws/codebuild/docker-build-project"));
        assert!(ok(Kind::LogGroup, "app#1.log_x"));
        assert!(!ok(Kind::LogGroup, "aws/mine"));
        assert!(!ok(Kind::LogGroup, ""));
        assert!(!ok(Kind::LogGroup, "has space"));
        assert!(!ok(Kind::LogGroup, &"a".repeat(513)));
    }

    #[test]
    fn other_kinds() {
        assert!(ok(Kind::Function, "tag-production-image"));
        assert!(!ok(Kind::Function, "tag.production"));
        assert!(!ok(Kind::Function, &"f".repeat(65)));
        assert!(ok(Kind::Role, "svc+role=x,y.z@corp-1_a"));
        assert!(!ok(Kind::Role, "role/with/path"));
        assert!(ok(Kind::Project, "docker-build-project"));
        assert!(!ok(Kind::Project, "x"));
        assert!(!ok(Kind::Project, "_build"));
        assert!(!ok(Kind::Project, "build.project"));
        assert!(ok(Kind::Pipeline, "cicd.pipeline@v2"));
        assert!(!ok(Kind::Pipeline, "cicd pipeline"));
        assert!(!ok(Kind::Pipeline, &"p".repeat(101)));
        assert!(ok(Kind::Rule, "on-source.zip"));
        assert!(!ok(Kind::Rule, "rule/x"));
    }

    fn stack_with(kind: ResourceKind) -> StackDef {
        StackDef::new("s", vec![Resource::new("Item", kind)])
    }

    #[test]
    fn finding_points_at_the_name_and_suggests_a_fix() {
        let stack = stack_with(ResourceKind::Bucket(Bucket {
            name: Some("My_Artifacts".into()),
            ..Bucket::default()
        }));
        let findings = invalid_names(&stack);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(f.rule, RULE);
        assert_eq!(f.item, "Item");
        assert_eq!(f.field_text().as_deref(), Some("name"));
        assert!(f.message.contains("`M` is not allowed"), "{}", f.message);
        assert!(
            f.help.as_deref().unwrap().contains("\"my-artifacts\""),
            "{:?}",
            f.help
        );
    }

    #[test]
    fn valid_and_absent_names_pass() {
        let stack = stack_with(ResourceKind::Repository(Repository {
            name: Some("docker-image-repo".into()),
            ..Repository::default()
        }));
        assert!(invalid_names(&stack).is_empty());
        let stack = stack_with(ResourceKind::LogGroup(LogGroup::default()));
        assert!(invalid_names(&stack).is_empty());
    }
}
