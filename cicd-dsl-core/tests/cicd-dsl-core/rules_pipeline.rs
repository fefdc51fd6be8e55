//! The rules over the CI/CD pipeline of `spec/pipeline.md` (the stack the
//! benchmarks measure, built by hand in `benches/support` as the model
//! `cicd_stack::pipeline::stack()` returns): the real stack passes every
//! rule, its derived IAM policy passes the IAM catalog checks, and each
//! single mistake a user could make yields exactly the finding that names it.

use crate::support::pipeline_stack;
use cicd_dsl_core::rules::arns::item_arn_pattern;
use cicd_dsl_core::rules::iam::{StatementView, check_statement};
use cicd_dsl_core::rules::{Date, Finding, Severity, check};
use cicd_dsl_core::synth::permissions::{Scope, for_role};
use cicd_dsl_core::{
    Attr, ItemRef, Path, Resource, ResourceKind, Runtime, StackDef, Statement, StatementResource,
    Suppression, TagMutability,
};

/// The rules depend on the day only through runtime deprecations; a fixed
/// day keeps these tests' answers fixed.
fn today() -> Date {
    Date::parse("2026-12-01").expect("a valid date")
}

fn resource_mut<'a>(stack: &'a mut StackDef, id: &str) -> &'a mut Resource {
    stack
        .resources
        .iter_mut()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("{id} is in the stack"))
}

/// The settings of item `$id`, which must be of kind `$kind`.
macro_rules! settings_mut {
    ($stack:expr, $id:expr, $kind:ident) => {{
        let id = $id;
        match &mut resource_mut($stack, id).kind {
            ResourceKind::$kind(settings) => settings,
            _ => panic!("{id} is a {}", stringify!($kind)),
        }
    }};
}

fn suppress(stack: &mut StackDef, id: &str, rule: &str, reason: &str) {
    resource_mut(stack, id).suppressions.push(Suppression {
        rule: rule.into(),
        reason: reason.into(),
    });
}

/// Adds a hand-written statement on `resources` (item ARNs) to `role_id`.
fn add_statement(stack: &mut StackDef, role_id: &str, actions: &[&str], resources: &[&str]) {
    let statement = Statement {
        actions: actions.iter().map(|a| a.to_string()).collect(),
        resources: resources
            .iter()
            .map(|id| StatementResource::Item {
                item: ItemRef::new(*id, Attr::Arn),
                suffix: String::new(),
            })
            .collect(),
    };
    settings_mut!(stack, role_id, Role)
        .statements
        .push(statement);
}

/// (rule, item, field) of each finding, for exact comparisons.
fn located(findings: &[Finding]) -> Vec<(&'static str, String, Option<String>)> {
    findings
        .iter()
        .map(|f| (f.rule, f.item.clone(), f.field_text()))
        .collect()
}

