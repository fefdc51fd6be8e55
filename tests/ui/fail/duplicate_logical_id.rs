// A TLS-only bucket `Artifacts` generates `ArtifactsPolicy`, which is also
// the logical ID of the second bucket.
#[cicd_dsl::stack(name = "dup-id")]
pub mod dup_id {
    #[bucket]
    pub struct Artifacts;

    #[bucket]
    pub struct ArtifactsPolicy;
}

fn main() {}
