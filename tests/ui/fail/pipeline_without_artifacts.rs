#[cicd_dsl::stack(name = "no-artifacts")]
pub mod no_artifacts {
    #[role(assumed_by = CodePipeline)]
    pub struct PipelineRole;

    #[bucket(versioned)]
    pub struct Sources;

    #[pipeline(role = PipelineRole)]
    pub enum Release {
        #[source(s3(bucket = Sources, key = "source.zip"))]
        Source,
    }
}

fn main() {}
