// An output must have a value.
#[cicd_dsl::stack(name = "empty-output")]
pub mod empty_output {
    #[bucket]
    pub struct Artifacts;

    #[output(name = "bucketName")]
    pub struct BucketName;
}

fn main() {}
