//! The rules over the CI/CD pipeline of `spec/pipeline.md`, built as a
//! `StackDef` by hand: the real stack passes every rule, its derived IAM
//! policy passes the IAM catalog checks, and each single mistake a user
//! could make yields exactly the finding that names it.

use cicd_dsl_core::rules::arns::item_arn_pattern;
use cicd_dsl_core::rules::iam::{StatementView, check_statement};
use cicd_dsl_core::rules::{Date, Finding, Severity, check};
use cicd_dsl_core::synth::permissions::{Scope, for_role};
use cicd_dsl_core::{
    Access, Attr, Bucket, Code, ComputeType, Encryption, EventPattern, ExecutionMode, Function,
    Grant, ItemRef, LogGroup, Output, Path, Pipeline, PipelineAction, Project, Repository,
    Resource, ResourceKind, Role, Rule, Runtime, ServicePrincipal, StackDef, Stage, Statement,
    StatementResource, Suppression, TagMutability, Value,
};
use std::collections::BTreeMap;

/// The rules depend on the day only through runtime deprecations; a fixed
/// day keeps these tests' answers fixed.
fn today() -> Date {
    Date::parse("2026-12-01").expect("a valid date")
}

const BUILDSPEC: &str = "version: 0.2
phases:
  pre_build:
    commands:
      - aws ecr get-login-password | docker login --username AWS --password-stdin \"${REPOSITORY_URI%%/*}\"
  build:
    commands:
      - docker build -t \"$REPOSITORY_URI:$CODEBUILD_RESOLVED_SOURCE_VERSION\" -t \"$REPOSITORY_URI:latest\" .
  post_build:
    commands:
      - docker push --all-tags \"$REPOSITORY_URI\"
";

fn resource(id: &str, kind: ResourceKind) -> Resource {
    Resource::new(id, kind)
}

fn role(assumed_by: ServicePrincipal) -> ResourceKind {
    ResourceKind::Role(Role {
        name: None,
        assumed_by: vec![assumed_by],
        grants: vec![],
        statements: vec![],
    })
}

