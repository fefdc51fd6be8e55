// A suppression must say why; the reason lands in the template metadata.
#[cicd_dsl::stack(name = "no-reason")]
pub mod no_reason {
    #[bucket]
    #[suppress(CKV_AWS_18)]
    pub struct Artifacts;
}

fn main() {}
