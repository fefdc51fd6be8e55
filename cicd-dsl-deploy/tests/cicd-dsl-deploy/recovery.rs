//! Each stuck or failed stack state has a way out that the error message
//! names, run here against the extended local endpoint.
//!
//! How each state is reached: ROLLBACK_COMPLETE and the update failure by a
//! repository name ECR rejects; DELETE_FAILED by a non-empty bucket without
//! Retain; REVIEW_IN_PROGRESS by a CREATE change set nobody executed;
//! UPDATE_ROLLBACK_FAILED by a test fault (the endpoint has no real way for
//! putting a resource back to fail).

use cicd_dsl_deploy::{
    AwsClients, Confirm, DeployError, DeployStatus, Reporter, Subcommand, deploy, destroy,
};
use cicd_dsl_tests::endpoint::Endpoint;
use cicd_dsl_tests::routes::Fault;
use serde_json::{Value, json};

use crate::deploying::{assert_ended, assert_mentions, deploy_quietly, request, status_text};
use crate::engine;
use crate::readback::{bucket_exists, bucket_tags, change_sets_in, object_keys, stack_status};

fn bucket(name: &str, purpose: &str) -> Value {
    json!({"Type": "AWS::S3::Bucket", "Properties": {
        "BucketName": name, "Tags": [{"Key": "Purpose", "Value": purpose}]}})
}

/// The bucket `Data` alone.
fn data_only(name: &str, purpose: &str) -> Value {
    json!({"Resources": {"Data": bucket(name, purpose)}})
}

/// The bucket `Data`, then a repository whose upper-case name ECR refuses:
/// the stack operation fails after `Data` went through.
fn data_then_rejected_repository(name: &str, purpose: &str) -> Value {
    json!({"Resources": {
        "Data": bucket(name, purpose),
        "Images": {"Type": "AWS::ECR::Repository", "DependsOn": "Data",
                   "Properties": {"RepositoryName": "Not-Valid-UPPER"}},
    }})
}

/// Makes the endpoint fail the next `operation` on `Data` of `app` once,
/// after letting `after` of them through.
fn fail_data_once(server: &Endpoint, operation: &str, after: u32) {
    server.arm_fault(&Fault {
        stack: "app",
        logical_id: "Data",
        operation,
        after,
        times: 1,
    });
}

/// What the user is shown when deploying `template` as `app` fails, as it
/// must (`why`).
async fn refusal(clients: &AwsClients, template: &Value, confirm: Confirm, why: &str) -> String {
    deploy_quietly(clients, "app", template, confirm)
        .await
        .expect_err(why)
        .message(&Subcommand)
}

