// `#[moved]` carries a deployed resource to a new logical id; an output is
// not a resource.
#[cicd_dsl::stack(name = "moves")]
pub mod moves {
    #[bucket(versioned)]
    pub struct Store;

    #[output(name = "bucketName", value = Store.name())]
    #[moved(from = OldName)]
    pub struct BucketName;
}

fn main() {}
