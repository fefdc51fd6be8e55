//! The stacks the benchmarks measure: the spec pipeline (built by hand, the
//! same model `cicd_stack::pipeline::stack()` returns; `cicd-dsl-core` cannot
//! depend on `cicd-stack` without a dependency cycle) and generated stacks of
//! a given template size made of copies of that pipeline. The integration
//! tests include this module too (`tests/cicd-dsl-core/main.rs`), so the
//! rules are tested on the same pipeline.
//!
//! `benchmarks/check-bench-pipeline.sh` compares the template synthesized
//! from [`pipeline_stack`] with the one `cicd-stack synth` writes, so the
//! copy here cannot drift unnoticed.

#![allow(dead_code)] // each bench target and the tests use a different part

pub mod generic;

use cicd_dsl_core::rules::limits::template_resource_count;
use cicd_dsl_core::{
    Access, Attr, Bucket, Code, ComputeType, Encryption, EventPattern, ExecutionMode, Function,
    Grant, ItemRef, LogGroup, Output, Pipeline, PipelineAction, Project, Repository, Resource,
    ResourceKind, Role, Rule, Runtime, ServicePrincipal, StackDef, Stage, Suppression, SynthConfig,
    TagMutability, Value,
};
use std::collections::BTreeMap;

/// `cicd-stack/buildspec.yml`, which the `#[codebuild_project]`
/// macro reads into the model at compile time.
pub const BUILDSPEC: &str = include_str!("../../../cicd-stack/buildspec.yml");

/// The package the pipeline's function is built from.
pub const FUNCTION_PACKAGE: &str = "tag-production-image";

/// A function body of realistic size for inline-code functions; the
/// compile-time runs' generated stacks (`benchmarks/gen_stack.py`) embed
/// the same file.
const INLINE_HANDLER: &str = include_str!("inline_handler.py");

/// The configuration synth runs with: the function's asset hash is what the
/// CLI would have computed after building it.
pub fn config() -> SynthConfig {
    SynthConfig {
        assets: [(FUNCTION_PACKAGE.to_owned(), "0".repeat(64))]
            .into_iter()
            .collect(),
        ..SynthConfig::default()
    }
}

