//! A resource that fails to create: the deploy names it with the
//! service's reason, and leaves no change set behind.

use cicd_dsl_deploy::{Confirm, DeployError};
use serde_json::json;

use crate::deploying::deploy_quietly;
use crate::engine;
use crate::readback::change_sets_left;

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_resource_surfaces_the_services_reason_and_leaves_no_change_set() {
    let (_endpoint, clients) = engine::start().await;
    // An upper-case repository name is invalid in ECR: the endpoint fails
    // that resource (CREATE_FAILED with ECR's error) and rolls the stack
    // back, as CloudFormation does.
    let template = json!({"Resources": {"Images": {
        "Type": "AWS::ECR::Repository",
        "Properties": {"RepositoryName": "Not-Valid-UPPER"}
    }}});
    let err = deploy_quietly(&clients, "broken", &template, Confirm::Yes)
        .await
        .expect_err("the repository cannot be created");
    eprintln!("error shown to the user: {err}");
    let DeployError::StackOperationFailed(failure) = &err else {
        panic!("expected the stack operation to fail, got {err:?}");
    };
    let first = failure.first_failure.as_ref().expect("a named resource");
    assert_eq!(first.logical_id, "Images");
    assert_eq!(first.resource_type, "AWS::ECR::Repository");
    assert!(
        first.reason.contains("InvalidParameterException"),
        "the service's reason: {}",
        first.reason
    );
    assert_eq!(change_sets_left(&clients, "broken").await, 0);
}
