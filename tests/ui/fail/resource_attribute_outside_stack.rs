// `#[bucket]` only means something inside a `#[stack]` module.
use cicd_dsl::bucket;

#[bucket(versioned)]
pub struct Artifacts;

fn main() {}
