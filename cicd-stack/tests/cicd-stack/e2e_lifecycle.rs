//! The stack's life after the first deploy, against the local endpoint:
//! a missing bootstrap, an update of one property, diff, push-source
//! starting the pipeline, and destroy keeping what holds data.

use cicd_dsl_tests::clients::runtime;
use cicd_dsl_tests::endpoint::Endpoint;
use serde_json::Value;

use crate::cli::Cli;
use crate::folders::out_dir;
use crate::log_groups::{log_groups, tags_of};
use crate::readback::output;

#[test]
fn update_push_source_and_destroy_keep_what_holds_data() {
    let endpoint = Endpoint::start();
    let cli = Cli::against(&endpoint, &out_dir("lifecycle"));

    // Outside --local nobody creates the asset bucket behind the user's back.
    let refused = cli.run(&["deploy", "--yes"]);
    assert!(!refused.success);
    let error = refused.json()["error"].as_str().unwrap().to_owned();
    assert!(
        error.contains("run `cicd-stack bootstrap` first"),
        "{error}"
    );
    let last_line = refused.stderr.lines().last().unwrap();
    assert_eq!(last_line, format!("error: {error}"), "one line on stderr");
    assert!(!error.contains('\n'));

    cli.run(&["bootstrap"]).expect_ok();
    let created = cli.run(&["deploy", "--yes"]).expect_ok();
    let bucket = output(&created, "artifactBucketName").to_owned();
    let rt = runtime();
    let sdk = rt.block_on(endpoint.sdk_config());

    // `diff --fail` is a CI gate: 0 while the stack matches the code, 1
    // (with the same report) once it does not.
    let in_sync = cli.run(&["diff", "--fail"]);
    assert_eq!(in_sync.code, Some(0), "{in_sync:#?}");
    let differs = cli.run(&["diff", "--fail", "--tag", "CostCenter=1234"]);
    assert_eq!(differs.code, Some(1), "{differs:#?}");
    assert!(
        !differs.json()["diff"]["resources"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // One property (Tags) changes on each taggable resource; nothing is
    // replaced, and the new tag arrives on the resources themselves.
    let preview = cli.run(&["diff", "--tag", "CostCenter=1234"]).expect_ok();
    let modified: Vec<&Value> = preview["diff"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert!(!modified.is_empty(), "{preview:#}");
    assert!(
        modified.iter().all(|r| r["kind"] == "Modified"),
        "{preview:#}"
    );
    let updated = cli.deploy_ok(&["--tag", "CostCenter=1234"], "Updated", "UPDATE_COMPLETE");
    let changes = updated["changes"].as_array().unwrap();
    assert!(
        changes.iter().all(|c| c["action"] == "Modify"),
        "{updated:#}"
    );
    assert!(
        changes.iter().all(|c| c["replacement"] != "True"),
        "a tag never replaces: {updated:#}"
    );
    assert_eq!(updated["outputs"], created["outputs"]);
    rt.block_on(async {
        let s3 = s3(&sdk);
        let tags = s3
            .get_bucket_tagging()
            .bucket(&bucket)
            .send()
            .await
            .unwrap();
        assert!(
            tags.tag_set()
                .iter()
                .any(|t| t.key() == "CostCenter" && t.value() == "1234"),
            "{:?}",
            tags.tag_set()
        );
        let logs = aws_sdk_cloudwatchlogs::Client::new(&sdk);
        let group = &log_groups(&logs, "/aws/codebuild/docker-build-project").await[0];
        let tags = tags_of(&logs, group).await;
        assert_eq!(tags.get("CostCenter").map(String::as_str), Some("1234"));
        assert_eq!(group.retention_in_days(), Some(7), "untouched");
    });
    let settled = cli.run(&["diff", "--tag", "CostCenter=1234"]).expect_ok();
    assert_eq!(
        settled["diff"]["resources"],
        serde_json::json!([]),
        "{settled:#}"
    );

    // push-source: the upload starts the pipeline through the EventBridge rule.
    let source = tempfile::tempdir().unwrap();
    std::fs::write(
        source.path().join("Dockerfile"),
        "FROM public.ecr.aws/docker/library/alpine:3\n",
    )
    .unwrap();
    std::fs::create_dir(source.path().join("app")).unwrap();
    std::fs::write(source.path().join("app/main.sh"), "echo hello\n").unwrap();
    let dir = source.path().to_str().unwrap();
    let before = rt.block_on(source_stage_execution(&sdk));
    let pushed = cli
        .run(&["push-source", dir, "--wait-seconds", "10"])
        .expect_ok();
    assert_eq!(pushed["bucket"], bucket.as_str());
    assert_eq!(pushed["key"], "source.zip");
    assert_eq!(pushed["files"], 2);
    let version = pushed["version_id"]
        .as_str()
        .expect("the bucket is versioned");
    let started = rt
        .block_on(source_stage_execution(&sdk))
        .expect("the upload started the pipeline");
    assert_ne!(Some(&started), before.as_ref(), "a new execution");
    // The CLI names the execution when it can list executions; against
    // moto it cannot (ListPipelineExecutions answers timestamps as strings,
    // which the SDK rejects) and must say why instead of guessing.
    match pushed["execution_id"].as_str() {
        Some(id) => assert_eq!(id, started),
        None => assert!(pushed["execution_lookup_error"].is_string(), "{pushed:#}"),
    }
    rt.block_on(async {
        let head = s3(&sdk)
            .head_object()
            .bucket(&bucket)
            .key("source.zip")
            .send()
            .await
            .unwrap();
        assert_eq!(head.version_id(), Some(version));
        assert_eq!(head.content_length(), pushed["size"].as_i64());
    });
    // The same tree zips to the same bytes: a second push is the same object content.
    let again = cli
        .run(&["push-source", dir, "--wait-seconds", "0"])
        .expect_ok();
    assert_eq!(again["sha256"], pushed["sha256"]);

    // destroy: the bucket (with the source still in it), the repository and
    // the log groups stay and stay readable; the rest is gone.
    let destroyed = cli.destroy_ok();
    let mut kept: Vec<&str> = destroyed["retained"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["logical_id"].as_str().unwrap())
        .collect();
    kept.sort();
    assert_eq!(kept, ["Artifacts", "BuildLogs", "FunctionLogs", "Images"]);
    eprintln!("measured: destroy {}", destroyed["api_calls"]);
    rt.block_on(async {
        let s3 = s3(&sdk);
        let object = s3
            .get_object()
            .bucket(&bucket)
            .key("source.zip")
            .send()
            .await
            .unwrap();
        assert_eq!(
            object.version_id(),
            again["version_id"].as_str(),
            "the latest source survives"
        );
        assert_ne!(again["version_id"].as_str(), Some(version), "two versions");
        let ecr = aws_sdk_ecr::Client::new(&sdk);
        ecr.describe_repositories()
            .repository_names("docker-image-repo")
            .send()
            .await
            .expect("the repository is kept");
        let logs = aws_sdk_cloudwatchlogs::Client::new(&sdk);
        for name in [
            "/aws/codebuild/docker-build-project",
            "/aws/lambda/tag-production-image",
        ] {
            let found = log_groups(&logs, name).await;
            assert_eq!(found.len(), 1, "{name} is kept");
            assert_eq!(found[0].retention_in_days(), Some(7));
        }

        let lambda = aws_sdk_lambda::Client::new(&sdk);
        assert!(
            lambda
                .get_function()
                .function_name("tag-production-image")
                .send()
                .await
                .is_err()
        );
        let codebuild = aws_sdk_codebuild::Client::new(&sdk);
        let projects = codebuild
            .batch_get_projects()
            .names("docker-build-project")
            .send()
            .await
            .unwrap();
        assert!(projects.projects().is_empty(), "the project is deleted");
        let codepipeline = aws_sdk_codepipeline::Client::new(&sdk);
        let gone = codepipeline
            .get_pipeline_state()
            .name("cicd-pipeline")
            .send()
            .await
            .unwrap_err();
        assert!(
            gone.as_service_error()
                .is_some_and(|e| e.is_pipeline_not_found_exception()),
            "the pipeline is deleted: {gone:?}"
        );
        let events = aws_sdk_eventbridge::Client::new(&sdk);
        let rules = events.list_rules().send().await.unwrap();
        assert!(
            rules.rules().is_empty(),
            "the rule is deleted: {:?}",
            rules.rules()
        );
        let iam = aws_sdk_iam::Client::new(&sdk);
        let roles = iam.list_roles().send().await.unwrap();
        let left: Vec<&str> = roles.roles().iter().map(|r| r.role_name()).collect();
        assert!(left.is_empty(), "the four roles are deleted: {left:?}");
    });
    let status = cli.run(&["destroy", "--yes"]).expect_ok();
    assert_eq!(status["existed"], false, "a second destroy finds nothing");
}

fn s3(sdk: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(true)
            .build(),
    )
}

/// The execution the Source stage last ran, from GetPipelineState.
async fn source_stage_execution(sdk: &aws_config::SdkConfig) -> Option<String> {
    let state = aws_sdk_codepipeline::Client::new(sdk)
        .get_pipeline_state()
        .name("cicd-pipeline")
        .send()
        .await
        .unwrap();
    state
        .stage_states()
        .iter()
        .find(|s| s.stage_name() == Some("Source"))
        .and_then(|s| s.latest_execution())
        .map(|e| e.pipeline_execution_id().to_owned())
}
