//! Deploy from scratch against the local endpoint, then read every
//! requirement of spec/pipeline.md back through the service that owns it
//! (not through CloudFormation's description of itself), then redeploy
//! unchanged.

use cicd_dsl_tests::clients::runtime;
use cicd_dsl_tests::endpoint::Endpoint;
use serde_json::Value;

use crate::cli::Cli;
use crate::folders::out_dir;
use crate::log_groups::{log_groups, tags_of};
use crate::readback::{assert_spec_outputs, output, policy_json, strings};

const TAGS: [(&str, &str); 2] = [("Environment", "production"), ("Team", "devops")];

#[test]
fn fresh_deploy_meets_the_spec_and_an_unchanged_redeploy_is_a_no_op() {
    let endpoint = Endpoint::start();
    let cli = Cli::against(&endpoint, &out_dir("deploy"));

    cli.run(&["bootstrap"]).expect_ok();
    let deployed = cli.deploy_ok(&[], "Created", "CREATE_COMPLETE");
    assert_spec_outputs(&deployed);

    let rt = runtime();
    let sdk = rt.block_on(endpoint.sdk_config());
    let bucket = output(&deployed, "artifactBucketName");
    rt.block_on(async {
        check_bucket(&sdk, bucket).await;
        check_repository(&sdk, &deployed).await;
        check_log_groups(&sdk).await;
        let function_role = check_function(&sdk).await;
        let build_role = check_project(&sdk, &deployed).await;
        let (pipeline_arn, events_role) = check_rule(&sdk, bucket).await;
        assert!(pipeline_arn.ends_with(":cicd-pipeline"), "{pipeline_arn}");
        let pipeline_role = role_assumable_by(&sdk, "codepipeline.amazonaws.com").await;
        check_roles(
            &sdk,
            &[
                (function_role, "lambda.amazonaws.com"),
                (build_role, "codebuild.amazonaws.com"),
                (pipeline_role, "codepipeline.amazonaws.com"),
                (events_role, "events.amazonaws.com"),
            ],
            &pipeline_arn,
        )
        .await;
    });

    // Unchanged source: no change set is executed, and the deploy costs
    // DescribeStacks + CreateChangeSet + DescribeChangeSet + DeleteChangeSet
    // and one existence check per asset.
    let again = cli.run(&["deploy", "--yes"]).expect_ok();
    assert_eq!(again["status"], "NoChanges", "{again:#}");
    assert_eq!(again["changes"], serde_json::json!([]));
    assert_eq!(again["outputs"], deployed["outputs"]);
    let calls = again["api_calls_total"].as_object().unwrap();
    let cloudformation: u64 = calls
        .iter()
        .filter(|(k, _)| k.starts_with("cloudformation:"))
        .map(|(_, v)| v.as_u64().unwrap())
        .sum();
    assert!(cloudformation <= 4, "no-op deploy made {calls:?}");
    assert_eq!(
        calls.get("s3:HeadObject"),
        Some(&Value::from(1)),
        "{calls:?}"
    );
    assert_eq!(
        calls.keys().filter(|k| k.starts_with("s3:")).count(),
        1,
        "nothing uploaded: {calls:?}"
    );
    // The deploy's own time leaves out the synth (function builds print
    // their own); the total holds both.
    let ms = |key: &str| deployed[key].as_u64().expect(key);
    assert!(
        ms("synth_ms") + ms("deploy_ms") <= ms("total_ms"),
        "deploy_ms must not hold the synth: {deployed:#}"
    );
    eprintln!(
        "measured: fresh deploy {} ms ({} ms synth) {}; no-op deploy {} ms {}",
        deployed["total_ms"],
        deployed["synth_ms"],
        deployed["api_calls_total"],
        again["total_ms"],
        again["api_calls_total"]
    );
}

