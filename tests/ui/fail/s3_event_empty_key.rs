#[cicd_dsl::stack(name = "empty-key")]
pub mod empty_key {
    #[bucket(versioned, eventbridge)]
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

    #[rule(on = s3_object_created(bucket = Artifacts, key = ""), target = Release, role = EventsRole)]
    pub struct OnUpload;
}

fn main() {}
