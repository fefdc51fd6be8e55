// Tag keys are Rust identifiers, so an `aws:` key cannot be written at all.
// Tag keys starting with `aws:` are reserved for AWS.
#[cicd_dsl::stack(name = "tags")]
pub mod tags {
    #[bucket(tags(aws::owner = "me"))]
    pub struct Artifacts;
}

fn main() {}
