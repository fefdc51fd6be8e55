// An output of an item that is not in the stack: did you mean?
#[cicd_dsl::stack(name = "ghost-output")]
pub mod ghost_output {
    #[bucket]
    pub struct Artifacts;

    #[output(name = "bucketName", value = Artifact.name())]
    pub struct BucketName;
}

fn main() {}
