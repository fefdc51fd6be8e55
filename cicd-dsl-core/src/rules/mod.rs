//! The rules that check a stack. Each rule is a function from the stack to
//! findings; the macros run them at compile time (mapping each finding's
//! item and field to the user's token) and `check` runs them over a stack
//! at runtime. One rule, one function, one home.
//!
//! # Rule ids
//!
//! The id is what a finding reports and what `#[suppress(<id>, reason = "...")]`
//! on an item accepts. E = error, W = warning.
//!
//! | id | | checks |
//! |---|---|---|
//! | `unknown-item` | E | a reference names an item that is not in the stack |
//! | `wrong-kind` | E | a reference names an item of the wrong kind |
//! | `no-such-value` | E | a reference asks an item for a value its kind lacks |
//! | `cfn-unknown-type` | E | a generic item's type is no CloudFormation resource type (nearest suggested) |
//! | `cfn-unknown-property` | E | a property (or map key) the type's schema does not define, or `tags(...)` on an untaggable type |
//! | `cfn-type` | E | a value of a type the schema does not accept there |
//! | `cfn-enum` | E | a value outside the schema's allowed values (listed) |
//! | `cfn-range` | E | a number outside the schema's minimum/maximum (or not a multiple it demands) |
//! | `cfn-length` | E | a string, list or map shorter or longer than the schema allows |
//! | `cfn-pattern` | E | a string that does not match the schema's pattern |
//! | `cfn-required` | E | a required property (or one of a required group) is missing |
//! | `cfn-exclusive` | E | properties the schema allows only one of are set together |
//! | `cfn-value` | E | a value the schema forbids, or duplicate items in a unique list |
//! | `cfn-read-only` | W | a read-only property (an attribute CloudFormation sets, and ignores in a template) is set |
//! | `cfn-deprecated` | W | a property the schema marks deprecated |
//! | `cfn-get-att` | E | `attr("X")` (or a generic item's `arn()`) names an attribute the type lacks |
//! | `cfn-ref-type` | E | a reference to an item of another type where the schema names the type it takes |
//! | `stack-name` | E | a stack name CloudFormation rejects (a letter, then letters, digits, hyphens; at most 128) |
//! | `stack-description` | E | a stack description over the template's 1,024 bytes |
//! | `logical-id` | E | an item name that is no CloudFormation logical ID (ASCII letters and digits, at most 255) |
//! | `cycle` | E | items depend on each other in a cycle |
//! | `duplicate-logical-id` | E | two generated resources share a logical ID |
//! | `duplicate-name` | E | two resources of a kind share a physical name |
//! | `role-not-assumable` | E | a role does not trust the service that uses it |
//! | `invalid-name` | E | a physical name AWS rejects for the kind (length, characters, pattern) |
//! | `log-retention` | E | a retention CloudWatch Logs does not accept (nearest suggested) |
//! | `lifecycle-days` | E | bucket expiry days out of 1..=36500, or noncurrent expiry on an unversioned bucket |
//! | `image-count` | E | `keep_last` out of 1..=10000 |
//! | `image-tag` | E | a protected tag that is no ECR tag pattern, or protected tags without `keep_last` |
//! | `codebuild-image` | E | an image that is no current x86 curated image nor a registry reference |
//! | `codebuild-timeout` | E | build timeout out of 5..=2160 minutes |
//! | `privileged-docker` | W | the buildspec runs `docker` in a project that is not privileged |
//! | `lambda-runtime` | E | a deprecated (successor named) or unknown Lambda runtime |
//! | `lambda-runtime-deprecating` | W | the runtime is deprecated within 180 days |
//! | `lambda-code` | E | inline code on a non-Python/Node runtime, empty inline code, Cargo code off `provided.al2023` |
//! | `lambda-handler` | E | inline code without an `index.<fn>` handler, Cargo code without `bootstrap` |
//! | `lambda-memory` | E | memory out of 128..=10240 MB |
//! | `lambda-timeout` | E | timeout out of 1..=900 s |
//! | `lambda-snap-start` | E | `snap_start` on a runtime SnapStart does not support (OS-only, Node.js, Ruby, Java before 11, Python before 3.12, .NET before 8) |
//! | `env-key` | E | a malformed or Lambda-reserved environment variable name |
//! | `env-size` | E | a function environment over Lambda's 4 KB (keys and literal values) |
//! | `tag` | E | a tag key/value AWS rejects, an `aws:` key, or over 50 tags on a resource |
//! | `event-pattern` | E | a hand-written pattern that is not a JSON object of arrays, or an empty S3 key |
//! | `bucket-events-off` | E | a rule on S3 events of a bucket that does not send them to EventBridge |
//! | `source-not-versioned` | E | a pipeline's S3 source bucket is not versioned |
//! | `immutable-retag` | E | a `retag()` grant on a repository with immutable tags |
//! | `iam-unknown-action` | E | an action the IAM catalog does not know (nearest suggested) |
//! | `iam-wildcard-action` | E | a wildcard action other than `*` (help lists what it grants) |
//! | `iam-resource-star` | E | `Resource: *` for actions that support resource-level scoping |
//! | `iam-resource-mismatch` | E | an action no resource of its statement can match, or a resource no action uses |
//! | `admin-wildcard` | E | a `*` or `*:*` action |
//! | `any-account-resource` | E | a literal ARN whose account is a wildcard |
//! | `bucket-encryption` | E | a bucket without default encryption |
//! | `bucket-public-access` | E | a bucket without the four public-access blocks |
//! | `bucket-tls` | E | a bucket without the TLS-only policy |
//! | `repository-scan` | E | a repository without scan on push |
//! | `log-retention-missing` | E | a log group that keeps logs forever |
//! | `redundant-permission` | W | a hand-written action the wiring already grants on that resource |
//! | `grant-available` | W | a statement that is exactly one access of an item (`Images.retag()`) |
//! | `broader-than-wiring` | W | a suppressed wildcard on items the wiring serves: what it adds |
//! | `output-name` | E | an output name that is not 1-255 letters and digits |
//! | `duplicate-output` | E | two outputs with one name |
//! | `too-many-outputs` | E | more than 200 outputs |
//! | `too-many-resources` | E | more than 500 template resources, policies included |
//!
//! The `cfn-*` rules also cover the built-in kinds: what an item
//! synthesizes is checked against its type's schema and reported at the
//! attribute that produced it.
//!
//! Findings about the stack's own tags use the stack name as `item`;
//! findings about outputs use the output name.

