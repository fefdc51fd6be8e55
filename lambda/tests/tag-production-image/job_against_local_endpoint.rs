//! The job logic against the project's local endpoint: real ECR state, a
//! real pipeline execution waiting at its Lambda Invoke action, and the
//! report read back through CodePipeline's own API (GetPipelineExecution,
//! GetPipelineState), not through what the SDK sent.

use crate::images::*;
use crate::local::{DeployOutcome, Job, Local};
use aws_sdk_codepipeline::error::DisplayErrorContext;
use aws_sdk_codepipeline::types::{ActionExecutionStatus, PipelineExecutionStatus};
use tag_production_image::{
    JobFailure, JobOutcome, PRODUCTION_TAG, PromoteError, Promotion, TagChange, run_job, tag_image,
};

const REPO: &str = "docker-image-repo";

fn ecr(local: &Local) -> aws_sdk_ecr::Client {
    aws_sdk_ecr::Client::new(&local.config)
}

/// The local endpoint with the pipeline and an empty repository `REPO`,
/// and an ECR client for it.
async fn with_repository() -> (Local, aws_sdk_ecr::Client) {
    let local = Local::start().await;
    let ecr = ecr(&local);
    create_repository(&ecr, REPO).await;
    (local, ecr)
}

/// Runs the function's job logic for a job the pipeline created; the report
/// must be accepted.
async fn run(local: &Local, repository: Option<&str>) -> (Job, JobOutcome) {
    let job = local.start_job().await;
    let outcome = run_job(&ecr(local), &local.pipeline, repository, &job.id)
        .await
        .unwrap_or_else(|e| panic!("report refused: {}", DisplayErrorContext(&e)));
    (job, outcome)
}

fn success_of(outcome: JobOutcome) -> Promotion {
    match outcome {
        JobOutcome::Succeeded(p) => p,
        JobOutcome::Failed(f) => panic!("job failed: {}", f.message()),
    }
}

/// What the pipeline shows for the job, whose execution and Deploy action
/// must have ended `execution` and `action`.
async fn shown_as(
    local: &Local,
    job: &Job,
    execution: PipelineExecutionStatus,
    action: ActionExecutionStatus,
) -> DeployOutcome {
    let shown = local.outcome(job).await;
    assert_eq!(shown.execution, execution, "{shown:?}");
    assert_eq!(shown.action, Some(action));
    shown
}

/// The pipeline shows the job succeeded, naming the image it deployed.
async fn assert_pipeline_succeeded(local: &Local, job: &Job, digest: &str) {
    let shown = shown_as(
        local,
        job,
        PipelineExecutionStatus::Succeeded,
        ActionExecutionStatus::Succeeded,
    )
    .await;
    assert_eq!(shown.external_execution_id.as_deref(), Some(digest));
    let summary = shown.summary.unwrap_or_default();
    assert!(
        summary.contains(digest) && summary.contains("production"),
        "{summary}"
    );
    assert_eq!(local.job_record(&job.id)["status"], "Succeeded");
}

/// The job deployed `digest`: the pipeline shows it, and the production tag
/// is on it.
async fn assert_deployed(local: &Local, ecr: &aws_sdk_ecr::Client, job: &Job, digest: &str) {
    assert_pipeline_succeeded(local, job, digest).await;
    assert_eq!(
        digest_of_tag(ecr, REPO, PRODUCTION_TAG).await.as_deref(),
        Some(digest)
    );
}

/// The pipeline shows the job failed, with a message containing `needles`.
async fn assert_pipeline_failed(local: &Local, job: &Job, needles: &[&str]) -> String {
    let shown = shown_as(
        local,
        job,
        PipelineExecutionStatus::Failed,
        ActionExecutionStatus::Failed,
    )
    .await;
    let message = shown.error_message.unwrap_or_default();
    for needle in needles {
        assert!(message.contains(needle), "`{needle}` not in: {message}");
    }
    let record = local.job_record(&job.id);
    assert_eq!(record["status"], "Failed");
    assert_eq!(record["result"]["failureDetails"]["type"], "JobFailed");
    message
}

