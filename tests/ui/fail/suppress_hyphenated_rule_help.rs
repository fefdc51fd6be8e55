// A suppression must say why; the reason lands in the template metadata.
#[cicd_dsl::stack(name = "no-reason")]
pub mod no_reason {
    #[bucket(encryption = None)]
    #[suppress("bucket-encryption")]
    pub struct Artifacts;
}

fn main() {}
