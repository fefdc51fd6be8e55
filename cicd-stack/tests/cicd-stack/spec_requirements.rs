//! Each requirement of `spec/pipeline.md`, checked one by one on the
//! synthesized template (the end-to-end tests check the same against the
//! deployed services).

use std::collections::BTreeMap;

use cicd_dsl_tests::cfn::{actions, assert_cargo_built_function, assert_private_retained_bucket};
use serde_json::{Value, json};

use crate::template::{of_type, only, template, template_with};

fn props(resource: &Value) -> &Value {
    &resource["Properties"]
}

/// The properties of the one resource of a type.
fn only_props<'a>(template: &'a cicd_dsl::Template, cfn_type: &str) -> &'a Value {
    props(only(template, cfn_type).1)
}

fn tags(resource: &Value) -> BTreeMap<String, String> {
    props(resource)["Tags"]
        .as_array()
        .map(|tags| {
            tags.iter()
                .map(|t| {
                    (
                        t["Key"].as_str().unwrap().to_owned(),
                        t["Value"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// All statements of every identity policy, with the policy's logical id.
fn statements(template: &cicd_dsl::Template) -> Vec<(String, Value)> {
    of_type(template, "AWS::IAM::Policy")
        .into_iter()
        .flat_map(|(id, policy)| {
            props(policy)["PolicyDocument"]["Statement"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |s| (id.to_owned(), s.clone()))
        })
        .collect()
}

/// The actions every statement of the policy `policy` allows.
fn actions_of(template: &cicd_dsl::Template, policy: &str) -> Vec<String> {
    statements(template)
        .into_iter()
        .filter(|(id, _)| id == policy)
        .flat_map(|(_, s)| actions(&s))
        .collect()
}

/// The log groups' names, in template order.
fn log_group_names(template: &cicd_dsl::Template) -> Vec<&str> {
    of_type(template, "AWS::Logs::LogGroup")
        .iter()
        .map(|(_, g)| props(g)["LogGroupName"].as_str().unwrap())
        .collect()
}

#[test]
fn row1_bucket_is_versioned_expiring_encrypted_private_tls_only_evented_retained() {
    let t = template();
    let (id, bucket) = only(&t, "AWS::S3::Bucket");
    assert_private_retained_bucket(bucket);
    let p = props(bucket);
    let rule = &p["LifecycleConfiguration"]["Rules"][0];
    assert_eq!(rule["Status"], "Enabled");
    assert_eq!(rule["ExpirationInDays"], 30);
    assert_eq!(rule["NoncurrentVersionExpiration"]["NoncurrentDays"], 30);
    assert_eq!(
        p["NotificationConfiguration"]["EventBridgeConfiguration"]["EventBridgeEnabled"],
        true
    );

    let (_, policy) = only(&t, "AWS::S3::BucketPolicy");
    assert_eq!(props(policy)["Bucket"], json!({ "Ref": id }));
    let deny = &props(policy)["PolicyDocument"]["Statement"][0];
    assert_eq!(deny["Effect"], "Deny");
    assert_eq!(deny["Condition"]["Bool"]["aws:SecureTransport"], "false");
    assert_eq!(
        deny["Resource"].as_array().unwrap().len(),
        2,
        "bucket and its objects"
    );
}

#[test]
fn row2_repository_scans_keeps_ten_never_expires_production_mutable_retained() {
    let t = template();
    let (_, repo) = only(&t, "AWS::ECR::Repository");
    let p = props(repo);
    assert_eq!(p["RepositoryName"], "docker-image-repo");
    assert_eq!(p["ImageScanningConfiguration"]["ScanOnPush"], true);
    assert_eq!(p["ImageTagMutability"], "MUTABLE");
    assert_eq!(repo["DeletionPolicy"], "Retain");
    let policy: Value = serde_json::from_str(
        p["LifecyclePolicy"]["LifecyclePolicyText"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    let rules = policy["rules"].as_array().unwrap();
    // The production image is matched first by a rule that never expires,
    // so the keep-last rule (which must come last as a tagStatus any rule)
    // cannot expire it.
    assert_eq!(rules[0]["selection"]["tagStatus"], "tagged");
    assert_eq!(
        rules[0]["selection"]["tagPatternList"],
        json!(["production"])
    );
    assert!(rules[0]["selection"]["countNumber"].as_u64().unwrap() >= 1000);
    let last = rules.last().unwrap();
    assert_eq!(last["selection"]["tagStatus"], "any");
    assert_eq!(last["selection"]["countType"], "imageCountMoreThan");
    assert_eq!(last["selection"]["countNumber"], 10);
    let priorities: Vec<u64> = rules
        .iter()
        .map(|r| r["rulePriority"].as_u64().unwrap())
        .collect();
    assert!(
        priorities.windows(2).all(|w| w[0] < w[1]),
        "unique, `any` highest: {priorities:?}"
    );
}

#[test]
fn row3_codebuild_project_builds_docker_privileged_small_with_inline_buildspec_and_logs() {
    let t = template();
    let p = only_props(&t, "AWS::CodeBuild::Project");
    assert_eq!(p["Name"], "docker-build-project");
    assert_eq!(p["Environment"]["ComputeType"], "BUILD_GENERAL1_SMALL");
    assert_eq!(p["Environment"]["Type"], "LINUX_CONTAINER");
    assert!(
        p["Environment"]["Image"]
            .as_str()
            .unwrap()
            .starts_with("aws/codebuild/standard:")
    );
    assert_eq!(p["Environment"]["PrivilegedMode"], true);
    let buildspec = p["Source"]["BuildSpec"].as_str().unwrap();
    for step in [
        "docker login",
        "docker build",
        "docker push \"$REPOSITORY_URI:$SOURCE_TAG\"",
        "docker push \"$REPOSITORY_URI:latest\"",
        "CODEBUILD_RESOLVED_SOURCE_VERSION",
    ] {
        assert!(buildspec.contains(step), "buildspec lacks {step}");
    }
    assert_eq!(
        p["Environment"]["EnvironmentVariables"][0]["Name"],
        "REPOSITORY_URI"
    );
    assert_eq!(p["LogsConfig"]["CloudWatchLogs"]["Status"], "ENABLED");
    assert_eq!(
        p["LogsConfig"]["CloudWatchLogs"]["GroupName"],
        json!({ "Ref": "BuildLogs" })
    );
}

#[test]
fn row4_log_groups_keep_seven_days_for_build_and_function() {
    let t = template();
    assert_eq!(
        log_group_names(&t),
        [
            "/aws/codebuild/docker-build-project",
            "/aws/lambda/tag-production-image"
        ]
    );
    for (_, group) in &of_type(&t, "AWS::Logs::LogGroup") {
        assert_eq!(props(group)["RetentionInDays"], 7);
        assert_eq!(group["DeletionPolicy"], "Retain");
    }
}

#[test]
fn row5_function_runs_the_rust_asset_on_a_supported_runtime_and_may_report_jobs() {
    let t = template();
    let p = only_props(&t, "AWS::Lambda::Function");
    assert_eq!(p["FunctionName"], "tag-production-image");
    assert_cargo_built_function(p, crate::template::ASSET_SHA);
    assert_eq!(
        p["Environment"]["Variables"]["REPOSITORY_NAME"],
        json!({ "Ref": "Images" })
    );
    assert_eq!(
        p["LoggingConfig"]["LogGroup"],
        json!({ "Ref": "FunctionLogs" })
    );
    let role = p["Role"]["Fn::GetAtt"][0].as_str().unwrap();
    let granted = actions_of(&t, &format!("{role}Policy"));
    let needed = [
        "codepipeline:PutJobSuccessResult",
        "codepipeline:PutJobFailureResult",
        "ecr:BatchGetImage",
        "ecr:PutImage",
        "ecr:DescribeImages",
    ];
    let missing: Vec<&str> = needed
        .into_iter()
        .filter(|action| !granted.iter().any(|g| g == action))
        .collect();
    assert!(missing.is_empty(), "function role lacks {missing:?}");
}

#[test]
fn row6_pipeline_stores_artifacts_in_the_bucket_and_runs_source_build_deploy() {
    let t = template();
    let p = only_props(&t, "AWS::CodePipeline::Pipeline");
    assert_eq!(p["Name"], "cicd-pipeline");
    assert_eq!(
        p["ArtifactStore"],
        json!({ "Type": "S3", "Location": { "Ref": "Artifacts" } })
    );
    let stages = p["Stages"].as_array().unwrap();
    let names: Vec<&str> = stages.iter().map(|s| s["Name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Source", "Build", "Deploy"]);
    let source = &stages[0]["Actions"][0];
    assert_eq!(source["ActionTypeId"]["Provider"], "S3");
    assert_eq!(source["Configuration"]["S3ObjectKey"], "source.zip");
    assert_eq!(source["Configuration"]["PollForSourceChanges"], "false");
    assert_eq!(
        stages[1]["Actions"][0]["ActionTypeId"]["Provider"],
        "CodeBuild"
    );
    assert_eq!(
        stages[1]["Actions"][0]["InputArtifacts"][0]["Name"],
        source["OutputArtifacts"][0]["Name"]
    );
    assert_eq!(
        stages[2]["Actions"][0]["ActionTypeId"]["Category"],
        "Invoke"
    );
    assert_eq!(
        stages[2]["Actions"][0]["ActionTypeId"]["Provider"],
        "Lambda"
    );
}

#[test]
fn row7_policies_are_least_privilege() {
    let t = template();
    let roles = of_type(&t, "AWS::IAM::Role");
    let mut principals: Vec<String> = roles
        .iter()
        .map(|(_, r)| {
            props(r)["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"][0]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    principals.sort();
    assert_eq!(
        principals,
        [
            "codebuild.amazonaws.com",
            "codepipeline.amazonaws.com",
            "events.amazonaws.com",
            "lambda.amazonaws.com"
        ]
    );
    assert!(of_type(&t, "AWS::IAM::ManagedPolicy").is_empty());
    for (_, role) in &roles {
        assert!(
            props(role).get("ManagedPolicyArns").is_none(),
            "no managed policies"
        );
    }
    let unscopable = [
        "ecr:GetAuthorizationToken",
        "codepipeline:PutJobSuccessResult",
        "codepipeline:PutJobFailureResult",
    ];
    for (policy, statement) in statements(&t) {
        assert_eq!(statement["Effect"], "Allow");
        for action in actions(&statement) {
            assert!(!action.contains('*'), "{policy}: wildcard action {action}");
            if statement["Resource"] == "*" {
                assert!(
                    unscopable.contains(&action.as_str()),
                    "{policy}: {action} on *"
                );
            }
        }
    }
}

#[test]
fn row8_rule_starts_the_pipeline_on_source_zip_through_the_events_role() {
    let t = template();
    let p = only_props(&t, "AWS::Events::Rule");
    assert_eq!(p["EventPattern"]["source"], json!(["aws.s3"]));
    assert_eq!(p["EventPattern"]["detail-type"], json!(["Object Created"]));
    assert_eq!(
        p["EventPattern"]["detail"]["bucket"]["name"],
        json!([{ "Ref": "Artifacts" }])
    );
    assert_eq!(
        p["EventPattern"]["detail"]["object"]["key"],
        json!(["source.zip"])
    );
    let target = &p["Targets"][0];
    assert!(
        target["Arn"]["Fn::Sub"]
            .as_str()
            .unwrap()
            .contains(":codepipeline:")
    );
    assert_eq!(
        target["RoleArn"],
        json!({ "Fn::GetAtt": ["EventsRole", "Arn"] })
    );
    assert_eq!(
        actions_of(&t, "EventsRolePolicy"),
        ["codepipeline:StartPipelineExecution"]
    );
}

#[test]
fn every_taggable_resource_has_the_stack_tags_and_configured_extras() {
    let mut config = crate::template::config();
    config.extra_tags.insert("CostCenter".into(), "42".into());
    config.extra_tags.insert("Team".into(), "platform".into());
    let t = template_with(&config);
    let untaggable = ["AWS::IAM::Policy", "AWS::S3::BucketPolicy"];
    for (id, resource) in t.resources() {
        if untaggable.contains(&resource["Type"].as_str().unwrap()) {
            continue;
        }
        let tags = tags(resource);
        assert_eq!(
            tags.get("Environment").map(String::as_str),
            Some("production"),
            "{id}"
        );
        assert_eq!(
            tags.get("Team").map(String::as_str),
            Some("platform"),
            "{id}: configuration wins"
        );
        assert_eq!(
            tags.get("CostCenter").map(String::as_str),
            Some("42"),
            "{id}"
        );
    }
}

#[test]
fn outputs_are_exactly_the_four_names() {
    let t = template();
    let outputs: Vec<&String> = t.outputs().unwrap().keys().collect();
    assert_eq!(
        outputs,
        [
            "artifactBucketName",
            "ecrRepositoryUrl",
            "pipelineName",
            "codeBuildProjectName"
        ]
    );
}

#[test]
fn name_prefix_lets_two_copies_share_an_account() {
    let mut config = crate::template::config();
    config.name_prefix = "dev-".into();
    config.stack_name = Some("cicd-pipeline-dev".into());
    let t = template_with(&config);
    assert_eq!(t.stack_name, "cicd-pipeline-dev");
    assert_eq!(
        only_props(&t, "AWS::ECR::Repository")["RepositoryName"],
        "dev-docker-image-repo"
    );
    assert_eq!(
        only_props(&t, "AWS::CodeBuild::Project")["Name"],
        "dev-docker-build-project"
    );
    assert_eq!(
        log_group_names(&t),
        [
            "/aws/codebuild/dev-docker-build-project",
            "/aws/lambda/dev-tag-production-image"
        ]
    );
}

#[test]
fn synth_is_deterministic() {
    assert_eq!(template().to_json(), template().to_json());
}

#[test]
fn changed_code_changes_only_the_asset_key() {
    let mut config = crate::template::config();
    config
        .assets
        .insert("tag-production-image".into(), "f".repeat(64));
    let changed = template_with(&config).to_json();
    let original = template().to_json();
    let differing: Vec<(&str, &str)> = original
        .lines()
        .zip(changed.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(differing.len(), 1, "{differing:?}");
    assert!(differing[0].0.contains("S3Key"));
}