/// The bucket's `Purpose` tag as S3 reports it: which template version
/// last set it.
async fn purpose(clients: &AwsClients, bucket: &str) -> Option<String> {
    bucket_tags(clients, bucket)
        .await
        .into_iter()
        .find(|(k, _)| k == "Purpose")
        .map(|(_, v)| v)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_first_create_names_the_resource_and_the_next_deploy_recreates_it() {
    let (_server, clients) = engine::start().await;
    let broken = data_then_rejected_repository("recreate-data", "v1");
    let err = deploy_quietly(&clients, "app", &broken, Confirm::Yes)
        .await
        .expect_err("ECR rejects the name");
    let DeployError::StackOperationFailed(failure) = &err else {
        panic!("unexpected error {err:?}");
    };
    assert_eq!(failure.status, "ROLLBACK_COMPLETE");
    let first = failure.first_failure.as_ref().expect("a named resource");
    assert_eq!(first.logical_id, "Images");
    assert!(first.reason.contains("repositoryName"), "{}", first.reason);
    let message = err.message(&Subcommand);
    eprintln!("shown to the user: {message}");
    assert_mentions(
        &message,
        &[
            "Images (AWS::ECR::Repository) CREATE_FAILED",
            "Next: fix the cause and run `deploy` again",
        ],
    );

    // Without a terminal or --yes, nothing is deleted.
    let fixed = data_only("recreate-data", "v1");
    let message = refusal(&clients, &fixed, Confirm::NoTerminal, "needs --yes").await;
    assert_mentions(&message, &["pass --yes to delete and re-create it"]);
    assert_eq!(
        stack_status(&clients, "app").await.as_deref(),
        Some("ROLLBACK_COMPLETE")
    );

    let (reporter, shown) = Reporter::capture();
    let created = deploy(&clients, &request("app", &fixed, Confirm::Yes), &reporter)
        .await
        .expect("deleted and created again");
    assert_ended(&created, DeployStatus::Created, "CREATE_COMPLETE");
    assert_mentions(&created.recovery[0], &["was ROLLBACK_COMPLETE"]);
    assert_mentions(&shown.text(), &["ROLLBACK_COMPLETE"]);
    assert_eq!(
        purpose(&clients, "recreate-data").await.as_deref(),
        Some("v1")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_update_rollback_is_continued_by_the_next_deploy() {
    let (server, clients) = engine::start().await;
    let v1 = data_only("rollback-data", "v1");
    deploy_quietly(&clients, "app", &v1, Confirm::Yes)
        .await
        .expect("first deploy");

    // The update of Data goes through, the repository fails it, and putting
    // Data back fails (the test fault).
    fail_data_once(&server, "UPDATE", 1);
    let v2 = data_then_rejected_repository("rollback-data", "v2");
    let message = refusal(&clients, &v2, Confirm::Yes, "the update fails").await;
    assert_mentions(
        &message,
        &[
            "ended in UPDATE_ROLLBACK_FAILED",
            "Images (AWS::ECR::Repository)",
            "Next: run `deploy` again: it offers to continue the rollback",
        ],
    );
    assert_eq!(
        purpose(&clients, "rollback-data").await.as_deref(),
        Some("v2")
    );

    // Declining (no terminal, no --yes) names what blocks and the command.
    let v3 = data_only("rollback-data", "v3");
    let message = refusal(&clients, &v3, Confirm::NoTerminal, "needs --yes").await;
    eprintln!("shown to the user: {message}");
    assert_mentions(
        &message,
        &[
            "is UPDATE_ROLLBACK_FAILED",
            "Data (AWS::S3::Bucket): ",
            "TestFault",
            "Next: `deploy --yes`",
        ],
    );

    // The retried rollback fails again: the message names the skip command.
    fail_data_once(&server, "UPDATE", 0);
    let message = refusal(&clients, &v3, Confirm::Yes, "the rollback fails again").await;
    eprintln!("shown to the user: {message}");
    assert_mentions(
        &message,
        &[
            "ended in UPDATE_ROLLBACK_FAILED",
            "--resources-to-skip Data",
        ],
    );

    let (reporter, shown) = Reporter::capture();
    let updated = deploy(&clients, &request("app", &v3, Confirm::Yes), &reporter)
        .await
        .expect("rollback continued, then deployed");
    assert_ended(&updated, DeployStatus::Updated, "UPDATE_COMPLETE");
    assert_mentions(&updated.recovery[0], &["continued the rollback"]);
    assert!(
        shown.text().contains("UPDATE_ROLLBACK_COMPLETE"),
        "the continued rollback's events are shown: {}",
        shown.text()
    );
    assert_eq!(
        purpose(&clients, "rollback-data").await.as_deref(),
        Some("v3")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn destroy_retries_a_failed_delete_and_then_keeps_what_cannot_be_deleted() {
    let (_server, clients) = engine::start().await;
    let template = json!({"Resources": {
        "Data": bucket("undeletable-data", "reports"),
        "Scratch": bucket("scratch-data", "tmp"),
    }});
    deploy_quietly(&clients, "app", &template, Confirm::Yes)
        .await
        .expect("deploy");
    for key in ["a.csv", "b.csv"] {
        clients
            .s3
            .put_object()
            .bucket("undeletable-data")
            .key(key)
            .body(b"1,2".to_vec().into())
            .send()
            .await
            .expect("PutObject");
    }

    let err = destroy(&clients, "app", Confirm::Yes, &Reporter::quiet())
        .await
        .expect_err("a non-empty bucket cannot be deleted");
    let DeployError::StackOperationFailed(failure) = &err else {
        panic!("unexpected error {err:?}");
    };
    assert_eq!(failure.status, "DELETE_FAILED");
    assert_eq!(failure.first_failure.as_ref().unwrap().logical_id, "Data");
    let message = err.message(&Subcommand);
    eprintln!("shown to the user: {message}");
    assert_mentions(
        &message,
        &[
            "Data (AWS::S3::Bucket) DELETE_FAILED",
            "Next: remove what blocks the deletion (e.g. empty the bucket) and run `destroy` for app again",
        ],
    );

    let (reporter, shown) = Reporter::capture();
    let outcome = destroy(&clients, "app", Confirm::Yes, &reporter)
        .await
        .expect("retried, then deleted keeping the bucket");
    assert_eq!(status_text(&outcome.final_status), Some("DELETE_COMPLETE"));
    let kept: Vec<(&str, Option<&str>)> = outcome
        .kept_after_failed_delete
        .iter()
        .map(|k| (k.logical_id.as_str(), k.physical_id.as_deref()))
        .collect();
    assert_eq!(kept, [("Data", Some("undeletable-data"))]);
    assert!(outcome.recovery.iter().any(|r| r.contains("DELETE_FAILED")));
    let text = shown.text();
    assert_mentions(
        &text,
        &["these resources cannot be deleted", "Kept in the account"],
    );
    assert_eq!(stack_status(&clients, "app").await, None);
    assert_eq!(
        object_keys(&clients, "undeletable-data").await.len(),
        2,
        "the kept bucket is still there, with its objects"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retried_destroy_succeeds_once_the_cause_is_removed() {
    let (_server, clients) = engine::start().await;
    let template = data_only("emptied-data", "reports");
    deploy_quietly(&clients, "app", &template, Confirm::Yes)
        .await
        .expect("deploy");
    let s3 = &clients.s3;
    s3.put_object()
        .bucket("emptied-data")
        .key("a.csv")
        .body(b"1".to_vec().into())
        .send()
        .await
        .expect("PutObject");
    destroy(&clients, "app", Confirm::Yes, &Reporter::quiet())
        .await
        .expect_err("not empty");
    s3.delete_object()
        .bucket("emptied-data")
        .key("a.csv")
        .send()
        .await
        .expect("DeleteObject");

    let outcome = destroy(&clients, "app", Confirm::Yes, &Reporter::quiet())
        .await
        .expect("the retry deletes everything");
    assert!(outcome.kept_after_failed_delete.is_empty());
    assert_eq!(stack_status(&clients, "app").await, None);
    assert!(!bucket_exists(&clients, "emptied-data").await);
}

/// What a deploy killed between CreateChangeSet and ExecuteChangeSet leaves.
async fn abandon_change_set(clients: &AwsClients, stack: &str, name: &str) {
    let template = data_only(&format!("{stack}-abandoned"), "x");
    clients
        .cloudformation
        .create_change_set()
        .stack_name(stack)
        .change_set_name(name)
        .change_set_type(aws_sdk_cloudformation::types::ChangeSetType::Create)
        .template_body(template.to_string())
        .send()
        .await
        .expect("CreateChangeSet");
    assert_eq!(
        stack_status(clients, stack).await.as_deref(),
        Some("REVIEW_IN_PROGRESS")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_abandoned_change_set_is_cleaned_by_the_next_deploy_or_destroy() {
    let (_server, clients) = engine::start().await;
    abandon_change_set(&clients, "app", "cicd-stack-1764168000123").await;

    let (reporter, shown) = Reporter::capture();
    let template = data_only("review-data", "v1");
    let created = deploy(
        &clients,
        &request("app", &template, Confirm::Yes),
        &reporter,
    )
    .await
    .expect("deploy takes the stack over");
    assert_ended(&created, DeployStatus::Created, "CREATE_COMPLETE");
    assert_mentions(
        &created.recovery[0],
        &["removed the change set(s) it left: cicd-stack-1764168000123"],
    );
    assert!(shown.text().contains("cicd-stack-1764168000123"));
    assert!(
        change_sets_in(&clients, "app", &["AVAILABLE"])
            .await
            .is_empty()
    );

    abandon_change_set(&clients, "other", "cicd-stack-1764168000456").await;
    let (reporter, shown) = Reporter::capture();
    let outcome = destroy(&clients, "other", Confirm::Yes, &reporter)
        .await
        .expect("an empty stack in review is deleted");
    assert!(outcome.existed);
    assert_eq!(status_text(&outcome.final_status), Some("DELETE_COMPLETE"));
    assert!(
        outcome.recovery[0].contains("REVIEW_IN_PROGRESS")
            && outcome.recovery[0].contains("cicd-stack-1764168000456"),
        "{:?}",
        outcome.recovery
    );
    assert!(shown.text().contains("cicd-stack-1764168000456"));
    assert_eq!(stack_status(&clients, "other").await, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_rollback_of_a_first_create_is_ended_by_destroy() {
    let (server, clients) = engine::start().await;
    // The repository fails the create; deleting the bucket in the rollback
    // fails too (test fault): ROLLBACK_FAILED.
    fail_data_once(&server, "DELETE", 0);
    let broken = data_then_rejected_repository("rollback-failed-data", "v1");
    let message = refusal(&clients, &broken, Confirm::Yes, "the create fails").await;
    assert_mentions(
        &message,
        &[
            "ended in ROLLBACK_FAILED",
            "Images (AWS::ECR::Repository)",
            "Next: run `destroy` for app",
        ],
    );

    let fixed = data_only("rollback-failed-data", "v1");
    let message = refusal(
        &clients,
        &fixed,
        Confirm::Yes,
        "only destroy ends ROLLBACK_FAILED",
    )
    .await;
    assert_mentions(
        &message,
        &[
            "is ROLLBACK_FAILED and cannot be updated; only deleting it ends this state. Next: `destroy` for app",
        ],
    );

    destroy(&clients, "app", Confirm::Yes, &Reporter::quiet())
        .await
        .expect("destroy deletes it");
    assert!(
        !bucket_exists(&clients, "rollback-failed-data").await,
        "the bucket the rollback left is deleted with the stack"
    );
    let created = deploy_quietly(&clients, "app", &fixed, Confirm::Yes)
        .await
        .expect("then it deploys");
    assert_eq!(created.status, DeployStatus::Created);
}
