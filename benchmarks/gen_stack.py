#!/usr/bin/env python3
"""Writes a stack crate of a given template size for the compile-time runs.

    gen_stack.py <dir> <resources> dsl|plain <path to the cicd-dsl repo>
    gen_stack.py <dir> <resources> expanded <path to the cicd-dsl repo> <model.json>

`dsl` declares the items with the cicd-dsl attribute macros, as a user
would. `plain` builds the same `StackDef` with struct literals and no macro
(its binary prints the model as JSON when DUMP_MODEL is set). `expanded` is
roughly what the `#[stack]` macro expands to, written out: one unit struct
per item and the model embedded as a JSON string parsed by `stack()`; the
build-time difference between `dsl` and `expanded` is the macro's own work.

The stack is copies of the spec pipeline (17 template resources each: a
bucket and its policy, a repository, two log groups, four roles and their
policies, a CodeBuild project, a function with inline Python code, a
pipeline and an EventBridge rule, plus four outputs), topped up with log
groups and repositories to exactly <resources>.
"""

import os
import sys

UNIT = 17

# The inline function body, shared with the synth benchmarks' stacks.
HANDLER_FILE = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "cicd-dsl-core", "benches", "support", "inline_handler.py",
)
with open(HANDLER_FILE) as f:
    PYTHON = f.read()

BUILDSPEC = '''version: 0.2
phases:
  pre_build:
    commands:
      - aws ecr get-login-password | docker login --username AWS --password-stdin "${REPOSITORY_URI%%/*}"
  build:
    commands:
      - docker build --tag "$REPOSITORY_URI:latest" .
      - docker push "$REPOSITORY_URI:latest"
'''


def plan(resources):
    units = resources // UNIT
    fill = resources - units * UNIT
    return units, fill


