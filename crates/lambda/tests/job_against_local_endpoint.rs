//! The job logic against a real moto server: real ECR state, real SDK calls.
//!
//! moto 5.2.5 stores ECR images but does not implement CodePipeline's job
//! APIs: PutJobSuccessResult / PutJobFailureResult answer HTTP 500
//! ("The put_job_success_result action has not been implemented") and there
//! is no GetJobDetails to read a result back. So these tests check the
//! report through moto's request recording: the exact request the SDK
//! sent. What they cannot check is that CodePipeline accepts it.

#[path = "support/images.rs"]
mod images;
#[path = "support/moto.rs"]
mod moto;

use aws_sdk_codepipeline::error::DisplayErrorContext;
use images::*;
use moto::Moto;
use serde_json::Value;
use tag_production_image::{
    JobFailure, JobOutcome, PRODUCTION_TAG, PromoteError, ReportError, TagChange, run_job,
    tag_image,
};

const REPO: &str = "docker-image-repo";
const SUCCESS: &str = "CodePipeline_20150709.PutJobSuccessResult";
const FAILURE: &str = "CodePipeline_20150709.PutJobFailureResult";

struct Clients {
    ecr: aws_sdk_ecr::Client,
    pipeline: aws_sdk_codepipeline::Client,
}

async fn clients(moto: &Moto) -> Clients {
    let config = moto.sdk_config().await;
    Clients {
        ecr: aws_sdk_ecr::Client::new(&config),
        pipeline: aws_sdk_codepipeline::Client::new(&config),
    }
}

/// The outcome the job reported. moto rejects the report itself (see the
/// module comment); any other report error fails the test.
fn reported(moto: &Moto, result: Result<JobOutcome, ReportError>) -> JobOutcome {
    match result {
        Ok(outcome) => outcome,
        Err(e) => {
            let cause = DisplayErrorContext(&e).to_string();
            assert_eq!(e.source.http_status, Some(500), "{cause}");
            assert!(
                moto.log_contains("action has not been implemented"),
                "only moto's not-implemented answer is expected: {cause}\nmoto log:\n{}",
                moto.log()
            );
            e.outcome
        }
    }
}

async fn run(moto: &Moto, c: &Clients, repository: Option<&str>, job_id: &str) -> JobOutcome {
    reported(moto, run_job(&c.ecr, &c.pipeline, repository, job_id).await)
}

fn success_of(outcome: JobOutcome) -> tag_production_image::Promotion {
    match outcome {
        JobOutcome::Succeeded(p) => p,
        JobOutcome::Failed(f) => panic!("job failed: {}", f.message()),
    }
}

fn report_for<'a>(calls: &'a [Value], job_id: &str) -> &'a Value {
    let mine: Vec<&Value> = calls.iter().filter(|c| c["jobId"] == job_id).collect();
    assert_eq!(
        mine.len(),
        1,
        "exactly one report for job {job_id}: {calls:?}"
    );
    mine[0]
}

#[tokio::test]
async fn production_follows_the_newest_push_across_manifest_formats() {
    let moto = Moto::start();
    let c = clients(&moto).await;
    create_repository(&c.ecr, REPO).await;
    let first = push(&c.ecr, REPO, "build-1", &docker_manifest("one"), DOCKER_V2).await;
    next_push_second().await;
    let oci = oci_manifest("two");
    let second = push(&c.ecr, REPO, "build-2", &oci, OCI_MANIFEST).await;
    assert_ne!(first, second);

    let promotion = success_of(run(&moto, &c, Some(REPO), "job-1").await);
    assert_eq!(promotion.digest, second);
    assert_eq!(promotion.change, TagChange::Moved);
    assert_eq!(
        digest_of_tag(&c.ecr, REPO, PRODUCTION_TAG).await.as_deref(),
        Some(second.as_str())
    );
    assert_eq!(
        tags_of(&c.ecr, REPO, &second).await,
        ["build-2", "production"]
    );
    // The OCI manifest went back byte for byte, with its media type.
    assert_eq!(
        manifest_of_tag(&c.ecr, REPO, PRODUCTION_TAG).await,
        (oci, Some(OCI_MANIFEST.to_owned()))
    );

    next_push_second().await;
    let docker = docker_manifest("three");
    let third = push(&c.ecr, REPO, "build-3", &docker, DOCKER_V2).await;
    let promotion = success_of(run(&moto, &c, Some(REPO), "job-2").await);
    assert_eq!(promotion.digest, third);
    assert_eq!(
        digest_of_tag(&c.ecr, REPO, PRODUCTION_TAG).await.as_deref(),
        Some(third.as_str())
    );
    assert_eq!(
        tags_of(&c.ecr, REPO, &second).await,
        ["build-2"],
        "the tag moved off the old image"
    );
    assert_eq!(tags_of(&c.ecr, REPO, &first).await, ["build-1"]);
    assert_eq!(
        manifest_of_tag(&c.ecr, REPO, PRODUCTION_TAG).await,
        (docker, Some(DOCKER_V2.to_owned()))
    );

    // Each job reported success once, naming the image it deployed.
    let calls = moto.recorded_calls(SUCCESS);
    for (job, digest) in [("job-1", &second), ("job-2", &third)] {
        let report = report_for(&calls, job);
        assert_eq!(report["executionDetails"]["externalExecutionId"], **digest);
        let summary = report["executionDetails"]["summary"].as_str().unwrap();
        assert!(
            summary.contains(digest.as_str()) && summary.contains("production"),
            "{summary}"
        );
    }
    assert!(moto.recorded_calls(FAILURE).is_empty());
}

