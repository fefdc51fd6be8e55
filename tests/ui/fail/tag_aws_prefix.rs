// Tag keys starting with `aws:` are reserved for AWS; keys with characters
// an identifier cannot hold are written as strings.
#[cicd_dsl::stack(name = "tags")]
pub mod tags {
    #[bucket(tags("aws:owner" = "me"))]
    pub struct Artifacts;
}

fn main() {}
