//! Deploy, no-op, update, stateful guard, confirmation and destroy against a
//! the local endpoint.

use std::collections::BTreeMap;

use crate::readback::{bucket_exists, change_sets_left, deployed_template, stack_status};
use cicd_dsl_deploy::{
    AwsClients, Confirm, DeployError, DeployOutcome, DeployRequest, DeployStatus, DiffKind,
    Reporter, deploy, destroy, diff,
};
use cicd_dsl_tests::endpoint::Endpoint;
use serde_json::Value;

use crate::app_template::app_template;
use crate::deploying::{self, assert_ended, assert_mentions, status_text};
use crate::engine;

/// The stacks here are deployed with a stack tag, their template as synth
/// writes it (pretty-printed).
fn request(stack: &str, template: &Value, confirm: Confirm) -> DeployRequest {
    DeployRequest {
        template_body: serde_json::to_string_pretty(template).unwrap(),
        tags: BTreeMap::from([("Team".to_owned(), "devops".to_owned())]),
        ..deploying::request(stack, template, confirm)
    }
}

/// A fresh endpoint with the stack `app` created from `template`; the
/// endpoint lives as long as the returned handle.
async fn with_app_created(template: &Value) -> (Endpoint, AwsClients) {
    let (endpoint, clients) = engine::start().await;
    deploy(
        &clients,
        &request("app", template, Confirm::Yes),
        &Reporter::quiet(),
    )
    .await
    .expect("create");
    (endpoint, clients)
}

