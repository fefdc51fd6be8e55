//! A CodeBuild project with the stack's project name, made outside the
//! stack, so the stack's first create fails on it and rolls back. A
//! repository of the same name no longer does that: deploy finds stateful
//! items of the code's names outside any stack and offers to adopt them
//! instead of letting the create fail.

use aws_sdk_codebuild::types::{
    ArtifactsType, ComputeType, EnvironmentType, ProjectArtifacts, ProjectEnvironment,
    ProjectSource, SourceType,
};

/// The pipeline stack's CodeBuild project name (cicd-stack/src/lib.rs).
pub const PROJECT: &str = "docker-build-project";

pub async fn create(sdk: &aws_config::SdkConfig) {
    let client = aws_sdk_codebuild::Client::new(sdk);
    client
        .create_project()
        .name(PROJECT)
        .source(
            ProjectSource::builder()
                .r#type(SourceType::S3)
                .location("outside-the-stack/source.zip")
                .build()
                .expect("source"),
        )
        .artifacts(
            ProjectArtifacts::builder()
                .r#type(ArtifactsType::NoArtifacts)
                .build()
                .expect("artifacts"),
        )
        .environment(
            ProjectEnvironment::builder()
                .r#type(EnvironmentType::LinuxContainer)
                .image("aws/codebuild/standard:7.0")
                .compute_type(ComputeType::BuildGeneral1Small)
                .build()
                .expect("environment"),
        )
        .service_role("arn:aws:iam::123456789012:role/outside-the-stack")
        .send()
        .await
        .expect("CreateProject outside the stack");
}

pub async fn delete(sdk: &aws_config::SdkConfig) {
    aws_sdk_codebuild::Client::new(sdk)
        .delete_project()
        .name(PROJECT)
        .send()
        .await
        .expect("DeleteProject");
}