/// The pipeline's definition as CodePipeline returns it.
#[test]
fn pipeline_definition_reads_back_through_get_pipeline() {
    let endpoint = Endpoint::start();
    let cli = Cli::against(&endpoint, &out_dir("pipeline-api"));
    cli.run(&["bootstrap"]).expect_ok();
    let deployed = cli.run(&["deploy", "--yes"]).expect_ok();
    let rt = runtime();
    let sdk = rt.block_on(endpoint.sdk_config());
    rt.block_on(async {
        let (arn, role) = check_pipeline(&sdk, &deployed).await;
        let (target, _) = check_rule(&sdk, output(&deployed, "artifactBucketName")).await;
        assert_eq!(target, arn);
        assert_eq!(
            role,
            role_assumable_by(&sdk, "codepipeline.amazonaws.com").await
        );
    });
}

/// `tags` (key and value pairs, as each service lists them) hold the
/// spec's tags.
fn assert_spec_tags(
    what: &str,
    tags: impl IntoIterator<Item = (impl AsRef<str>, impl AsRef<str>)>,
) {
    let mut tags: Vec<(String, String)> = tags
        .into_iter()
        .map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned()))
        .collect();
    tags.sort();
    for (key, value) in TAGS {
        assert!(
            tags.iter().any(|(k, v)| k == key && v == value),
            "{what} lacks tag {key}={value}: {tags:?}"
        );
    }
}

async fn check_bucket(sdk: &aws_config::SdkConfig, bucket: &str) {
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(true)
            .build(),
    );
    let versioning = s3
        .get_bucket_versioning()
        .bucket(bucket)
        .send()
        .await
        .unwrap();
    assert_eq!(
        versioning.status(),
        Some(&aws_sdk_s3::types::BucketVersioningStatus::Enabled)
    );
    // Versioning, by what it does: two writes of one key keep both versions.
    let mut versions = Vec::new();
    for body in ["first", "second"] {
        let put = s3
            .put_object()
            .bucket(bucket)
            .key("versioning-probe")
            .body(body.as_bytes().to_vec().into())
            .send()
            .await
            .unwrap();
        versions.push(
            put.version_id()
                .expect("a versioned bucket names the version")
                .to_owned(),
        );
    }
    assert_ne!(versions[0], versions[1]);
    let first = s3
        .get_object()
        .bucket(bucket)
        .key("versioning-probe")
        .version_id(&versions[0])
        .send()
        .await
        .unwrap();
    let bytes = first.body.collect().await.unwrap().into_bytes();
    assert_eq!(
        &bytes[..],
        b"first",
        "the overwritten version is still there"
    );

    let lifecycle = s3
        .get_bucket_lifecycle_configuration()
        .bucket(bucket)
        .send()
        .await
        .unwrap();
    let rules = lifecycle.rules();
    assert!(
        rules
            .iter()
            .any(|r| r.expiration().and_then(|e| e.days()) == Some(30)),
        "current objects expire after 30 days: {rules:?}"
    );
    assert!(
        rules.iter().any(|r| r
            .noncurrent_version_expiration()
            .and_then(|e| e.noncurrent_days())
            == Some(30)),
        "noncurrent versions expire after 30 days: {rules:?}"
    );

    let encryption = s3
        .get_bucket_encryption()
        .bucket(bucket)
        .send()
        .await
        .unwrap();
    let algorithm = encryption
        .server_side_encryption_configuration()
        .unwrap()
        .rules()[0]
        .apply_server_side_encryption_by_default()
        .unwrap()
        .sse_algorithm()
        .as_str()
        .to_owned();
    assert_eq!(algorithm, "AES256");

    let block = s3
        .get_public_access_block()
        .bucket(bucket)
        .send()
        .await
        .unwrap();
    let block = block.public_access_block_configuration().unwrap();
    assert_eq!(
        [
            block.block_public_acls(),
            block.block_public_policy(),
            block.ignore_public_acls(),
            block.restrict_public_buckets()
        ],
        [Some(true); 4],
        "all four public access blocks"
    );

    let policy = s3.get_bucket_policy().bucket(bucket).send().await.unwrap();
    let policy: Value = serde_json::from_str(policy.policy().unwrap()).unwrap();
    let denies_plain_http = policy["Statement"].as_array().unwrap().iter().any(|s| {
        s["Effect"] == "Deny"
            && s["Condition"]["Bool"]["aws:SecureTransport"]
                .as_str()
                .is_some_and(|v| v.eq_ignore_ascii_case("false"))
    });
    assert!(
        denies_plain_http,
        "bucket policy denies non-TLS: {policy:#}"
    );

    let notification = s3
        .get_bucket_notification_configuration()
        .bucket(bucket)
        .send()
        .await
        .unwrap();
    assert!(
        notification.event_bridge_configuration().is_some(),
        "EventBridge notifications on"
    );

    let tagging = s3.get_bucket_tagging().bucket(bucket).send().await.unwrap();
    assert_spec_tags(
        "bucket",
        tagging.tag_set().iter().map(|t| (t.key(), t.value())),
    );
}

