//! Each stuck or failed stack state has a way out that the error message
//! names, run here against the extended local endpoint.
//!
//! How each state is reached: ROLLBACK_COMPLETE and the update failure by a
//! repository name ECR rejects; DELETE_FAILED by a non-empty bucket without
//! Retain; REVIEW_IN_PROGRESS by a CREATE change set nobody executed;
//! UPDATE_ROLLBACK_FAILED by a test fault (the endpoint has no real way for
//! putting a resource back to fail).

use cicd_dsl_deploy::{
    AwsClients, Confirm, DeployError, DeployRequest, DeployStatus, Reporter, Subcommand, deploy,
    destroy,
};
use cicd_dsl_tests::endpoint::Endpoint;
use cicd_dsl_tests::routes::Fault;
use serde_json::{Value, json};

use crate::engine;
use crate::readback::{bucket_tags, stack_status};

fn request(stack: &str, template: &Value, confirm: Confirm) -> DeployRequest {
    DeployRequest {
        stack_name: stack.to_owned(),
        template_body: template.to_string(),
        assets: Vec::new(),
        tags: Default::default(),
        allow_replace: Vec::new(),
        confirm,
    }
}

fn bucket(name: &str, purpose: &str) -> Value {
    json!({"Type": "AWS::S3::Bucket", "Properties": {
        "BucketName": name, "Tags": [{"Key": "Purpose", "Value": purpose}]}})
}

/// ECR refuses upper-case repository names.
fn rejected_repository(depends_on: &str) -> Value {
    json!({"Type": "AWS::ECR::Repository", "DependsOn": depends_on,
           "Properties": {"RepositoryName": "Not-Valid-UPPER"}})
}

fn purpose(tags: &[(String, String)]) -> Option<&str> {
    tags.iter()
        .find(|(k, _)| k == "Purpose")
        .map(|(_, v)| v.as_str())
}