pub mod arns;
pub mod baseline;
mod date;
pub mod events;
pub mod functions;
mod graph;
pub mod iam;
pub mod least_privilege;
pub mod limits;
pub mod names;
pub mod projects;
mod references;
pub mod repositories;
pub mod runtimes;
pub mod schema;
pub mod snap_start;
pub mod stack;
mod suggest;
mod support;
pub mod synthesized;
pub mod tags;
pub mod values;
mod wiring;

pub use date::Date;
pub use suggest::{did_you_mean, nearest};

use crate::model::{FieldPath, Path, StackDef};
use serde::Serialize;

/// Every rule id, as the table above lists them: what `#[suppress]`
/// accepts besides outside linters' ids (`CKV_*`, cfn-lint's `E1234`).
pub const RULE_IDS: &[&str] = &[
    "unknown-item",
    "wrong-kind",
    "no-such-value",
    "cfn-unknown-type",
    "cfn-unknown-property",
    "cfn-type",
    "cfn-enum",
    "cfn-range",
    "cfn-length",
    "cfn-pattern",
    "cfn-required",
    "cfn-exclusive",
    "cfn-value",
    "cfn-read-only",
    "cfn-deprecated",
    "cfn-get-att",
    "cfn-ref-type",
    "stack-name",
    "stack-description",
    "logical-id",
    "cycle",
    "duplicate-logical-id",
    "duplicate-name",
    "role-not-assumable",
    "invalid-name",
    "log-retention",
    "lifecycle-days",
    "image-count",
    "image-tag",
    "codebuild-image",
    "codebuild-timeout",
    "privileged-docker",
    "lambda-runtime",
    "lambda-runtime-deprecating",
    "lambda-code",
    "lambda-handler",
    "lambda-memory",
    "lambda-timeout",
    "lambda-snap-start",
    "env-key",
    "env-size",
    "tag",
    "event-pattern",
    "bucket-events-off",
    "source-not-versioned",
    "immutable-retag",
    "iam-unknown-action",
    "iam-wildcard-action",
    "iam-resource-star",
    "iam-resource-mismatch",
    "admin-wildcard",
    "any-account-resource",
    "bucket-encryption",
    "bucket-public-access",
    "bucket-tls",
    "repository-scan",
    "log-retention-missing",
    "redundant-permission",
    "grant-available",
    "broader-than-wiring",
    "output-name",
    "duplicate-output",
    "too-many-outputs",
    "too-many-resources",
];

/// Whether `id` names a finding that a suppression can accept: one of ours,
/// a checkov check (`CKV_AWS_18`) or a cfn-lint rule (`W3005`).
pub fn is_suppressible_id(id: &str) -> bool {
    let outside = |prefix: &str| {
        id.strip_prefix(prefix).is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    let cfn_lint = id.len() > 1
        && matches!(id.as_bytes()[0], b'E' | b'W' | b'I')
        && id[1..].chars().all(|c| c.is_ascii_digit());
    RULE_IDS.contains(&id) || outside("CKV_") || outside("CKV2_") || cfn_lint
}

/// How bad a finding is. Errors fail the build; warnings are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem, located by item and field so that the macros can point at
/// the token the user wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable identifier, used to suppress the finding with a reason.
    pub rule: &'static str,
    pub severity: Severity,
    /// The item (or output) the finding is about.
    pub item: String,
    /// The property within the item (`role`, `environment.REPOSITORY_NAME`,
    /// `grants.0`); `None` for the item itself.
    pub field: Option<FieldPath>,
    pub message: String,
    /// The fix, in one sentence.
    pub help: Option<String>,
}

