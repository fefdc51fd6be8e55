// CodePipeline's S3 source needs a versioned bucket.
#[cicd_dsl::stack(name = "unversioned-source")]
pub mod unversioned_source {
    #[bucket]
    pub struct Sources;

    #[bucket]
    pub struct Artifacts;

    #[role(assumed_by = CodePipeline)]
    pub struct PipelineRole;

    #[pipeline(role = PipelineRole, artifacts = Artifacts)]
    pub enum Release {
        #[source(s3(bucket = Sources, key = "source.zip"))]
        Source,
    }
}

fn main() {}
