// A pipeline-like stack using every kind of item: S3 source, a CodeBuild
// project pushing to ECR, a Lambda function that retags images, a pipeline
// and the EventBridge rule that starts it, and outputs.
#[cicd_dsl::stack(
    name = "release-pipeline",
    description = "Builds images from uploaded sources and promotes them",
    tags(Environment = "staging", Team = "platform")
)]
pub mod release {
    /// Uploaded sources and pipeline artifacts.
    #[bucket(
        versioned,
        encryption = KmsManaged,
        expire_after_days = 60,
        expire_noncurrent_after_days = 14,
        eventbridge
    )]
    pub struct Sources;

    #[ecr_repository(
        name = "release-images",
        scan_on_push,
        keep_last = 25,
        protect_tags("stable"),
        tag_mutability = Mutable
    )]
    pub struct Images;

    #[log_group(name = "/aws/codebuild/release-build", retention_days = 14)]
    pub struct BuildLogs;

    #[log_group(name = "/aws/lambda/promote-image", retention_days = 30)]
    pub struct PromoteLogs;

    #[role(assumed_by = CodeBuild)]
    pub struct BuildRole;

    #[role(assumed_by = Lambda)]
    pub struct PromoteRole;

    #[role(assumed_by = CodePipeline)]
    pub struct PipelineRole;

    #[role(assumed_by = Events)]
    pub struct EventsRole;

    #[codebuild_project(
        name = "release-build",
        compute = Medium,
        image = "aws/codebuild/standard:7.0",
        privileged,
        role = BuildRole,
        logs = BuildLogs,
        pushes_to = Images,
        timeout_minutes = 30,
        environment(IMAGE_REPO = Images.uri()),
        buildspec = "buildspec.yml"
    )]
    pub struct Build;

    #[function(
        name = "promote-image",
        code = cargo("promote-image"),
        role = PromoteRole,
        logs = PromoteLogs,
        memory_mb = 512,
        timeout_seconds = 120,
        environment(REPOSITORY_NAME = Images.name()),
        grants(Images.retag())
    )]
    pub struct Promote;

    #[pipeline(name = "release-pipeline", role = PipelineRole, artifacts = Sources, execution_mode = Queued)]
    pub enum Release {
        #[source(s3(bucket = Sources, key = "source.zip"))]
        Source,
        #[build(project = Build)]
        Build,
        #[invoke(function = Promote, user_parameters = "stable")]
        Promote,
    }

    #[rule(
        on = s3_object_created(bucket = Sources, key = "source.zip"),
        target = Release,
        role = EventsRole
    )]
    pub struct SourceUploaded;

    #[output(name = "imageRepositoryUri", value = Images.uri())]
    pub struct ImageRepositoryUri;

    #[output(name = "pipelineName", value = Release.name())]
    pub struct PipelineName;
}

fn main() {
    let stack = release::stack();
    assert_eq!(stack.resources.len(), 12);
    assert_eq!(stack.outputs.len(), 2);
    let graph = stack.graph();
    let order = graph.topological_order().expect("the stack has no cycle");
    let position = |id: &str| order.iter().position(|o| *o == id).unwrap();
    assert!(position("BuildRole") < position("Build"));
    assert!(position("Build") < position("Release"));
    assert!(position("Release") < position("SourceUploaded"));
}