/// What a deploy changed, as (action, logical id) pairs in its order.
fn changes(outcome: &DeployOutcome) -> Vec<(&str, &str)> {
    outcome
        .changes
        .iter()
        .map(|c| (c.action.as_str(), c.logical_id.as_str()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn create_then_redeploy_is_a_no_op_with_at_most_four_cloudformation_calls() {
    let (_endpoint, clients) = engine::start().await;
    let template = app_template("lifecycle-data", "v1");
    let (reporter, _) = Reporter::capture();

    let created = deploy(
        &clients,
        &request("app", &template, Confirm::Yes),
        &reporter,
    )
    .await
    .expect("create succeeds");
    assert_eq!(created.status, DeployStatus::Created);
    let json = serde_json::to_value(&created).expect("outcomes serialize for --output json");
    assert_eq!(json["status"], "Created");
    assert_eq!(json["api_calls"]["cloudformation:ExecuteChangeSet"], 1);
    assert_eq!(status_text(&created.stack_status), Some("CREATE_COMPLETE"));
    let mut added = changes(&created);
    added.sort();
    assert_eq!(added, [("Add", "Data"), ("Add", "Logs"), ("Add", "Runner")]);
    assert!(bucket_exists(&clients, "lifecycle-data").await);
    assert!(
        created
            .events
            .iter()
            .any(|e| e.logical_id == "app" && e.status == "CREATE_COMPLETE"),
        "the root stack's completion event is streamed: {:?}",
        created.events
    );
    assert_eq!(change_sets_left(&clients, "app").await, 0);

    let again = deploy(
        &clients,
        &request("app", &template, Confirm::NoTerminal),
        &reporter,
    )
    .await
    .expect("a no-op needs no confirmation");
    assert_eq!(again.status, DeployStatus::NoChanges);
    assert!(again.changes.is_empty());
    let cfn_calls = again.api_calls.service_total("cloudformation");
    assert!(
        cfn_calls <= 4,
        "no-op made {cfn_calls} calls: {:?}",
        again.api_calls
    );
    for op in [
        "DescribeStacks",
        "CreateChangeSet",
        "DescribeChangeSet",
        "DeleteChangeSet",
    ] {
        assert_eq!(
            again.api_calls.count(&format!("cloudformation:{op}")),
            1,
            "{op}"
        );
    }
    eprintln!("no-op deploy API calls: {:?}", again.api_calls);
    eprintln!("create API calls: {:?}", created.api_calls);
    assert_eq!(again.api_calls.service_total("s3"), 0);
    assert_eq!(change_sets_left(&clients, "app").await, 0);
    assert_eq!(
        stack_status(&clients, "app").await.as_deref(),
        Some("CREATE_COMPLETE")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn create_returns_the_stack_outputs() {
    let (_endpoint, clients) = engine::start().await;
    let template = app_template("outputs-data", "v1");
    let created = deploy(
        &clients,
        &request("app", &template, Confirm::Yes),
        &Reporter::quiet(),
    )
    .await
    .expect("create succeeds");
    assert_eq!(
        created.outputs.get("DataBucket").map(String::as_str),
        Some("outputs-data")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn updating_one_property_modifies_only_that_resource() {
    let (_endpoint, clients) = with_app_created(&app_template("update-data", "v1")).await;
    let quiet = Reporter::quiet();

    let updated_template = app_template("update-data", "v2");
    let updated = deploy(
        &clients,
        &request("app", &updated_template, Confirm::Yes),
        &quiet,
    )
    .await
    .expect("update succeeds");
    assert_ended(&updated, DeployStatus::Updated, "UPDATE_COMPLETE");
    assert_eq!(changes(&updated), [("Modify", "Data")]);
    assert_eq!(deployed_template(&clients, "app").await, updated_template);
    assert!(bucket_exists(&clients, "update-data").await);
    assert_eq!(change_sets_left(&clients, "app").await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn replacing_or_removing_a_stateful_resource_needs_allow_replace() {
    let original = app_template("guarded-data", "v1");
    let (_endpoint, clients) = with_app_created(&original).await;
    let quiet = Reporter::quiet();

    // A new BucketName replaces the bucket.
    let renamed = app_template("guarded-data-2", "v1");
    let err = deploy(&clients, &request("app", &renamed, Confirm::Yes), &quiet)
        .await
        .expect_err("replacement is refused");
    let message = err.to_string();
    match &err {
        DeployError::StatefulChangeRefused { refused } => {
            let ids: Vec<_> = refused.iter().map(|r| r.logical_id.as_str()).collect();
            // The log group's name derives from the bucket's, so it is replaced too.
            assert_eq!(ids, ["Data", "Logs"]);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(message.contains("--allow-replace Data"), "{message}");
    assert_eq!(change_sets_left(&clients, "app").await, 0);
    assert_eq!(deployed_template(&clients, "app").await, original);
    assert!(!bucket_exists(&clients, "guarded-data-2").await);

    // Removing the log group is refused the same way.
    let mut without_logs = original.clone();
    without_logs["Resources"]
        .as_object_mut()
        .unwrap()
        .remove("Logs");
    let err = deploy(
        &clients,
        &request("app", &without_logs, Confirm::Yes),
        &quiet,
    )
    .await
    .expect_err("removal is refused");
    assert!(err.to_string().contains("Remove Logs"), "{err}");
    assert_eq!(change_sets_left(&clients, "app").await, 0);

    let mut allowed = request("app", &renamed, Confirm::Yes);
    allowed.allow_replace = vec!["Data".to_owned(), "Logs".to_owned()];
    let replaced = deploy(&clients, &allowed, &quiet)
        .await
        .expect("allowed replacement runs");
    assert_eq!(replaced.status, DeployStatus::Updated);
    assert!(bucket_exists(&clients, "guarded-data-2").await);
}

/// Deploys `template` as `app` without a terminal or `--yes`, which the
/// engine refuses with [`DeployError::NeedsYes`].
async fn refused_without_yes(
    clients: &AwsClients,
    template: &Value,
    reporter: &Reporter,
) -> DeployError {
    let err = deploy(
        clients,
        &request("app", template, Confirm::NoTerminal),
        reporter,
    )
    .await
    .expect_err("refused without --yes");
    assert!(matches!(err, DeployError::NeedsYes { .. }), "{err:?}");
    err
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_terminal_or_yes_nothing_changes() {
    let (_endpoint, clients) = engine::start().await;
    let (reporter, seen) = Reporter::capture();

    let err = refused_without_yes(&clients, &app_template("unconfirmed", "v1"), &reporter).await;
    assert!(err.to_string().contains("pass --yes"), "{err}");
    assert!(
        seen.text().contains("[+] Add"),
        "the plan is shown first: {}",
        seen.text()
    );
    assert_eq!(
        stack_status(&clients, "app").await,
        None,
        "the review stack is deleted"
    );
    assert!(!bucket_exists(&clients, "unconfirmed").await);
    assert_eq!(change_sets_left(&clients, "app").await, 0);

    // The same for an update of an existing stack.
    let v1 = app_template("unconfirmed", "v1");
    deploy(&clients, &request("app", &v1, Confirm::Yes), &reporter)
        .await
        .expect("create");
    refused_without_yes(&clients, &app_template("unconfirmed", "v2"), &reporter).await;
    assert_eq!(deployed_template(&clients, "app").await, v1);
    assert_eq!(change_sets_left(&clients, "app").await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn diff_names_changed_properties_and_leaves_nothing_behind() {
    let v1 = app_template("diffed-data", "v1");
    let (_endpoint, clients) = with_app_created(&v1).await;
    let quiet = Reporter::quiet();

    let v2 = app_template("diffed-data", "v2");
    let (reporter, seen) = Reporter::capture();
    let outcome = diff(
        &clients,
        "app",
        &serde_json::to_string(&v2).unwrap(),
        &reporter,
    )
    .await
    .expect("diff");
    assert!(outcome.stack_exists);
    assert_eq!(outcome.diff.resources.len(), 1);
    let data = &outcome.diff.resources[0];
    assert_eq!(
        (data.logical_id.as_str(), data.kind),
        ("Data", DiffKind::Modified)
    );
    assert_eq!(data.properties[0].path, "Tags[Purpose]");
    assert_eq!(outcome.change_set.len(), 1, "{:?}", outcome.change_set);
    let text = seen.text();
    assert!(
        text.contains("[~] Modify   AWS::S3::Bucket                  Data"),
        "{text}"
    );
    assert!(text.contains("~ Tags[Purpose]: \"v1\" -> \"v2\""), "{text}");
    assert!(
        !text.contains("\u{1b}["),
        "no colour when not on a terminal"
    );
    assert_eq!(change_sets_left(&clients, "app").await, 0);
    assert_eq!(deployed_template(&clients, "app").await, v1);

    let unknown = diff(
        &clients,
        "new-app",
        &serde_json::to_string(&v2).unwrap(),
        &quiet,
    )
    .await
    .expect("diff of a new stack");
    assert!(!unknown.stack_exists);
    assert_eq!(unknown.diff.resources.len(), 3);
    assert_eq!(stack_status(&clients, "new-app").await, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn destroy_lists_retained_resources_and_they_stay() {
    let (_endpoint, clients) = with_app_created(&app_template("kept-data", "v1")).await;
    let quiet = Reporter::quiet();

    let err = destroy(&clients, "app", Confirm::NoTerminal, &quiet)
        .await
        .expect_err("destroy needs --yes without a terminal");
    assert!(matches!(err, DeployError::NeedsYes { .. }));
    assert_eq!(
        stack_status(&clients, "app").await.as_deref(),
        Some("CREATE_COMPLETE")
    );

    let (reporter, seen) = Reporter::capture();
    let outcome = destroy(&clients, "app", Confirm::Yes, &reporter)
        .await
        .expect("destroy");
    assert!(outcome.existed);
    assert_eq!(status_text(&outcome.final_status), Some("DELETE_COMPLETE"));
    let retained: Vec<_> = outcome
        .retained
        .iter()
        .map(|r| (r.logical_id.as_str(), r.physical_id.as_deref()))
        .collect();
    assert_eq!(retained, [("Data", Some("kept-data"))]);
    assert_mentions(&seen.text(), &["AWS::S3::Bucket Data kept-data"]);
    assert!(
        outcome.events.iter().any(|e| e.status == "DELETE_COMPLETE"),
        "{:?}",
        outcome.events
    );
    assert!(
        outcome
            .events
            .iter()
            .all(|e| e.status.as_str().starts_with("DELETE")),
        "only this operation's events: {:?}",
        outcome.events
    );
    assert_eq!(stack_status(&clients, "app").await, None);
    assert!(
        bucket_exists(&clients, "kept-data").await,
        "a retained bucket outlives its stack"
    );

    let again = destroy(&clients, "app", Confirm::NoTerminal, &quiet)
        .await
        .expect("destroying a missing stack is not an error");
    assert!(!again.existed);
}
