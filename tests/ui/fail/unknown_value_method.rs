#[cicd_dsl::stack(name = "bad-method")]
pub mod bad_method {
    #[bucket]
    pub struct Artifacts;

    #[output(name = "bucketUrl", value = Artifacts.url())]
    pub struct BucketUrl;
}

fn main() {}