fn pipeline_stack() -> StackDef {
    let logs = |name: &str| {
        ResourceKind::LogGroup(LogGroup {
            name: Some(name.into()),
            retention_days: Some(7),
        })
    };
    StackDef {
        name: "cicd-pipeline".into(),
        description: Some("CI/CD pipeline: S3 source, Docker build, production tag".into()),
        tags: [("Environment", "production"), ("Team", "devops")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        resources: vec![
            resource(
                "Artifacts",
                ResourceKind::Bucket(Bucket {
                    name: None,
                    versioned: true,
                    encryption: Encryption::Aes256,
                    expire_after_days: Some(30),
                    expire_noncurrent_after_days: Some(30),
                    block_public_access: true,
                    tls_only: true,
                    eventbridge: true,
                }),
            ),
            resource(
                "Images",
                ResourceKind::Repository(Repository {
                    name: Some("docker-image-repo".into()),
                    scan_on_push: true,
                    keep_last: Some(10),
                    protect_tags: vec!["production".into()],
                    tag_mutability: TagMutability::Mutable,
                }),
            ),
            resource("BuildLogs", logs("/aws/codebuild/docker-build-project")),
            resource("FunctionLogs", logs("/aws/lambda/tag-production-image")),
            resource("BuildRole", role(ServicePrincipal::CodeBuild)),
            resource("FunctionRole", role(ServicePrincipal::Lambda)),
            resource("PipelineRole", role(ServicePrincipal::CodePipeline)),
            resource("EventsRole", role(ServicePrincipal::Events)),
            resource(
                "DockerBuild",
                ResourceKind::Project(Project {
                    name: Some("docker-build-project".into()),
                    compute: ComputeType::Small,
                    image: "aws/codebuild/standard:7.0".into(),
                    privileged: true,
                    role: "BuildRole".into(),
                    logs: Some("BuildLogs".into()),
                    pushes_to: Some("Images".into()),
                    buildspec: BUILDSPEC.into(),
                    timeout_minutes: 30,
                    environment: BTreeMap::new(),
                }),
            ),
            resource(
                "TagProduction",
                ResourceKind::Function(Function {
                    name: Some("tag-production-image".into()),
                    runtime: Runtime("provided.al2023".into()),
                    handler: "bootstrap".into(),
                    code: Code::Cargo {
                        package: "tag-production-image".into(),
                        bin: "tag-production-image".into(),
                    },
                    role: "FunctionRole".into(),
                    logs: Some("FunctionLogs".into()),
                    memory_mb: 128,
                    timeout_seconds: 60,
                    environment: [(
                        "REPOSITORY_NAME".to_owned(),
                        Value::Ref(ItemRef::new("Images", Attr::Name)),
                    )]
                    .into_iter()
                    .collect(),
                    grants: vec![Grant {
                        target: ItemRef::new("Images", Attr::Arn),
                        access: Access::Retag,
                    }],
                }),
            ),
            resource(
                "Pipeline",
                ResourceKind::Pipeline(Pipeline {
                    name: Some("cicd-pipeline".into()),
                    role: "PipelineRole".into(),
                    artifacts: "Artifacts".into(),
                    stages: vec![
                        Stage {
                            name: "Source".into(),
                            actions: vec![PipelineAction::S3Source {
                                bucket: "Artifacts".into(),
                                key: "source.zip".into(),
                            }],
                        },
                        Stage {
                            name: "Build".into(),
                            actions: vec![PipelineAction::Build {
                                project: "DockerBuild".into(),
                            }],
                        },
                        Stage {
                            name: "Deploy".into(),
                            actions: vec![PipelineAction::Invoke {
                                function: "TagProduction".into(),
                                user_parameters: None,
                            }],
                        },
                    ],
                    execution_mode: ExecutionMode::Superseded,
                }),
            ),
            resource(
                "OnSource",
                ResourceKind::Rule(Rule {
                    name: None,
                    pattern: EventPattern::S3ObjectCreated {
                        bucket: "Artifacts".into(),
                        key: "source.zip".into(),
                    },
                    target: "Pipeline".into(),
                    role: "EventsRole".into(),
                }),
            ),
        ],
        outputs: vec![
            output("artifactBucketName", "Artifacts", Attr::Name),
            output("ecrRepositoryUrl", "Images", Attr::Uri),
            output("pipelineName", "Pipeline", Attr::Name),
            output("codeBuildProjectName", "DockerBuild", Attr::Name),
        ],
    }
}

fn output(name: &str, item: &str, attr: Attr) -> Output {
    Output {
        name: name.into(),
        value: Value::Ref(ItemRef::new(item, attr)),
        description: None,
    }
}

fn kind_mut<'a>(stack: &'a mut StackDef, id: &str) -> &'a mut ResourceKind {
    &mut stack
        .resources
        .iter_mut()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("{id} is in the stack"))
        .kind
}

fn statement(actions: &[&str], resources: Vec<StatementResource>) -> Statement {
    Statement {
        actions: actions.iter().map(|a| a.to_string()).collect(),
        resources,
    }
}

fn item(id: &str, suffix: &str) -> StatementResource {
    StatementResource::Item {
        item: ItemRef::new(id, Attr::Arn),
        suffix: suffix.into(),
    }
}

fn add_statement(stack: &mut StackDef, role_id: &str, s: Statement) {
    let ResourceKind::Role(role) = kind_mut(stack, role_id) else {
        panic!("{role_id} is a role");
    };
    role.statements.push(s);
}

/// (rule, item, field) of each finding, for exact comparisons.
fn located(findings: &[Finding]) -> Vec<(&'static str, String, Option<String>)> {
    findings
        .iter()
        .map(|f| (f.rule, f.item.clone(), f.field_text()))
        .collect()
}