async fn check_repository(sdk: &aws_config::SdkConfig, deployed: &Value) {
    let ecr = aws_sdk_ecr::Client::new(sdk);
    let url = output(deployed, "ecrRepositoryUrl");
    assert!(url.ends_with("/docker-image-repo"), "{url}");
    let answer = ecr
        .describe_repositories()
        .repository_names("docker-image-repo")
        .send()
        .await
        .unwrap();
    let repo = &answer.repositories()[0];
    assert_eq!(repo.repository_uri(), Some(url));
    assert_eq!(
        repo.image_scanning_configuration()
            .map(|c| c.scan_on_push()),
        Some(true),
        "scan on push"
    );
    assert_eq!(
        repo.image_tag_mutability().map(|m| m.as_str()),
        Some("MUTABLE"),
        "the production tag must be able to move"
    );

    let lifecycle = ecr
        .get_lifecycle_policy()
        .repository_name("docker-image-repo")
        .send()
        .await
        .unwrap();
    let policy: Value = serde_json::from_str(lifecycle.lifecycle_policy_text().unwrap()).unwrap();
    let rules = policy["rules"].as_array().unwrap();
    let keep_last = rules
        .iter()
        .find(|r| r["selection"]["tagStatus"] == "any")
        .expect("a rule over all images");
    assert_eq!(keep_last["selection"]["countType"], "imageCountMoreThan");
    assert_eq!(keep_last["selection"]["countNumber"], 10);
    let protect = rules
        .iter()
        .find(|r| {
            r["selection"]["tagStatus"] == "tagged"
                && strings(&r["selection"]["tagPatternList"])
                    .iter()
                    .chain(strings(&r["selection"]["tagPrefixList"]).iter())
                    .any(|t| t == "production")
        })
        .expect("a rule that claims the production image");
    // ECR applies the lowest priority number first, and an image claimed by
    // one rule is not counted by later ones: production is never expired by
    // the keep-last-10 rule.
    assert!(
        protect["rulePriority"].as_u64() < keep_last["rulePriority"].as_u64(),
        "{policy:#}"
    );
    let max = protect["selection"]["countNumber"].as_u64().unwrap();
    assert!(
        max >= 1000,
        "the production rule never expires in practice: {max}"
    );

    let tags = ecr
        .list_tags_for_resource()
        .resource_arn(repo.repository_arn().unwrap())
        .send()
        .await
        .unwrap();
    assert_spec_tags(
        "repository",
        tags.tags().iter().map(|t| (t.key(), t.value())),
    );
}

async fn check_log_groups(sdk: &aws_config::SdkConfig) {
    let logs = aws_sdk_cloudwatchlogs::Client::new(sdk);
    for name in [
        "/aws/codebuild/docker-build-project",
        "/aws/lambda/tag-production-image",
    ] {
        let groups = log_groups(&logs, name).await;
        let group = groups
            .iter()
            .find(|g| g.log_group_name() == Some(name))
            .unwrap_or_else(|| panic!("log group {name} exists"));
        assert_eq!(group.retention_in_days(), Some(7), "{name}");
        assert_spec_tags(name, tags_of(&logs, group).await);
    }
}