async fn pending_change_sets(clients: &AwsClients, stack: &str) -> Vec<String> {
    match clients
        .cloudformation
        .list_change_sets()
        .stack_name(stack)
        .send()
        .await
    {
        Ok(answer) => answer
            .summaries()
            .iter()
            .filter(|s| s.execution_status().map(|e| e.as_str()) == Some("AVAILABLE"))
            .filter_map(|s| s.change_set_name().map(str::to_owned))
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_first_create_names_the_resource_and_the_next_deploy_recreates_it() {
    let server = Endpoint::start();
    let clients = engine::clients(&server).await;
    let broken = json!({"Resources": {
        "Data": bucket("recreate-data", "v1"),
        "Images": rejected_repository("Data"),
    }});
    let err = deploy(
        &clients,
        &request("app", &broken, Confirm::Yes),
        &Reporter::quiet(),
    )
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
    assert!(
        message.contains("Images (AWS::ECR::Repository) CREATE_FAILED"),
        "{message}"
    );
    assert!(
        message.contains("Next: fix the cause and run `deploy` again"),
        "{message}"
    );

    // Without a terminal or --yes, nothing is deleted.
    let fixed = json!({"Resources": {"Data": bucket("recreate-data", "v1")}});
    let refused = deploy(
        &clients,
        &request("app", &fixed, Confirm::NoTerminal),
        &Reporter::quiet(),
    )
    .await
    .expect_err("needs --yes");
    assert!(
        refused
            .message(&Subcommand)
            .contains("pass --yes to delete and re-create it"),
        "{refused}"
    );
    assert_eq!(
        stack_status(&clients, "app").await.as_deref(),
        Some("ROLLBACK_COMPLETE")
    );

    let (reporter, shown) = Reporter::capture();
    let created = deploy(&clients, &request("app", &fixed, Confirm::Yes), &reporter)
        .await
        .expect("deleted and created again");
    assert_eq!(created.status, DeployStatus::Created);
    assert_eq!(
        created.stack_status.as_ref().map(|s| s.as_str()),
        Some("CREATE_COMPLETE")
    );
    assert!(
        created.recovery[0].contains("was ROLLBACK_COMPLETE"),
        "{:?}",
        created.recovery
    );
    assert!(
        shown.text().contains("ROLLBACK_COMPLETE"),
        "{}",
        shown.text()
    );
    assert_eq!(
        purpose(&bucket_tags(&clients, "recreate-data").await),
        Some("v1")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_update_rollback_is_continued_by_the_next_deploy() {
    let server = Endpoint::start();
    let clients = engine::clients(&server).await;
    let v1 = json!({"Resources": {"Data": bucket("rollback-data", "v1")}});
    deploy(
        &clients,
        &request("app", &v1, Confirm::Yes),
        &Reporter::quiet(),
    )
    .await
    .expect("first deploy");

    // The update of Data goes through, the repository fails it, and putting
    // Data back fails (the test fault).
    server.arm_fault(&Fault {
        stack: "app",
        logical_id: "Data",
        operation: "UPDATE",
        after: 1,
        times: 1,
    });
    let v2 = json!({"Resources": {
        "Data": bucket("rollback-data", "v2"),
        "Images": rejected_repository("Data"),
    }});
    let err = deploy(
        &clients,
        &request("app", &v2, Confirm::Yes),
        &Reporter::quiet(),
    )
    .await
    .expect_err("the update fails");
    let message = err.message(&Subcommand);
    assert!(
        message.contains("ended in UPDATE_ROLLBACK_FAILED"),
        "{message}"
    );
    assert!(
        message.contains("Images (AWS::ECR::Repository)"),
        "{message}"
    );
    assert!(
        message.contains("Next: run `deploy` again: it offers to continue the rollback"),
        "{message}"
    );
    assert_eq!(
        purpose(&bucket_tags(&clients, "rollback-data").await),
        Some("v2")
    );

    // Declining (no terminal, no --yes) names what blocks and the command.
    let v3 = json!({"Resources": {"Data": bucket("rollback-data", "v3")}});
    let refused = deploy(
        &clients,
        &request("app", &v3, Confirm::NoTerminal),
        &Reporter::quiet(),
    )
    .await
    .expect_err("needs --yes");
    let message = refused.message(&Subcommand);
    eprintln!("shown to the user: {message}");
    assert!(message.contains("is UPDATE_ROLLBACK_FAILED"), "{message}");
    assert!(message.contains("Data (AWS::S3::Bucket): "), "{message}");
    assert!(message.contains("TestFault"), "{message}");
    assert!(message.contains("Next: `deploy --yes`"), "{message}");

    // The retried rollback fails again: the message names the skip command.
    server.arm_fault(&Fault {
        stack: "app",
        logical_id: "Data",
        operation: "UPDATE",
        after: 0,
        times: 1,
    });
    let again = deploy(
        &clients,
        &request("app", &v3, Confirm::Yes),
        &Reporter::quiet(),
    )
    .await
    .expect_err("the rollback fails again");
    let message = again.message(&Subcommand);
    eprintln!("shown to the user: {message}");
    assert!(
        message.contains("ended in UPDATE_ROLLBACK_FAILED"),
        "{message}"
    );
    assert!(message.contains("--resources-to-skip Data"), "{message}");

    let (reporter, shown) = Reporter::capture();
    let updated = deploy(&clients, &request("app", &v3, Confirm::Yes), &reporter)
        .await
        .expect("rollback continued, then deployed");
    assert_eq!(updated.status, DeployStatus::Updated);
    assert_eq!(
        updated.stack_status.as_ref().map(|s| s.as_str()),
        Some("UPDATE_COMPLETE")
    );
    assert!(
        updated.recovery[0].contains("continued the rollback"),
        "{:?}",
        updated.recovery
    );
    assert!(
        shown.text().contains("UPDATE_ROLLBACK_COMPLETE"),
        "the continued rollback's events are shown: {}",
        shown.text()
    );
    assert_eq!(
        purpose(&bucket_tags(&clients, "rollback-data").await),
        Some("v3")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn destroy_retries_a_failed_delete_and_then_keeps_what_cannot_be_deleted() {
    let server = Endpoint::start();
    let clients = engine::clients(&server).await;
    let template = json!({"Resources": {
        "Data": bucket("undeletable-data", "reports"),
        "Scratch": bucket("scratch-data", "tmp"),
    }});
    deploy(
        &clients,
        &request("app", &template, Confirm::Yes),
        &Reporter::quiet(),
    )
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
    assert!(
        message.contains("Data (AWS::S3::Bucket) DELETE_FAILED"),
        "{message}"
    );
    assert!(
        message.contains("Next: remove what blocks the deletion (e.g. empty the bucket) and run `destroy` for app again"),
        "{message}"
    );

    let (reporter, shown) = Reporter::capture();
    let outcome = destroy(&clients, "app", Confirm::Yes, &reporter)
        .await
        .expect("retried, then deleted keeping the bucket");
    assert_eq!(
        outcome.final_status.as_ref().map(|s| s.as_str()),
        Some("DELETE_COMPLETE")
    );
    let kept: Vec<(&str, Option<&str>)> = outcome
        .kept_after_failed_delete
        .iter()
        .map(|k| (k.logical_id.as_str(), k.physical_id.as_deref()))
        .collect();
    assert_eq!(kept, [("Data", Some("undeletable-data"))]);
    assert!(outcome.recovery.iter().any(|r| r.contains("DELETE_FAILED")));
    let text = shown.text();
    assert!(text.contains("these resources cannot be deleted"), "{text}");
    assert!(text.contains("Kept in the account"), "{text}");
    assert_eq!(stack_status(&clients, "app").await, None);
    let objects = clients
        .s3
        .list_objects_v2()
        .bucket("undeletable-data")
        .send()
        .await
        .expect("the kept bucket is still there");
    assert_eq!(objects.contents().len(), 2, "with its objects");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retried_destroy_succeeds_once_the_cause_is_removed() {
    let server = Endpoint::start();
    let clients = engine::clients(&server).await;
    let template = json!({"Resources": {"Data": bucket("emptied-data", "reports")}});
    deploy(
        &clients,
        &request("app", &template, Confirm::Yes),
        &Reporter::quiet(),
    )
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
    assert!(
        s3.head_bucket()
            .bucket("emptied-data")
            .send()
            .await
            .is_err()
    );
}

/// What a deploy killed between CreateChangeSet and ExecuteChangeSet leaves.
async fn abandon_change_set(clients: &AwsClients, stack: &str, name: &str) {
    let template = json!({"Resources": {"Data": bucket(&format!("{stack}-abandoned"), "x")}});
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
    let server = Endpoint::start();
    let clients = engine::clients(&server).await;
    abandon_change_set(&clients, "app", "cicd-stack-1764168000123").await;

    let (reporter, shown) = Reporter::capture();
    let template = json!({"Resources": {"Data": bucket("review-data", "v1")}});
    let created = deploy(
        &clients,
        &request("app", &template, Confirm::Yes),
        &reporter,
    )
    .await
    .expect("deploy takes the stack over");
    assert_eq!(created.status, DeployStatus::Created);
    assert_eq!(
        created.stack_status.as_ref().map(|s| s.as_str()),
        Some("CREATE_COMPLETE")
    );
    assert!(
        created.recovery[0].contains("removed the change set(s) it left: cicd-stack-1764168000123"),
        "{:?}",
        created.recovery
    );
    assert!(shown.text().contains("cicd-stack-1764168000123"));
    assert!(pending_change_sets(&clients, "app").await.is_empty());

    abandon_change_set(&clients, "other", "cicd-stack-1764168000456").await;
    let (reporter, shown) = Reporter::capture();
    let outcome = destroy(&clients, "other", Confirm::Yes, &reporter)
        .await
        .expect("an empty stack in review is deleted");
    assert!(outcome.existed);
    assert_eq!(
        outcome.final_status.as_ref().map(|s| s.as_str()),
        Some("DELETE_COMPLETE")
    );
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
    let server = Endpoint::start();
    let clients = engine::clients(&server).await;
    // The repository fails the create; deleting the bucket in the rollback
    // fails too (test fault): ROLLBACK_FAILED.
    server.arm_fault(&Fault {
        stack: "app",
        logical_id: "Data",
        operation: "DELETE",
        after: 0,
        times: 1,
    });
    let broken = json!({"Resources": {
        "Data": bucket("rollback-failed-data", "v1"),
        "Images": rejected_repository("Data"),
    }});
    let err = deploy(
        &clients,
        &request("app", &broken, Confirm::Yes),
        &Reporter::quiet(),
    )
    .await
    .expect_err("the create fails");
    let message = err.message(&Subcommand);
    assert!(message.contains("ended in ROLLBACK_FAILED"), "{message}");
    assert!(
        message.contains("Images (AWS::ECR::Repository)"),
        "{message}"
    );
    assert!(message.contains("Next: run `destroy` for app"), "{message}");

    let fixed = json!({"Resources": {"Data": bucket("rollback-failed-data", "v1")}});
    let refused = deploy(
        &clients,
        &request("app", &fixed, Confirm::Yes),
        &Reporter::quiet(),
    )
    .await
    .expect_err("only destroy ends ROLLBACK_FAILED");
    assert!(
        refused
            .message(&Subcommand)
            .contains("is ROLLBACK_FAILED and cannot be updated; only deleting it ends this state. Next: `destroy` for app"),
        "{refused}"
    );

    destroy(&clients, "app", Confirm::Yes, &Reporter::quiet())
        .await
        .expect("destroy deletes it");
    assert!(
        clients
            .s3
            .head_bucket()
            .bucket("rollback-failed-data")
            .send()
            .await
            .is_err(),
        "the bucket the rollback left is deleted with the stack"
    );
    let created = deploy(
        &clients,
        &request("app", &fixed, Confirm::Yes),
        &Reporter::quiet(),
    )
    .await
    .expect("then it deploys");
    assert_eq!(created.status, DeployStatus::Created);
}
