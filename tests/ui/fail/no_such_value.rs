// Only repositories have a URI.
#[cicd_dsl::stack(name = "no-uri")]
pub mod no_uri {
    #[bucket]
    pub struct Artifacts;

    #[output(name = "bucketUri", value = Artifacts.uri())]
    pub struct BucketUri;
}

fn main() {}