fn expected(
    findings: &[(&'static str, &str, &str)],
) -> Vec<(&'static str, String, Option<String>)> {
    findings
        .iter()
        .map(|(rule, item, field)| (*rule, item.to_string(), Some(field.to_string())))
        .collect()
}

/// What the help of a mistake's first finding must say.
enum Help {
    Unchecked,
    EndsWith(&'static str),
    Contains(&'static str),
    Is(&'static str),
}

/// One mistake a user could make in the pipeline, and every finding
/// (rule, item, field) it must yield, in order.
struct Mistake {
    what: &'static str,
    make: fn(&mut StackDef),
    findings: &'static [(&'static str, &'static str, &'static str)],
    help: Help,
}

const MISTAKES: &[Mistake] = &[
    Mistake {
        what: "an object action on the bucket ARN is a resource mismatch",
        make: |s| add_statement(s, "FunctionRole", &["s3:GetObject"], &["Artifacts"]),
        findings: &[(
            "iam-resource-mismatch",
            "FunctionRole",
            "statements.0.resources.0",
        )],
        help: Help::Contains("arn:aws:s3:::BUCKET/KEY"),
    },
    Mistake {
        what: "a deprecated runtime, which Cargo code is not built for either",
        make: |s| {
            settings_mut!(s, "TagProduction", Function).runtime = Runtime("provided.al2".into())
        },
        findings: &[
            ("lambda-runtime", "TagProduction", "runtime"),
            ("lambda-code", "TagProduction", "runtime"),
        ],
        help: Help::EndsWith("use provided.al2023"),
    },
    Mistake {
        what: "a retention AWS rejects names the nearest",
        make: |s| settings_mut!(s, "BuildLogs", LogGroup).retention_days = Some(6),
        findings: &[("log-retention", "BuildLogs", "retention_days")],
        help: Help::EndsWith("nearest is 5"),
    },
    Mistake {
        what: "a project on the function role cannot assume it",
        make: |s| settings_mut!(s, "DockerBuild", Project).role = "FunctionRole".into(),
        findings: &[("role-not-assumable", "DockerBuild", "role")],
        help: Help::Unchecked,
    },
    Mistake {
        what: "an output name with a dash is rejected",
        make: |s| s.outputs[1].name = "ecr-repository-url".into(),
        findings: &[("output-name", "ecr-repository-url", "name")],
        help: Help::Contains("\"ecrrepositoryurl\""),
    },
    Mistake {
        what: "a bucket without EventBridge never starts the pipeline",
        make: |s| settings_mut!(s, "Artifacts", Bucket).eventbridge = false,
        findings: &[("bucket-events-off", "SourceUploaded", "on")],
        help: Help::Unchecked,
    },
    Mistake {
        what: "an unversioned source bucket fails two rules",
        make: |s| settings_mut!(s, "Artifacts", Bucket).versioned = false,
        findings: &[
            (
                "lifecycle-days",
                "Artifacts",
                "expire_noncurrent_after_days",
            ),
            ("source-not-versioned", "Release", "stages.Source.0"),
        ],
        help: Help::Unchecked,
    },
    Mistake {
        what: "an invalid repository name is one finding",
        make: |s| settings_mut!(s, "Images", Repository).name = Some("Docker_Image_Repo".into()),
        findings: &[("invalid-name", "Images", "name")],
        help: Help::Contains("\"docker_image_repo\""),
    },
    Mistake {
        what: "immutable tags break the production retag",
        make: |s| settings_mut!(s, "Images", Repository).tag_mutability = TagMutability::Immutable,
        findings: &[("immutable-retag", "TagProduction", "grants.0")],
        help: Help::Unchecked,
    },
    Mistake {
        what: "a misspelt action suggests the real one",
        make: |s| add_statement(s, "FunctionRole", &["ecr:ListImage"], &["Images"]),
        findings: &[(
            "iam-unknown-action",
            "FunctionRole",
            "statements.0.actions.0",
        )],
        help: Help::Is("did you mean `ecr:ListImages`?"),
    },
];

#[test]
fn each_single_mistake_yields_exactly_the_findings_that_name_it() {
    for mistake in MISTAKES {
        let what = mistake.what;
        let mut stack = pipeline_stack();
        (mistake.make)(&mut stack);
        let findings = check(&stack, today());
        assert_eq!(located(&findings), expected(mistake.findings), "{what}");
        let help = findings[0].help.as_deref();
        match mistake.help {
            Help::Unchecked => {}
            Help::EndsWith(end) => assert!(help.unwrap().ends_with(end), "{what}: {help:?}"),
            Help::Contains(part) => assert!(help.unwrap().contains(part), "{what}: {help:?}"),
            Help::Is(text) => assert_eq!(help, Some(text), "{what}"),
        }
    }
}

#[test]
fn the_pipeline_stack_has_no_findings() {
    let findings = check(&pipeline_stack(), today());
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn the_derived_policy_of_every_role_passes_the_iam_checks() {
    let stack = pipeline_stack();
    let mut checked = 0;
    for role in ["BuildRole", "FunctionRole", "PipelineRole", "EventsRole"] {
        let statements = for_role(&stack, role);
        assert!(!statements.is_empty(), "{role} has derived permissions");
        for (i, s) in statements.iter().enumerate() {
            let pattern = match &s.scope {
                Scope::Any => "*".to_owned(),
                Scope::Arn(arn) => arn.clone(),
                Scope::Item { item, suffix } => {
                    let kind = stack
                        .resource(item)
                        .expect("derived scopes are items")
                        .kind();
                    item_arn_pattern(kind, item, suffix)
                }
            };
            let view = StatementView {
                at: Path::item(role).field("derived").index(i),
                actions: s.actions.iter().map(String::as_str).collect(),
                resources: vec![(Some(pattern.clone()), pattern)],
            };
            let findings = check_statement(&view);
            assert!(findings.is_empty(), "{role} {s:?}: {findings:#?}");
            checked += s.actions.len();
        }
    }
    // Build: push+pull (7) + auth token + logs (2) + artifact read (5);
    // function: retag (3) + logs (2) + job results (2); pipeline: artifacts,
    // source, build, invoke; events: start execution.
    assert!(checked >= 25, "only {checked} actions were checked");
}

#[test]
fn a_service_wildcard_is_an_error_until_suppressed() {
    let mut stack = pipeline_stack();
    add_statement(&mut stack, "FunctionRole", &["ecr:*"], &["Images"]);
    assert_eq!(
        located(&check(&stack, today())),
        expected(&[(
            "iam-wildcard-action",
            "FunctionRole",
            "statements.0.actions.0"
        )])
    );
    suppress(
        &mut stack,
        "FunctionRole",
        "iam-wildcard-action",
        "the tagging code is being rewritten",
    );
    let findings = check(&stack, today());
    assert_eq!(
        located(&findings),
        expected(&[(
            "broader-than-wiring",
            "FunctionRole",
            "statements.0.actions.0"
        )])
    );
    assert_eq!(findings[0].severity, Severity::Warning);
}

#[test]
fn the_baseline_accepts_a_reasoned_suppression() {
    let mut stack = pipeline_stack();
    settings_mut!(&mut stack, "Images", Repository).scan_on_push = false;
    assert_eq!(
        located(&check(&stack, today())),
        expected(&[("repository-scan", "Images", "scan_on_push")])
    );
    suppress(
        &mut stack,
        "Images",
        "repository-scan",
        "images are scanned by the registry-wide enhanced scanning",
    );
    assert!(check(&stack, today()).is_empty());
}

#[test]
fn a_hand_written_copy_of_the_wiring_is_redundant() {
    let mut stack = pipeline_stack();
    add_statement(
        &mut stack,
        "FunctionRole",
        &["logs:PutLogEvents", "logs:CreateLogStream"],
        &["FunctionLogs"],
    );
    let findings = check(&stack, today());
    // Both actions are already granted, and together they are exactly
    // `FunctionLogs.write_logs()`.
    assert_eq!(
        located(&findings),
        expected(&[
            (
                "redundant-permission",
                "FunctionRole",
                "statements.0.actions.0"
            ),
            (
                "redundant-permission",
                "FunctionRole",
                "statements.0.actions.1"
            ),
            ("grant-available", "FunctionRole", "statements.0"),
        ])
    );
    assert!(findings.iter().all(|f| f.severity == Severity::Warning));
}
