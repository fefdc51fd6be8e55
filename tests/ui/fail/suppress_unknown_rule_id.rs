// `bucket-encrytion` is a typo: the suppression matches nothing, and the
// user is told only that the bucket lacks encryption.
#[cicd_dsl::stack(name = "typo-suppress")]
pub mod typo_suppress {
    #[bucket(encryption = None)]
    #[suppress("bucket-encrytion", reason = "A public dataset")]
    pub struct Artifacts;
}

fn main() {}