/// Returns the function's role ARN.
async fn check_function(sdk: &aws_config::SdkConfig) -> String {
    let lambda = aws_sdk_lambda::Client::new(sdk);
    let config = lambda
        .get_function_configuration()
        .function_name("tag-production-image")
        .send()
        .await
        .unwrap();
    assert_eq!(
        config.runtime().map(|r| r.as_str()),
        Some("provided.al2023")
    );
    let env = config.environment().and_then(|e| e.variables()).unwrap();
    assert_eq!(
        env.get("REPOSITORY_NAME").map(String::as_str),
        Some("docker-image-repo")
    );
    assert_eq!(
        config.logging_config().and_then(|l| l.log_group()),
        Some("/aws/lambda/tag-production-image"),
        "the function logs to the group with 7-day retention"
    );
    let tags = lambda
        .list_tags()
        .resource(config.function_arn().unwrap())
        .send()
        .await
        .unwrap();
    assert_spec_tags("function", tags.tags().into_iter().flatten());
    config.role().unwrap().to_owned()
}

/// Returns the project's service role ARN.
async fn check_project(sdk: &aws_config::SdkConfig, deployed: &Value) -> String {
    let codebuild = aws_sdk_codebuild::Client::new(sdk);
    let name = output(deployed, "codeBuildProjectName");
    assert_eq!(name, "docker-build-project");
    let answer = codebuild
        .batch_get_projects()
        .names(name)
        .send()
        .await
        .unwrap();
    let project = &answer.projects()[0];
    let env = project.environment().unwrap();
    assert_eq!(env.compute_type().as_str(), "BUILD_GENERAL1_SMALL");
    assert_eq!(env.r#type().as_str(), "LINUX_CONTAINER");
    assert_eq!(env.privileged_mode(), Some(true), "docker needs privileged");
    assert!(
        env.image().starts_with("aws/codebuild/standard:"),
        "{}",
        env.image()
    );
    let buildspec = project.source().and_then(|s| s.buildspec()).unwrap();
    for step in [
        "ecr get-login-password",
        "docker build",
        "docker push",
        "latest",
    ] {
        assert!(
            buildspec.contains(step),
            "buildspec lacks `{step}`:\n{buildspec}"
        );
    }
    let logs = project
        .logs_config()
        .and_then(|l| l.cloud_watch_logs())
        .unwrap();
    assert_eq!(logs.status().as_str(), "ENABLED");
    assert_eq!(
        logs.group_name(),
        Some("/aws/codebuild/docker-build-project")
    );
    assert_spec_tags(
        "project",
        project
            .tags()
            .iter()
            .map(|t| (t.key().unwrap_or(""), t.value().unwrap_or(""))),
    );
    project.service_role().unwrap().to_owned()
}

/// Returns the pipeline's ARN and role ARN.
async fn check_pipeline(sdk: &aws_config::SdkConfig, deployed: &Value) -> (String, String) {
    let codepipeline = aws_sdk_codepipeline::Client::new(sdk);
    let name = output(deployed, "pipelineName");
    assert_eq!(name, "cicd-pipeline");
    let answer = codepipeline.get_pipeline().name(name).send().await.unwrap();
    let pipeline = answer.pipeline().unwrap();
    let store = pipeline.artifact_store().unwrap();
    assert_eq!(store.location(), output(deployed, "artifactBucketName"));
    let stages: Vec<&str> = pipeline.stages().iter().map(|s| s.name()).collect();
    assert_eq!(stages, ["Source", "Build", "Deploy"]);

    let action = |stage: usize| &pipeline.stages()[stage].actions()[0];
    let config = |stage: usize, key: &str| {
        action(stage)
            .configuration()
            .and_then(|c| c.get(key))
            .cloned()
            .unwrap_or_default()
    };
    let kind = |stage: usize| {
        let t = action(stage).action_type_id().unwrap();
        (
            t.category().as_str().to_owned(),
            t.owner().as_str().to_owned(),
            t.provider().to_owned(),
        )
    };
    assert_eq!(kind(0), ("Source".into(), "AWS".into(), "S3".into()));
    assert_eq!(
        config(0, "S3Bucket"),
        output(deployed, "artifactBucketName")
    );
    assert_eq!(config(0, "S3ObjectKey"), "source.zip");
    assert_eq!(
        config(0, "PollForSourceChanges").to_ascii_lowercase(),
        "false",
        "EventBridge starts the pipeline; polling would start it twice"
    );
    assert_eq!(kind(1), ("Build".into(), "AWS".into(), "CodeBuild".into()));
    assert_eq!(config(1, "ProjectName"), "docker-build-project");
    assert_eq!(kind(2), ("Invoke".into(), "AWS".into(), "Lambda".into()));
    assert_eq!(config(2, "FunctionName"), "tag-production-image");

    let arn = answer
        .metadata()
        .unwrap()
        .pipeline_arn()
        .unwrap()
        .to_owned();
    let tags = codepipeline
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_spec_tags("pipeline", tags.tags().iter().map(|t| (t.key(), t.value())));
    (arn, pipeline.role_arn().to_owned())
}

/// Returns the target pipeline's ARN and the events role ARN.
async fn check_rule(sdk: &aws_config::SdkConfig, bucket: &str) -> (String, String) {
    let events = aws_sdk_eventbridge::Client::new(sdk);
    let rules = events.list_rules().send().await.unwrap();
    assert_eq!(rules.rules().len(), 1, "one rule: {:?}", rules.rules());
    let rule_name = rules.rules()[0].name().unwrap().to_owned();
    let rule_name = &rule_name;
    let rule = events.describe_rule().name(rule_name).send().await.unwrap();
    assert_eq!(rule.state().map(|s| s.as_str()), Some("ENABLED"));
    let pattern: Value = serde_json::from_str(rule.event_pattern().unwrap()).unwrap();
    assert_eq!(strings(&pattern["source"]), ["aws.s3"]);
    assert_eq!(strings(&pattern["detail-type"]), ["Object Created"]);
    assert_eq!(strings(&pattern["detail"]["bucket"]["name"]), [bucket]);
    assert_eq!(strings(&pattern["detail"]["object"]["key"]), ["source.zip"]);

    let targets = events
        .list_targets_by_rule()
        .rule(rule_name)
        .send()
        .await
        .unwrap();
    assert_eq!(targets.targets().len(), 1);
    let target = &targets.targets()[0];
    assert!(target.arn().contains(":codepipeline:"), "{}", target.arn());
    let tags = events
        .list_tags_for_resource()
        .resource_arn(rule.arn().unwrap())
        .send()
        .await
        .unwrap();
    assert_spec_tags("rule", tags.tags().iter().map(|t| (t.key(), t.value())));
    (
        target.arn().to_owned(),
        target.role_arn().expect("the target has a role").to_owned(),
    )
}

/// The one role whose trust policy names `service`.
async fn role_assumable_by(sdk: &aws_config::SdkConfig, service: &str) -> String {
    let iam = aws_sdk_iam::Client::new(sdk);
    let roles = iam.list_roles().send().await.unwrap();
    let found: Vec<String> = roles
        .roles()
        .iter()
        .filter(|r| {
            r.assume_role_policy_document()
                .map(policy_json)
                .is_some_and(|trust| {
                    trust["Statement"].as_array().unwrap().iter().any(|s| {
                        strings(&s["Principal"]["Service"])
                            .iter()
                            .any(|p| p == service)
                    })
                })
        })
        .map(|r| r.arn().to_owned())
        .collect();
    assert_eq!(found.len(), 1, "one role for {service}: {found:?}");
    found[0].clone()
}

/// Actions that AWS lets no resource scope, the only ones allowed on `*`.
const UNSCOPABLE: [&str; 3] = [
    "ecr:GetAuthorizationToken",
    "codepipeline:PutJobSuccessResult",
    "codepipeline:PutJobFailureResult",
];

async fn check_roles(sdk: &aws_config::SdkConfig, roles: &[(String, &str)], pipeline_arn: &str) {
    let iam = aws_sdk_iam::Client::new(sdk);
    let mut granted: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for (arn, principal) in roles {
        let name = arn.rsplit('/').next().unwrap();
        let role = iam.get_role().role_name(name).send().await.unwrap();
        let role = role.role().unwrap();
        let trust = policy_json(role.assume_role_policy_document().unwrap());
        let principals: Vec<String> = trust["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| strings(&s["Principal"]["Service"]))
            .collect();
        assert_eq!(
            principals,
            [*principal],
            "{name} is assumable only by {principal}"
        );

        let tags = iam.list_role_tags().role_name(name).send().await.unwrap();
        assert_spec_tags(name, tags.tags().iter().map(|t| (t.key(), t.value())));

        let policies = iam
            .list_role_policies()
            .role_name(name)
            .send()
            .await
            .unwrap();
        assert!(!policies.policy_names().is_empty(), "{name} has its policy");
        let attached = iam
            .list_attached_role_policies()
            .role_name(name)
            .send()
            .await
            .unwrap();
        assert!(
            attached.attached_policies().is_empty(),
            "{name}: no managed (broad) policies"
        );
        for policy_name in policies.policy_names() {
            let policy = iam
                .get_role_policy()
                .role_name(name)
                .policy_name(policy_name)
                .send()
                .await
                .unwrap();
            let document = policy_json(policy.policy_document());
            for statement in document["Statement"].as_array().unwrap() {
                assert_eq!(statement["Effect"], "Allow");
                let actions = strings(&statement["Action"]);
                let resources = strings(&statement["Resource"]);
                for action in &actions {
                    assert!(
                        !action.contains('*'),
                        "{name}: action {action} is a wildcard; actions are listed one by one"
                    );
                }
                if resources.iter().any(|r| r == "*") {
                    for action in &actions {
                        assert!(
                            UNSCOPABLE.contains(&action.as_str()),
                            "{name}: {action} on Resource \"*\", but it can be scoped"
                        );
                    }
                }
                granted.push((name.to_owned(), actions, resources));
            }
        }
    }
    let grants = |role_arn: &str, action: &str| -> Vec<String> {
        let name = role_arn.rsplit('/').next().unwrap();
        granted
            .iter()
            .filter(|(n, actions, _)| n == name && actions.iter().any(|a| a == action))
            .flat_map(|(_, _, resources)| resources.clone())
            .collect()
    };
    let [(function, _), (build, _), (pipeline, _), (events, _)] = roles else {
        unreachable!()
    };
    // The function reports to the pipeline, or the Deploy stage hangs.
    for report in [
        "codepipeline:PutJobSuccessResult",
        "codepipeline:PutJobFailureResult",
    ] {
        assert_eq!(grants(function, report), ["*"], "{report}");
    }
    assert!(!grants(function, "ecr:PutImage").is_empty());
    assert!(!grants(build, "ecr:GetAuthorizationToken").is_empty());
    assert!(!grants(build, "ecr:PutImage").is_empty());
    assert!(!grants(pipeline, "codebuild:StartBuild").is_empty());
    assert!(!grants(pipeline, "lambda:InvokeFunction").is_empty());
    assert_eq!(
        grants(events, "codepipeline:StartPipelineExecution"),
        [pipeline_arn],
        "the events role starts exactly this pipeline"
    );
}
