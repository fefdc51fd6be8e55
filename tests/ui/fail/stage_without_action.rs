// The `Build` stage has no action attribute.
#[cicd_dsl::stack(name = "empty-stage")]
pub mod empty_stage {
    #[bucket(versioned)]
    pub struct Artifacts;

    #[role(assumed_by = CodePipeline)]
    pub struct PipelineRole;

    #[pipeline(role = PipelineRole, artifacts = Artifacts)]
    pub enum Release {
        #[source(s3(bucket = Artifacts, key = "source.zip"))]
        Source,
        Build,
    }
}

fn main() {}