#[tokio::test]
async fn production_follows_the_newest_push_across_manifest_formats() {
    let (local, ecr) = with_repository().await;
    let first = push(&ecr, REPO, "build-1", &docker_manifest("one"), DOCKER_V2).await;
    next_push_second().await;
    let oci = oci_manifest("two");
    let second = push(&ecr, REPO, "build-2", &oci, OCI_MANIFEST).await;
    assert_ne!(first, second);

    let (job, outcome) = run(&local, Some(REPO)).await;
    let promotion = success_of(outcome);
    assert_eq!(promotion.digest, second);
    assert_eq!(promotion.change, TagChange::Moved);
    assert_deployed(&local, &ecr, &job, &second).await;
    assert_eq!(
        tags_of(&ecr, REPO, &second).await,
        ["build-2", "production"]
    );
    // The OCI manifest went back byte for byte, with its media type.
    assert_eq!(
        manifest_of_tag(&ecr, REPO, PRODUCTION_TAG).await,
        (oci, Some(OCI_MANIFEST.to_owned()))
    );

    next_push_second().await;
    let docker = docker_manifest("three");
    let third = push(&ecr, REPO, "build-3", &docker, DOCKER_V2).await;
    let (job, outcome) = run(&local, Some(REPO)).await;
    assert_eq!(success_of(outcome).digest, third);
    assert_deployed(&local, &ecr, &job, &third).await;
    assert_eq!(
        tags_of(&ecr, REPO, &second).await,
        ["build-2"],
        "the tag moved off the old image"
    );
    assert_eq!(tags_of(&ecr, REPO, &first).await, ["build-1"]);
    assert_eq!(
        manifest_of_tag(&ecr, REPO, PRODUCTION_TAG).await,
        (docker, Some(DOCKER_V2.to_owned()))
    );
}

#[tokio::test]
async fn running_again_changes_nothing_and_still_reports_success() {
    let (local, ecr) = with_repository().await;
    push(&ecr, REPO, "build-1", &docker_manifest("a"), DOCKER_V2).await;
    next_push_second().await;
    let newest = push(&ecr, REPO, "build-2", &docker_manifest("b"), DOCKER_V2).await;

    let (_, outcome) = run(&local, Some(REPO)).await;
    assert_eq!(success_of(outcome).change, TagChange::Moved);
    let (job, outcome) = run(&local, Some(REPO)).await;
    let again = success_of(outcome);
    assert_eq!(again.digest, newest);
    assert_eq!(again.change, TagChange::AlreadyTagged);
    assert_pipeline_succeeded(&local, &job, &newest).await;
    assert_eq!(
        tags_of(&ecr, REPO, &newest).await,
        ["build-2", "production"]
    );
    let listed = ecr
        .describe_images()
        .repository_name(REPO)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.image_details().len(), 2, "no image was added");

    // The PutImage path on its own: ECR's ImageAlreadyExistsException for an
    // unchanged tag is success.
    assert_eq!(
        tag_image(&ecr, REPO, &newest, "release").await.unwrap(),
        TagChange::Moved
    );
    assert_eq!(
        tag_image(&ecr, REPO, &newest, "release").await.unwrap(),
        TagChange::AlreadyTagged
    );
}

#[tokio::test]
async fn an_empty_repository_fails_the_job_with_a_clear_message() {
    let (local, _) = with_repository().await;

    let (job, outcome) = run(&local, Some(REPO)).await;
    let JobOutcome::Failed(JobFailure::Promote(PromoteError::EmptyRepository { repository })) =
        &outcome
    else {
        panic!("expected an empty-repository failure, got {outcome:?}");
    };
    assert_eq!(repository, REPO);
    assert_pipeline_failed(&local, &job, &["docker-image-repo", "has no images"]).await;
}

#[tokio::test]
async fn a_missing_repository_or_configuration_fails_the_job_and_says_why() {
    let local = Local::start().await;

    let (job, outcome) = run(&local, Some("no-such-repo")).await;
    assert!(
        matches!(
            &outcome,
            JobOutcome::Failed(JobFailure::Promote(PromoteError::ListImages { .. }))
        ),
        "{outcome:?}"
    );
    assert_pipeline_failed(
        &local,
        &job,
        &[
            "DescribeImages",
            "no-such-repo",
            "RepositoryNotFoundException",
        ],
    )
    .await;

    let (job, outcome) = run(&local, None).await;
    assert!(
        matches!(
            &outcome,
            JobOutcome::Failed(JobFailure::RepositoryNotConfigured)
        ),
        "{outcome:?}"
    );
    assert_pipeline_failed(&local, &job, &["REPOSITORY_NAME"]).await;
}

#[tokio::test]
async fn a_report_for_a_job_the_pipeline_never_created_is_an_error_that_keeps_the_outcome() {
    let (local, ecr) = with_repository().await;
    let digest = push(&ecr, REPO, "build-1", &docker_manifest("x"), DOCKER_V2).await;

    let unknown = "00000000-0000-4000-8000-000000000000";
    let err = run_job(&ecr, &local.pipeline, Some(REPO), unknown)
        .await
        .expect_err("CodePipeline refuses a result for an unknown job");
    assert_eq!(err.job_id, unknown);
    assert_eq!(err.source.http_status, Some(400));
    let cause = DisplayErrorContext(&err).to_string();
    assert!(cause.contains("JobNotFoundException"), "{cause}");
    // The work was done; only the report failed.
    let JobOutcome::Succeeded(promotion) = &err.outcome else {
        panic!("{:?}", err.outcome);
    };
    assert_eq!(promotion.digest, digest);
    assert!(local.jobs().is_empty());
}