impl Finding {
    /// A finding that fails the build, reported at `at`.
    pub fn error(rule: &'static str, at: Path, message: String) -> Self {
        let (item, field) = at.into_parts();
        Finding {
            rule,
            severity: Severity::Error,
            item,
            field: (!field.is_root()).then_some(field),
            message,
            help: None,
        }
    }

    /// A finding that is reported but does not fail the build.
    pub fn warning(rule: &'static str, at: Path, message: String) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(rule, at, message)
        }
    }

    /// The field as people read it (`statements.0.actions.1`).
    pub fn field_text(&self) -> Option<String> {
        self.field.as_ref().map(ToString::to_string)
    }

    /// Where the finding is: what the macros look its span up under.
    pub fn path(&self) -> Path {
        Path::new(self.item.clone(), self.field.clone().unwrap_or_default())
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A rule: a pure function from a stack (and, for a rule about time, the
/// day it is checked on) to its findings.
#[derive(Clone, Copy)]
pub enum Rule {
    Stack(fn(&StackDef) -> Vec<Finding>),
    Dated(fn(&StackDef, Date) -> Vec<Finding>),
}

impl Rule {
    pub fn run(self, stack: &StackDef, today: Date) -> Vec<Finding> {
        match self {
            Rule::Stack(rule) => rule(stack),
            Rule::Dated(rule) => rule(stack, today),
        }
    }
}

/// Every rule, in the order their findings are reported.
pub const RULES: &[Rule] = &[
    Rule::Stack(stack::stack_settings),
    Rule::Stack(references::unknown_items),
    Rule::Stack(references::wrong_kinds),
    Rule::Stack(references::missing_attributes),
    Rule::Stack(schema::unknown_types),
    Rule::Stack(schema::property_values),
    Rule::Stack(schema::get_att_attributes),
    Rule::Stack(schema::reference_types),
    Rule::Stack(graph::cycles),
    Rule::Stack(graph::duplicate_logical_ids),
    Rule::Stack(graph::duplicate_physical_names),
    Rule::Stack(wiring::role_assumable_by_user),
    Rule::Stack(names::invalid_names),
    Rule::Stack(values::log_retention),
    Rule::Stack(values::lifecycle_days),
    Rule::Stack(values::image_counts),
    Rule::Stack(projects::codebuild_image),
    Rule::Stack(projects::codebuild_timeout),
    Rule::Stack(projects::privileged_for_docker),
    Rule::Dated(functions::lambda_runtime),
    Rule::Stack(functions::lambda_code),
    Rule::Stack(functions::lambda_limits),
    Rule::Stack(functions::lambda_environment),
    Rule::Stack(snap_start::lambda_snap_start),
    Rule::Stack(tags::tags),
    Rule::Stack(events::event_patterns),
    Rule::Stack(events::source_bucket_versioned),
    Rule::Stack(repositories::immutable_retag),
    Rule::Stack(iam::iam_statements),
    Rule::Stack(baseline::admin_wildcard),
    Rule::Stack(baseline::any_account_resource),
    Rule::Stack(baseline::bucket_baseline),
    Rule::Stack(baseline::repository_scan),
    Rule::Stack(baseline::log_retention_set),
    Rule::Stack(least_privilege::redundant_permissions),
    Rule::Stack(least_privilege::grant_available),
    Rule::Stack(least_privilege::broader_than_wiring),
    Rule::Stack(limits::output_names),
    Rule::Stack(limits::resource_count),
];

/// Runs every rule as of `today` and drops findings the items suppress
/// with a reason; on a stack without errors, then checks what it
/// synthesizes ([`synthesized`]). The same stack and day give the same
/// findings.
pub fn check(stack: &StackDef, today: Date) -> Vec<Finding> {
    let mut findings: Vec<Finding> = RULES
        .iter()
        .flat_map(|rule| rule.run(stack, today))
        .collect();
    let not_suppressed = |f: &Finding| {
        stack
            .resource(&f.item)
            .is_none_or(|r| !r.is_suppressed(f.rule))
    };
    findings.retain(not_suppressed);
    if synthesized::ready(&findings) {
        findings.extend(
            synthesized::builtin_properties(stack)
                .into_iter()
                .filter(not_suppressed),
        );
    }
    findings
}

#[cfg(test)]
mod ids_tests {
    use super::*;

    #[test]
    fn the_documented_table_and_the_id_list_agree() {
        let table = include_str!("mod.rs");
        let documented: Vec<&str> = table
            .lines()
            .filter_map(|l| l.strip_prefix("//! | `"))
            .filter_map(|l| l.split_once('`').map(|(id, _)| id))
            .collect();
        assert_eq!(documented, RULE_IDS);
    }

    #[test]
    fn outside_linter_ids_are_suppressible() {
        assert!(is_suppressible_id("CKV_AWS_18"));
        assert!(is_suppressible_id("W3005"));
        assert!(is_suppressible_id("bucket-encryption"));
        assert!(!is_suppressible_id("bucket-encrypton"));
        assert!(!is_suppressible_id("CKV_"));
    }
}