def rust_str(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


# The attribute that the incremental runs flip: the retention of the first
# unit's build log group (7 <-> 14 days, both valid).
EDIT_MARK = "retention_days = 7 /* edit */"


def dsl_unit(u):
    g = f"G{u}"
    n = f"g{u}-"
    retention = EDIT_MARK if u == 0 else "retention_days = 7"
    return f'''
    /// Source uploads and pipeline artifacts.
    #[bucket(versioned, encryption = Aes256, expire_after_days = 30, expire_noncurrent_after_days = 30, eventbridge)]
    #[suppress(CKV_AWS_18, reason = "Short-lived build inputs")]
    pub struct {g}Artifacts;

    #[ecr_repository(name = "{n}docker-image-repo", scan_on_push, keep_last = 10, protect_tags("production"), tag_mutability = Mutable)]
    #[suppress(CKV_AWS_51, reason = "The production tag moves")]
    pub struct {g}Images;

    #[log_group(name = "/aws/codebuild/{n}docker-build-project", {retention})]
    pub struct {g}BuildLogs;

    #[log_group(name = "/aws/lambda/{n}tag-production-image", retention_days = 7)]
    pub struct {g}FunctionLogs;

    #[role(assumed_by = CodeBuild)]
    pub struct {g}BuildRole;

    #[role(assumed_by = Lambda)]
    pub struct {g}FunctionRole;

    #[role(assumed_by = CodePipeline)]
    pub struct {g}PipelineRole;

    #[role(assumed_by = Events)]
    pub struct {g}EventsRole;

    /// Builds the Docker image of the source and pushes it.
    #[codebuild_project(name = "{n}docker-build-project", compute = Small, image = "aws/codebuild/standard:7.0", privileged, role = {g}BuildRole, logs = {g}BuildLogs, pushes_to = {g}Images, buildspec = "buildspec.yml")]
    pub struct {g}DockerBuild;

    /// Tags the most recently pushed image `production`.
    #[function(name = "{n}tag-production-image", code = inline({rust_str(PYTHON)}), role = {g}FunctionRole, logs = {g}FunctionLogs, memory_mb = 256, timeout_seconds = 60, environment(REPOSITORY_NAME = {g}Images.name()), grants({g}Images.retag()))]
    pub struct {g}TagProduction;

    #[pipeline(name = "{n}cicd-pipeline", role = {g}PipelineRole, artifacts = {g}Artifacts)]
    pub enum {g}Release {{
        #[source(s3(bucket = {g}Artifacts, key = "source.zip"))]
        Source,
        #[build(project = {g}DockerBuild)]
        Build,
        #[invoke(function = {g}TagProduction)]
        Deploy,
    }}

    #[rule(on = s3_object_created(bucket = {g}Artifacts, key = "source.zip"), target = {g}Release, role = {g}EventsRole)]
    pub struct {g}SourceUploaded;

    #[output(name = "{g}artifactBucketName", value = {g}Artifacts.name())]
    pub struct {g}ArtifactBucketName;

    #[output(name = "{g}ecrRepositoryUrl", value = {g}Images.uri())]
    pub struct {g}EcrRepositoryUrl;

    #[output(name = "{g}pipelineName", value = {g}Release.name())]
    pub struct {g}PipelineName;

    #[output(name = "{g}codeBuildProjectName", value = {g}DockerBuild.name())]
    pub struct {g}CodeBuildProjectName;
'''


def dsl_fill(i):
    if i % 2 == 0:
        return f'''
    #[log_group(name = "/bench/extra-{i}", retention_days = 14)]
    pub struct Extra{i};
'''
    return f'''
    #[ecr_repository(name = "extra-{i}", scan_on_push, keep_last = 5)]
    pub struct Extra{i};
'''


def dsl_lib(resources):
    units, fill = plan(resources)
    body = "".join(dsl_unit(u) for u in range(units)) + "".join(dsl_fill(i) for i in range(fill))
    return f'''//! Generated by benchmarks/gen_stack.py: {resources} template resources.

#[cicd_dsl::stack(name = "bench-{resources}", tags(Environment = "bench"))]
pub mod generated {{{body}}}

pub fn stack() -> cicd_dsl::StackDef {{
    generated::stack()
}}
'''


def plain_unit(u):
    g = f"G{u}"
    n = f"g{u}-"
    retention = "Some(7) /* edit */" if u == 0 else "Some(7)"
    return f'''
    // unit {u}
    r.push(described(suppressed(res("{g}Artifacts", ResourceKind::Bucket(Bucket {{
        name: None,
        versioned: true,
        encryption: Encryption::Aes256,
        expire_after_days: Some(30),
        expire_noncurrent_after_days: Some(30),
        block_public_access: true,
        tls_only: true,
        eventbridge: true,
    }})), "CKV_AWS_18", "Short-lived build inputs"), "Source uploads and pipeline artifacts."));
    r.push(suppressed(res("{g}Images", ResourceKind::Repository(Repository {{
        name: Some("{n}docker-image-repo".into()),
        scan_on_push: true,
        keep_last: Some(10),
        protect_tags: vec!["production".into()],
        tag_mutability: TagMutability::Mutable,
    }})), "CKV_AWS_51", "The production tag moves"));
    r.push(res("{g}BuildLogs", ResourceKind::LogGroup(LogGroup {{
        name: Some("/aws/codebuild/{n}docker-build-project".into()),
        retention_days: {retention},
    }})));
    r.push(res("{g}FunctionLogs", ResourceKind::LogGroup(LogGroup {{
        name: Some("/aws/lambda/{n}tag-production-image".into()),
        retention_days: Some(7),
    }})));
    r.push(res("{g}BuildRole", ResourceKind::Role(Role {{ name: None, assumed_by: vec![ServicePrincipal::CodeBuild], grants: vec![], statements: vec![] }})));
    r.push(res("{g}FunctionRole", ResourceKind::Role(Role {{ name: None, assumed_by: vec![ServicePrincipal::Lambda], grants: vec![], statements: vec![] }})));
    r.push(res("{g}PipelineRole", ResourceKind::Role(Role {{ name: None, assumed_by: vec![ServicePrincipal::CodePipeline], grants: vec![], statements: vec![] }})));
    r.push(res("{g}EventsRole", ResourceKind::Role(Role {{ name: None, assumed_by: vec![ServicePrincipal::Events], grants: vec![], statements: vec![] }})));
    r.push(described(res("{g}DockerBuild", ResourceKind::Project(Project {{
        name: Some("{n}docker-build-project".into()),
        compute: ComputeType::Small,
        image: "aws/codebuild/standard:7.0".into(),
        privileged: true,
        role: "{g}BuildRole".into(),
        logs: Some("{g}BuildLogs".into()),
        pushes_to: Some("{g}Images".into()),
        buildspec: BUILDSPEC.into(),
        timeout_minutes: 60,
        environment: BTreeMap::new(),
    }})), "Builds the Docker image of the source and pushes it."));
    r.push(described(res("{g}TagProduction", ResourceKind::Function(Function {{
        name: Some("{n}tag-production-image".into()),
        runtime: Runtime("python3.13".into()),
        handler: "index.handler".into(),
        code: Code::Inline({rust_str(PYTHON)}.into()),
        role: "{g}FunctionRole".into(),
        logs: Some("{g}FunctionLogs".into()),
        memory_mb: 256,
        timeout_seconds: 60,
        environment: [("REPOSITORY_NAME".to_owned(), Value::Ref(ItemRef::new("{g}Images", Attr::Name)))].into_iter().collect(),
        grants: vec![Grant {{ target: ItemRef::new("{g}Images", Attr::Arn), access: Access::Retag }}],
    }})), "Tags the most recently pushed image `production`."));
    r.push(res("{g}Release", ResourceKind::Pipeline(Pipeline {{
        name: Some("{n}cicd-pipeline".into()),
        role: "{g}PipelineRole".into(),
        artifacts: "{g}Artifacts".into(),
        stages: vec![
            Stage {{ name: "Source".into(), actions: vec![PipelineAction::S3Source {{ bucket: "{g}Artifacts".into(), key: "source.zip".into() }}] }},
            Stage {{ name: "Build".into(), actions: vec![PipelineAction::Build {{ project: "{g}DockerBuild".into() }}] }},
            Stage {{ name: "Deploy".into(), actions: vec![PipelineAction::Invoke {{ function: "{g}TagProduction".into(), user_parameters: None }}] }},
        ],
        execution_mode: ExecutionMode::Superseded,
    }})));
    r.push(res("{g}SourceUploaded", ResourceKind::Rule(Rule {{
        name: None,
        pattern: EventPattern::S3ObjectCreated {{ bucket: "{g}Artifacts".into(), key: "source.zip".into() }},
        target: "{g}Release".into(),
        role: "{g}EventsRole".into(),
    }})));
    o.push(output("{g}artifactBucketName", "{g}Artifacts", Attr::Name));
    o.push(output("{g}ecrRepositoryUrl", "{g}Images", Attr::Uri));
    o.push(output("{g}pipelineName", "{g}Release", Attr::Name));
    o.push(output("{g}codeBuildProjectName", "{g}DockerBuild", Attr::Name));
'''


def plain_fill(i):
    if i % 2 == 0:
        return f'''    r.push(res("Extra{i}", ResourceKind::LogGroup(LogGroup {{ name: Some("/bench/extra-{i}".into()), retention_days: Some(14) }})));
'''
    return f'''    r.push(res("Extra{i}", ResourceKind::Repository(Repository {{ name: Some("extra-{i}".into()), scan_on_push: true, keep_last: Some(5), protect_tags: vec![], tag_mutability: TagMutability::Mutable }})));
'''


def plain_lib(resources):
    units, fill = plan(resources)
    body = "".join(plain_unit(u) for u in range(units)) + "".join(plain_fill(i) for i in range(fill))
    return f'''//! Generated by benchmarks/gen_stack.py: {resources} template resources,
//! written as plain struct literals (no macro) for the macro-share runs.

use cicd_dsl_core::*;
use std::collections::BTreeMap;

const BUILDSPEC: &str = include_str!("../buildspec.yml");

fn res(id: &str, kind: ResourceKind) -> Resource {{
    Resource {{ id: id.into(), kind, description: None, removal: None, tags: BTreeMap::new(), depends_on: vec![], suppressions: vec![] }}
}}

fn described(mut r: Resource, text: &str) -> Resource {{
    r.description = Some(text.into());
    r
}}

fn suppressed(mut r: Resource, rule: &str, reason: &str) -> Resource {{
    r.suppressions.push(Suppression {{ rule: rule.into(), reason: reason.into() }});
    r
}}

fn output(name: &str, item: &str, attr: Attr) -> Output {{
    Output {{ name: name.into(), value: Value::Ref(ItemRef::new(item, attr)), description: None }}
}}

pub fn stack() -> StackDef {{
    let mut r = Vec::new();
    let mut o = Vec::new();
{body}
    StackDef {{
        name: "bench-{resources}".into(),
        description: None,
        tags: [("Environment".to_owned(), "bench".to_owned())].into_iter().collect(),
        resources: r,
        outputs: o,
    }}
}}
'''


def expanded_lib(resources, model_path):
    import json
    with open(model_path) as f:
        model = json.load(f)
    items = "".join(f"    pub struct {r['id']};\n" for r in model["resources"])
    spec = json.dumps(model, separators=(",", ":"))
    return f'''//! Generated by benchmarks/gen_stack.py: {resources} template resources,
//! written as the #[stack] macro would expand them, without the macro.

pub mod generated {{
{items}
    pub fn stack() -> cicd_dsl::StackDef {{
        cicd_dsl::__private::stack_from_spec(STACK_SPEC)
    }}
    const STACK_SPEC: &str = {rust_str(spec)};
}}

pub fn stack() -> cicd_dsl::StackDef {{
    generated::stack()
}}
'''


def main():
    out, resources, variant, repo = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    name = f"{variant}-{resources}"
    os.makedirs(os.path.join(out, "src"), exist_ok=True)
    core = ""
    if variant == "plain":
        core = f'cicd-dsl-core = {{ path = "{repo}/cicd-dsl-core" }}\nserde_json = "1"\n'
    with open(os.path.join(out, "Cargo.toml"), "w") as f:
        f.write(f'''[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
cicd-dsl = {{ path = "{repo}/cicd-dsl", features = ["cli"] }}
{core}''')
    with open(os.path.join(out, "buildspec.yml"), "w") as f:
        f.write(BUILDSPEC)
    with open(os.path.join(out, "src", "lib.rs"), "w") as f:
        if variant == "dsl":
            f.write(dsl_lib(resources))
        elif variant == "plain":
            f.write(plain_lib(resources))
        else:
            f.write(expanded_lib(resources, sys.argv[5]))
    crate = name.replace("-", "_")
    dump = ""
    if variant == "plain":
        dump = f'''    if std::env::var_os("DUMP_MODEL").is_some() {{
        println!("{{}}", serde_json::to_string(&{crate}::stack()).expect("the model serializes"));
        return std::process::ExitCode::SUCCESS;
    }}
'''
    with open(os.path.join(out, "src", "main.rs"), "w") as f:
        f.write(f"fn main() -> std::process::ExitCode {{\n{dump}    cicd_dsl::cli::main({crate}::stack())\n}}\n")


if __name__ == "__main__":
    main()
