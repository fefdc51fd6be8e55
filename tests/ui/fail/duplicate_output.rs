#[cicd_dsl::stack(name = "dup-output")]
pub mod dup_output {
    #[bucket]
    pub struct Artifacts;

    #[output(name = "bucket", value = Artifacts.name())]
    pub struct BucketName;

    #[output(name = "bucket", value = Artifacts.arn())]
    pub struct BucketArn;
}

fn main() {}
