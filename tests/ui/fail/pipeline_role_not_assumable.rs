// The pipeline's role trusts CodeBuild, not CodePipeline.
#[cicd_dsl::stack(name = "pipeline-trust")]
pub mod pipeline_trust {
    #[bucket(versioned)]
    pub struct Artifacts;

    #[role(assumed_by = CodeBuild)]
    pub struct BuildRole;

    #[pipeline(role = BuildRole, artifacts = Artifacts)]
    pub enum Release {
        #[source(s3(bucket = Artifacts, key = "source.zip"))]
        Source,
    }
}

fn main() {}