fn one(
    rule: &'static str,
    item: &str,
    field: Option<&str>,
) -> Vec<(&'static str, String, Option<String>)> {
    vec![(rule, item.to_owned(), field.map(str::to_owned))]
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
fn a_deprecated_runtime_is_the_only_finding() {
    let mut stack = pipeline_stack();
    let ResourceKind::Function(f) = kind_mut(&mut stack, "TagProduction") else {
        unreachable!()
    };
    f.runtime = Runtime("provided.al2".into());
    let findings = check(&stack, today());
    assert_eq!(
        located(&findings),
        one("lambda-runtime", "TagProduction", Some("runtime"))
    );
    assert!(
        findings[0]
            .help
            .as_deref()
            .unwrap()
            .ends_with("use provided.al2023")
    );
}

#[test]
fn a_retention_aws_rejects_names_the_nearest() {
    let mut stack = pipeline_stack();
    let ResourceKind::LogGroup(l) = kind_mut(&mut stack, "BuildLogs") else {
        unreachable!()
    };
    l.retention_days = Some(6);
    let findings = check(&stack, today());
    assert_eq!(
        located(&findings),
        one("log-retention", "BuildLogs", Some("retention_days"))
    );
    assert!(
        findings[0]
            .help
            .as_deref()
            .unwrap()
            .ends_with("nearest is 5")
    );
}

#[test]
fn an_object_action_on_the_bucket_arn_is_a_resource_mismatch() {
    let mut stack = pipeline_stack();
    add_statement(
        &mut stack,
        "FunctionRole",
        statement(&["s3:GetObject"], vec![item("Artifacts", "")]),
    );
    let findings = check(&stack, today());
    assert_eq!(
        located(&findings),
        one(
            "iam-resource-mismatch",
            "FunctionRole",
            Some("statements.0.resources.0")
        )
    );
    assert!(
        findings[0]
            .help
            .as_deref()
            .unwrap()
            .contains("arn:aws:s3:::BUCKET/KEY")
    );
}

#[test]
fn a_misspelt_action_suggests_the_real_one() {
    let mut stack = pipeline_stack();
    add_statement(
        &mut stack,
        "FunctionRole",
        statement(&["ecr:ListImage"], vec![item("Images", "")]),
    );
    let findings = check(&stack, today());
    assert_eq!(
        located(&findings),
        one(
            "iam-unknown-action",
            "FunctionRole",
            Some("statements.0.actions.0")
        )
    );
    assert_eq!(
        findings[0].help.as_deref(),
        Some("did you mean `ecr:ListImages`?")
    );
}

#[test]
fn a_service_wildcard_is_an_error_until_suppressed() {
    let mut stack = pipeline_stack();
    add_statement(
        &mut stack,
        "FunctionRole",
        statement(&["ecr:*"], vec![item("Images", "")]),
    );
    assert_eq!(
        located(&check(&stack, today())),
        one(
            "iam-wildcard-action",
            "FunctionRole",
            Some("statements.0.actions.0")
        )
    );
    stack
        .resources
        .iter_mut()
        .find(|r| r.id == "FunctionRole")
        .unwrap()
        .suppressions
        .push(Suppression {
            rule: "iam-wildcard-action".into(),
            reason: "the tagging code is being rewritten".into(),
        });
    let findings = check(&stack, today());
    assert_eq!(
        located(&findings),
        one(
            "broader-than-wiring",
            "FunctionRole",
            Some("statements.0.actions.0")
        )
    );
    assert_eq!(findings[0].severity, Severity::Warning);
}

#[test]
fn a_project_on_the_function_role_cannot_assume_it() {
    let mut stack = pipeline_stack();
    let ResourceKind::Project(p) = kind_mut(&mut stack, "DockerBuild") else {
        unreachable!()
    };
    p.role = "FunctionRole".into();
    assert_eq!(
        located(&check(&stack, today())),
        one("role-not-assumable", "DockerBuild", Some("role"))
    );
}

#[test]
fn a_bucket_without_eventbridge_never_starts_the_pipeline() {
    let mut stack = pipeline_stack();
    let ResourceKind::Bucket(b) = kind_mut(&mut stack, "Artifacts") else {
        unreachable!()
    };
    b.eventbridge = false;
    assert_eq!(
        located(&check(&stack, today())),
        one("bucket-events-off", "OnSource", Some("on"))
    );
}

#[test]
fn an_unversioned_source_bucket_fails_two_rules() {
    let mut stack = pipeline_stack();
    let ResourceKind::Bucket(b) = kind_mut(&mut stack, "Artifacts") else {
        unreachable!()
    };
    b.versioned = false;
    assert_eq!(
        located(&check(&stack, today())),
        vec![
            (
                "lifecycle-days",
                "Artifacts".to_owned(),
                Some("expire_noncurrent_after_days".to_owned())
            ),
            (
                "source-not-versioned",
                "Pipeline".to_owned(),
                Some("stages.Source.0".to_owned())
            ),
        ]
    );
}

#[test]
fn the_baseline_accepts_a_reasoned_suppression() {
    let mut stack = pipeline_stack();
    let ResourceKind::Repository(r) = kind_mut(&mut stack, "Images") else {
        unreachable!()
    };
    r.scan_on_push = false;
    assert_eq!(
        located(&check(&stack, today())),
        one("repository-scan", "Images", Some("scan_on_push"))
    );
    let images = stack
        .resources
        .iter_mut()
        .find(|r| r.id == "Images")
        .unwrap();
    images.suppressions.push(Suppression {
        rule: "repository-scan".into(),
        reason: "images are scanned by the registry-wide enhanced scanning".into(),
    });
    assert!(check(&stack, today()).is_empty());
}

#[test]
fn a_hand_written_copy_of_the_wiring_is_redundant() {
    let mut stack = pipeline_stack();
    add_statement(
        &mut stack,
        "FunctionRole",
        statement(
            &["logs:PutLogEvents", "logs:CreateLogStream"],
            vec![item("FunctionLogs", "")],
        ),
    );
    let findings = check(&stack, today());
    // Both actions are already granted, and together they are exactly
    // `FunctionLogs.write_logs()`.
    assert_eq!(
        located(&findings),
        vec![
            (
                "redundant-permission",
                "FunctionRole".to_owned(),
                Some("statements.0.actions.0".to_owned())
            ),
            (
                "redundant-permission",
                "FunctionRole".to_owned(),
                Some("statements.0.actions.1".to_owned())
            ),
            (
                "grant-available",
                "FunctionRole".to_owned(),
                Some("statements.0".to_owned())
            ),
        ]
    );
    assert!(findings.iter().all(|f| f.severity == Severity::Warning));
}

#[test]
fn an_output_name_with_a_dash_is_rejected() {
    let mut stack = pipeline_stack();
    stack.outputs[1].name = "ecr-repository-url".into();
    let findings = check(&stack, today());
    assert_eq!(
        located(&findings),
        one("output-name", "ecr-repository-url", Some("name"))
    );
    assert!(
        findings[0]
            .help
            .as_deref()
            .unwrap()
            .contains("\"ecrrepositoryurl\"")
    );
}

#[test]
fn an_invalid_repository_name_is_one_finding() {
    let mut stack = pipeline_stack();
    let ResourceKind::Repository(r) = kind_mut(&mut stack, "Images") else {
        unreachable!()
    };
    r.name = Some("Docker_Image_Repo".into());
    let findings = check(&stack, today());
    assert_eq!(
        located(&findings),
        one("invalid-name", "Images", Some("name"))
    );
    assert!(
        findings[0]
            .help
            .as_deref()
            .unwrap()
            .contains("\"docker_image_repo\"")
    );
}

#[test]
fn immutable_tags_break_the_production_retag() {
    let mut stack = pipeline_stack();
    let ResourceKind::Repository(r) = kind_mut(&mut stack, "Images") else {
        unreachable!()
    };
    r.tag_mutability = TagMutability::Immutable;
    assert_eq!(
        located(&check(&stack, today())),
        one("immutable-retag", "TagProduction", Some("grants.0"))
    );
}