#[tokio::test]
async fn running_again_changes_nothing_and_still_reports_success() {
    let moto = Moto::start();
    let c = clients(&moto).await;
    create_repository(&c.ecr, REPO).await;
    push(&c.ecr, REPO, "build-1", &docker_manifest("a"), DOCKER_V2).await;
    next_push_second().await;
    let newest = push(&c.ecr, REPO, "build-2", &docker_manifest("b"), DOCKER_V2).await;

    assert_eq!(
        success_of(run(&moto, &c, Some(REPO), "job-1").await).change,
        TagChange::Moved
    );
    let again = success_of(run(&moto, &c, Some(REPO), "job-2").await);
    assert_eq!(again.digest, newest);
    assert_eq!(again.change, TagChange::AlreadyTagged);
    assert_eq!(
        tags_of(&c.ecr, REPO, &newest).await,
        ["build-2", "production"]
    );
    let listed = c
        .ecr
        .describe_images()
        .repository_name(REPO)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.image_details().len(), 2, "no image was added");
    report_for(&moto.recorded_calls(SUCCESS), "job-2");

    // The PutImage path on its own: ECR's ImageAlreadyExistsException for an
    // unchanged tag is success.
    assert_eq!(
        tag_image(&c.ecr, REPO, &newest, "release").await.unwrap(),
        TagChange::Moved
    );
    assert_eq!(
        tag_image(&c.ecr, REPO, &newest, "release").await.unwrap(),
        TagChange::AlreadyTagged
    );
}

#[tokio::test]
async fn an_empty_repository_fails_the_job_with_a_clear_message() {
    let moto = Moto::start();
    let c = clients(&moto).await;
    create_repository(&c.ecr, REPO).await;

    let outcome = run(&moto, &c, Some(REPO), "job-empty").await;
    let JobOutcome::Failed(JobFailure::Promote(PromoteError::EmptyRepository { repository })) =
        &outcome
    else {
        panic!("expected an empty-repository failure, got {outcome:?}");
    };
    assert_eq!(repository, REPO);

    let report = report_for(&moto.recorded_calls(FAILURE), "job-empty").clone();
    assert_eq!(report["failureDetails"]["type"], "JobFailed");
    let message = report["failureDetails"]["message"].as_str().unwrap();
    assert!(
        message.contains("docker-image-repo") && message.contains("has no images"),
        "{message}"
    );
    assert!(moto.recorded_calls(SUCCESS).is_empty());
}

#[tokio::test]
async fn a_missing_repository_or_configuration_fails_the_job_and_says_why() {
    let moto = Moto::start();
    let c = clients(&moto).await;

    let outcome = run(&moto, &c, Some("no-such-repo"), "job-missing").await;
    assert!(
        matches!(
            &outcome,
            JobOutcome::Failed(JobFailure::Promote(PromoteError::ListImages { .. }))
        ),
        "{outcome:?}"
    );
    let report = report_for(&moto.recorded_calls(FAILURE), "job-missing").clone();
    let message = report["failureDetails"]["message"].as_str().unwrap();
    assert!(
        message.contains("DescribeImages")
            && message.contains("no-such-repo")
            && message.contains("RepositoryNotFoundException"),
        "{message}"
    );

    let outcome = run(&moto, &c, None, "job-unconfigured").await;
    assert!(
        matches!(
            &outcome,
            JobOutcome::Failed(JobFailure::RepositoryNotConfigured)
        ),
        "{outcome:?}"
    );
    let report = report_for(&moto.recorded_calls(FAILURE), "job-unconfigured").clone();
    assert!(
        report["failureDetails"]["message"]
            .as_str()
            .unwrap()
            .contains("REPOSITORY_NAME")
    );
}
