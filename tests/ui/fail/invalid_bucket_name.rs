// Uppercase and `_` are not allowed in S3 bucket names.
#[cicd_dsl::stack(name = "bad-bucket")]
pub mod bad_bucket {
    #[bucket(name = "My_Artifacts")]
    pub struct Artifacts;
}

fn main() {}