/// The stack of `cicd-stack/src/lib.rs`.
pub fn pipeline_stack() -> StackDef {
    let mut stack = StackDef {
        name: "cicd-pipeline".into(),
        description: Some(
            "CI/CD pipeline: S3 source, CodeBuild docker build to ECR, Lambda tagging the production image"
                .into(),
        ),
        tags: [("Environment", "production"), ("Team", "devops")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        resources: Vec::new(),
        outputs: Vec::new(),
        moved: Default::default(),
    };
    push_pipeline_unit(
        &mut stack,
        "",
        "",
        Code::Cargo {
            package: FUNCTION_PACKAGE.into(),
            bin: FUNCTION_PACKAGE.into(),
        },
    );
    stack
}

/// A stack whose template has exactly `resources` resources: copies of the
/// pipeline (17 template resources each: bucket and its policy, repository,
/// two log groups, four roles and their policies, project, function with
/// inline Python code, pipeline, rule; plus four outputs), topped up with
/// log groups and repositories.
pub fn generated_stack(resources: usize) -> StackDef {
    let mut stack = StackDef {
        name: format!("generated-{resources}"),
        description: Some(format!("{resources} resources for the benchmarks")),
        tags: [("Environment", "bench")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        resources: Vec::new(),
        outputs: Vec::new(),
        moved: Default::default(),
    };
    let mut unit = 0;
    while template_resource_count(&stack) + 17 <= resources {
        let code = Code::Inline(INLINE_HANDLER.into());
        push_pipeline_unit(&mut stack, &format!("G{unit}"), &format!("g{unit}-"), code);
        unit += 1;
    }
    let mut fill = 0;
    while template_resource_count(&stack) < resources {
        let kind = if fill % 2 == 0 {
            ResourceKind::LogGroup(LogGroup {
                name: Some(format!("/bench/extra-{fill}")),
                retention_days: Some(14),
            })
        } else {
            ResourceKind::Repository(Repository {
                name: Some(format!("extra-{fill}")),
                scan_on_push: true,
                keep_last: Some(5),
                protect_tags: vec![],
                tag_mutability: TagMutability::Immutable,
            })
        };
        stack
            .resources
            .push(resource(&format!("Extra{fill}"), kind));
        fill += 1;
    }
    assert_eq!(template_resource_count(&stack), resources);
    stack
}

fn resource(id: &str, kind: ResourceKind) -> Resource {
    Resource::new(id, kind)
}

fn described(mut resource: Resource, description: &str) -> Resource {
    resource.description = Some(description.into());
    resource
}

fn suppressed<R: AsRef<str>>(mut resource: Resource, suppressions: &[(&str, R)]) -> Resource {
    resource.suppressions = suppressions
        .iter()
        .map(|(rule, reason)| Suppression {
            rule: (*rule).into(),
            reason: reason.as_ref().into(),
        })
        .collect();
    resource
}

fn role(assumed_by: ServicePrincipal) -> ResourceKind {
    ResourceKind::Role(Role {
        name: None,
        assumed_by: vec![assumed_by],
        grants: vec![],
        statements: vec![],
    })
}

fn output(name: &str, item: &str, attr: Attr, description: &str) -> Output {
    Output {
        name: name.into(),
        value: Value::Ref(ItemRef::new(item, attr)),
        description: Some(description.into()),
    }
}

/// One copy of the pipeline: item IDs start with `id`, physical names with
/// `name` (both empty for the spec stack itself).
fn push_pipeline_unit(stack: &mut StackDef, id: &str, name: &str, code: Code) {
    let i = |item: &str| format!("{id}{item}");
    let n = |physical: &str| format!("{name}{physical}");
    let logs = |physical: String| {
        ResourceKind::LogGroup(LogGroup {
            name: Some(physical),
            retention_days: Some(7),
        })
    };
    let (runtime, handler) = match &code {
        Code::Cargo { .. } => ("provided.al2023", "bootstrap"),
        Code::Inline(_) => ("python3.13", "index.handler"),
    };
    let log_reasons = |what: &'static str| {
        [(
            "CKV_AWS_158",
            format!(
                "{what} logs are encrypted at rest by CloudWatch Logs by default; no customer managed key is required"
            ),
        )]
    };
    stack.resources.extend([
        suppressed(
            described(
                resource(
                    &i("Artifacts"),
                    // What `#[bucket(...)]` in cicd-stack says; the rest are
                    // the secure defaults.
                    ResourceKind::Bucket(Bucket {
                        versioned: true,
                        encryption: Encryption::Aes256,
                        expire_after_days: Some(30),
                        expire_noncurrent_after_days: Some(30),
                        eventbridge: true,
                        ..Bucket::default()
                    }),
                ),
                "Source uploads and pipeline artifacts.",
            ),
            &[(
                "CKV_AWS_18",
                "Artifacts are short-lived build inputs that expire after 30 days; server access logs would need a second bucket the spec does not call for, and CloudTrail records the API calls",
            )],
        ),
        suppressed(
            described(
                resource(
                    &i("Images"),
                    ResourceKind::Repository(Repository {
                        name: Some(n("docker-image-repo")),
                        scan_on_push: true,
                        keep_last: Some(10),
                        protect_tags: vec!["production".into()],
                        tag_mutability: TagMutability::Mutable,
                    }),
                ),
                "Docker images built by the pipeline.",
            ),
            &[
                ("CKV_AWS_51", "The `production` tag must move to each new release, so tags are mutable by design"),
                ("CKV_AWS_136", "Images are encrypted at rest with ECR's AES-256 default; a customer managed key is not required by the spec"),
            ],
        ),
        suppressed(
            resource(
                &i("BuildLogs"),
                logs(format!("/aws/codebuild/{}", n("docker-build-project"))),
            ),
            &log_reasons("Build"),
        ),
        suppressed(
            resource(
                &i("FunctionLogs"),
                logs(format!("/aws/lambda/{}", n("tag-production-image"))),
            ),
            &log_reasons("Function"),
        ),
        described(
            resource(&i("BuildRole"), role(ServicePrincipal::CodeBuild)),
            "Lets CodeBuild read sources, write logs and push images.",
        ),
        described(
            resource(&i("FunctionRole"), role(ServicePrincipal::Lambda)),
            "Lets the function retag images and report to the pipeline.",
        ),
        described(
            resource(&i("PipelineRole"), role(ServicePrincipal::CodePipeline)),
            "Lets CodePipeline move artifacts, run the build and invoke the function.",
        ),
        described(
            resource(&i("EventsRole"), role(ServicePrincipal::Events)),
            "Lets EventBridge start the pipeline.",
        ),
        suppressed(
            described(
                resource(
                    &i("DockerBuild"),
                    ResourceKind::Project(Project {
                        name: Some(n("docker-build-project")),
                        compute: ComputeType::Small,
                        image: "aws/codebuild/standard:7.0".into(),
                        privileged: true,
                        role: i("BuildRole"),
                        logs: Some(i("BuildLogs")),
                        pushes_to: Some(i("Images")),
                        buildspec: BUILDSPEC.into(),
                        timeout_minutes: 60,
                        environment: BTreeMap::new(),
                    }),
                ),
                "Builds the Docker image of the source and pushes it.",
            ),
            &[("CKV_AWS_147", "Build artifacts are encrypted with the AWS managed S3 key; a customer managed key is not required by the spec")],
        ),
        suppressed(
            described(
                resource(
                    &i("TagProduction"),
                    ResourceKind::Function(Function {
                        name: Some(n("tag-production-image")),
                        runtime: Runtime(runtime.into()),
                        handler: handler.into(),
                        code,
                        role: i("FunctionRole"),
                        logs: Some(i("FunctionLogs")),
                        architecture: Default::default(),
                        snap_start: false,
                        memory_mb: 256,
                        timeout_seconds: 60,
                        environment: [(
                            "REPOSITORY_NAME".to_owned(),
                            Value::Ref(ItemRef::new(i("Images"), Attr::Name)),
                        )]
                        .into_iter()
                        .collect(),
                        grants: vec![Grant {
                            target: ItemRef::new(i("Images"), Attr::Arn),
                            access: Access::Retag,
                        }],
                    }),
                ),
                "Tags the most recently pushed image `production`.",
            ),
            &[
                ("CKV_AWS_115", "Invoked only by the pipeline, one job at a time; reserving concurrency would take it from the account's unreserved pool"),
                ("CKV_AWS_116", "CodePipeline invokes the function and records failures through PutJobFailureResult; a dead-letter queue would hold nothing useful"),
                ("CKV_AWS_117", "The function calls only the public ECR and CodePipeline APIs; a VPC would add NAT cost and no isolation"),
                ("CKV_AWS_173", "The only environment variable is the repository name, which is not a secret"),
            ],
        ),
        described(
            resource(
                &i("Release"),
                ResourceKind::Pipeline(Pipeline {
                    name: Some(n("cicd-pipeline")),
                    role: i("PipelineRole"),
                    artifacts: i("Artifacts"),
                    stages: vec![
                        Stage {
                            name: "Source".into(),
                            actions: vec![PipelineAction::S3Source {
                                bucket: i("Artifacts"),
                                key: "source.zip".into(),
                            }],
                        },
                        Stage {
                            name: "Build".into(),
                            actions: vec![PipelineAction::Build {
                                project: i("DockerBuild"),
                            }],
                        },
                        Stage {
                            name: "Deploy".into(),
                            actions: vec![PipelineAction::Invoke {
                                function: i("TagProduction"),
                                user_parameters: None,
                            }],
                        },
                    ],
                    execution_mode: ExecutionMode::Superseded,
                }),
            ),
            "Source -> Build -> Deploy.",
        ),
        described(
            resource(
                &i("SourceUploaded"),
                ResourceKind::Rule(Rule {
                    name: None,
                    pattern: EventPattern::S3ObjectCreated {
                        bucket: i("Artifacts"),
                        key: "source.zip".into(),
                    },
                    target: i("Release"),
                    role: i("EventsRole"),
                }),
            ),
            "Starts the pipeline when a new `source.zip` lands in the bucket.",
        ),
    ]);
    stack.outputs.extend([
        output(
            &format!("{id}artifactBucketName"),
            &i("Artifacts"),
            Attr::Name,
            "Upload `source.zip` here to start the pipeline.",
        ),
        output(
            &format!("{id}ecrRepositoryUrl"),
            &i("Images"),
            Attr::Uri,
            "Where the build pushes images.",
        ),
        output(
            &format!("{id}pipelineName"),
            &i("Release"),
            Attr::Name,
            "The pipeline that builds and releases the image.",
        ),
        output(
            &format!("{id}codeBuildProjectName"),
            &i("DockerBuild"),
            Attr::Name,
            "The project that builds and pushes the image.",
        ),
    ]);
}
