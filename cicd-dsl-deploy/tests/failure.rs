//! A resource that fails to create: what plain moto can show of it.

mod common;

use cicd_dsl_deploy::{Confirm, DeployError, DeployRequest, Reporter, deploy};
use common::{Moto, change_sets_left};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_resource_surfaces_the_services_reason_and_leaves_no_change_set() {
    let moto = Moto::start();
    let clients = moto.clients().await;
    // An upper-case repository name is invalid in ECR; plain moto fails the
    // whole ExecuteChangeSet call with the service's error instead of
    // emitting a per-resource CREATE_FAILED event.
    let template = json!({"Resources": {"Images": {
        "Type": "AWS::ECR::Repository",
        "Properties": {"RepositoryName": "Not-Valid-UPPER"}
    }}});
    let request = DeployRequest {
        stack_name: "broken".to_owned(),
        template_body: template.to_string(),
        assets: Vec::new(),
        tags: Default::default(),
        allow_replace: Vec::new(),
        confirm: Confirm::Yes,
    };
    let err = deploy(&clients, &request, &Reporter::quiet())
        .await
        .expect_err("the repository cannot be created");
    eprintln!("error shown to the user: {err}");
    match &err {
        DeployError::Aws { operation, message } => {
            assert_eq!(*operation, "ExecuteChangeSet");
            assert!(message.contains("InvalidParameterException"), "{message}");
        }
        DeployError::StackOperationFailed(failure) => {
            let first = failure.first_failure.as_ref().expect("a named resource");
            assert_eq!(first.logical_id, "Images");
        }
        other => panic!("unexpected error {other:?}"),
    }
    assert_eq!(change_sets_left(&clients, "broken").await, 0);
}
