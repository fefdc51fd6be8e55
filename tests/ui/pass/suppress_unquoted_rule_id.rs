// Rule ids contain `-`; they may be written unquoted, like a path.
#[cicd_dsl::stack(name = "unquoted")]
pub mod unquoted {
    #[bucket(encryption = None)]
    #[suppress(bucket-encryption, reason = "a public dataset")]
    pub struct Artifacts;
}

fn main() {}
