// The bucket does not send events to EventBridge, so the rule never fires.
#[cicd_dsl::stack(name = "silent-bucket")]
pub mod silent_bucket {
    #[bucket(versioned)]
    pub struct Artifacts;

    #[role(assumed_by = CodePipeline)]
    pub struct PipelineRole;

    #[role(assumed_by = Events)]
    pub struct EventsRole;

    #[pipeline(role = PipelineRole, artifacts = Artifacts)]
    pub enum Release {
        #[source(s3(bucket = Artifacts, key = "source.zip"))]
        Source,
    }

    #[rule(
        on = s3_object_created(bucket = Artifacts, key = "source.zip"),
        target = Release,
        role = EventsRole
    )]
    pub struct OnUpload;
}

fn main() {}
