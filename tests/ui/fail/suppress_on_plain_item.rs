// `#[suppress]` accepts a finding of a resource; a plain struct has none.
#[cicd_dsl::stack(name = "plain")]
pub mod plain {
    #[bucket]
    pub struct Artifacts;

    #[suppress("bucket-tls", reason = "not a resource")]
    pub struct Helper;
}

fn main() {}
