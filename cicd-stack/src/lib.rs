//! The CI/CD pipeline of `spec/pipeline.md`, declared in cicd-dsl.
//!
//! A `source.zip` uploaded to the artifact bucket starts the pipeline
//! (through EventBridge); CodeBuild builds and pushes a Docker image; a Lambda
//! function tags the newest image `production` and reports to the pipeline.

#[cicd_dsl::stack(
    name = "cicd-pipeline",
    description = "CI/CD pipeline: S3 source, CodeBuild docker build to ECR, Lambda tagging the production image",
    tags(Environment = "production", Team = "devops")
)]
pub mod pipeline {
    /// Source uploads and pipeline artifacts.
    #[bucket(
        versioned,
        encryption = Aes256,
        expire_after_days = 30,
        expire_noncurrent_after_days = 30,
        eventbridge
    )]
    #[suppress(
        CKV_AWS_18,
        reason = "Artifacts are short-lived build inputs that expire after 30 days; server access logs would need a second bucket the spec does not call for, and CloudTrail records the API calls"
    )]
    pub struct Artifacts;

    /// Docker images built by the pipeline.
    #[ecr_repository(
        name = "docker-image-repo",
        scan_on_push,
        keep_last = 10,
        protect_tags("production"),
        tag_mutability = Mutable
    )]
    #[suppress(
        CKV_AWS_51,
        reason = "The `production` tag must move to each new release, so tags are mutable by design"
    )]
    #[suppress(
        CKV_AWS_136,
        reason = "Images are encrypted at rest with ECR's AES-256 default; a customer managed key is not required by the spec"
    )]
    pub struct Images;

    #[log_group(name = "/aws/codebuild/docker-build-project", retention_days = 7)]
    #[suppress(
        CKV_AWS_158,
        reason = "Build logs are encrypted at rest by CloudWatch Logs by default; no customer managed key is required"
    )]
    pub struct BuildLogs;

    #[log_group(name = "/aws/lambda/tag-production-image", retention_days = 7)]
    #[suppress(
        CKV_AWS_158,
        reason = "Function logs are encrypted at rest by CloudWatch Logs by default; no customer managed key is required"
    )]
    pub struct FunctionLogs;

    /// Lets CodeBuild read sources, write logs and push images.
    #[role(assumed_by = CodeBuild)]
    pub struct BuildRole;

    /// Lets the function retag images and report to the pipeline.
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    /// Lets CodePipeline move artifacts, run the build and invoke the function.
    #[role(assumed_by = CodePipeline)]
    pub struct PipelineRole;

    /// Lets EventBridge start the pipeline.
    #[role(assumed_by = Events)]
    pub struct EventsRole;

    /// Builds the Docker image of the source and pushes it.
    #[codebuild_project(
        name = "docker-build-project",
        compute = Small,
        image = "aws/codebuild/standard:7.0",
        privileged,
        role = BuildRole,
        logs = BuildLogs,
        pushes_to = Images,
        buildspec = "buildspec.yml"
    )]
    #[suppress(
        CKV_AWS_147,
        reason = "Build artifacts are encrypted with the AWS managed S3 key; a customer managed key is not required by the spec"
    )]
    pub struct DockerBuild;

    /// Tags the most recently pushed image `production`.
    #[function(
        name = "tag-production-image",
        code = cargo("tag-production-image"),
        role = FunctionRole,
        logs = FunctionLogs,
        memory_mb = 256,
        timeout_seconds = 60,
        environment(REPOSITORY_NAME = Images.name()),
        grants(Images.retag())
    )]
    #[suppress(
        CKV_AWS_115,
        reason = "Invoked only by the pipeline, one job at a time; reserving concurrency would take it from the account's unreserved pool"
    )]
    #[suppress(
        CKV_AWS_116,
        reason = "CodePipeline invokes the function and records failures through PutJobFailureResult; a dead-letter queue would hold nothing useful"
    )]
    #[suppress(
        CKV_AWS_117,
        reason = "The function calls only the public ECR and CodePipeline APIs; a VPC would add NAT cost and no isolation"
    )]
    #[suppress(
        CKV_AWS_173,
        reason = "The only environment variable is the repository name, which is not a secret"
    )]
    pub struct TagProduction;

    /// Source -> Build -> Deploy.
    #[pipeline(name = "cicd-pipeline", role = PipelineRole, artifacts = Artifacts)]
    pub enum Release {
        #[source(s3(bucket = Artifacts, key = "source.zip"))]
        Source,
        #[build(project = DockerBuild)]
        Build,
        #[invoke(function = TagProduction)]
        Deploy,
    }

    /// Starts the pipeline when a new `source.zip` lands in the bucket.
    #[rule(
        on = s3_object_created(bucket = Artifacts, key = "source.zip"),
        target = Release,
        role = EventsRole
    )]
    pub struct SourceUploaded;

    /// Upload `source.zip` here to start the pipeline.
    #[output(name = "artifactBucketName", value = Artifacts.name())]
    pub struct ArtifactBucketName;

    /// Where the build pushes images.
    #[output(name = "ecrRepositoryUrl", value = Images.uri())]
    pub struct EcrRepositoryUrl;

    /// The pipeline that builds and releases the image.
    #[output(name = "pipelineName", value = Release.name())]
    pub struct PipelineName;

    /// The project that builds and pushes the image.
    #[output(name = "codeBuildProjectName", value = DockerBuild.name())]
    pub struct CodeBuildProjectName;
}
