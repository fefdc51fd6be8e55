// A pipeline's stages are enum variants; a struct cannot hold them.
#[cicd_dsl::stack(name = "pipe-struct")]
pub mod pipe_struct {
    #[bucket(versioned)]
    pub struct Artifacts;

    #[role(assumed_by = CodePipeline)]
    pub struct PipelineRole;

    #[pipeline(role = PipelineRole, artifacts = Artifacts)]
    pub struct Release;
}

fn main() {}
