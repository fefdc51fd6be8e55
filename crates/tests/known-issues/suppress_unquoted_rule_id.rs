// Rule ids contain `-`, so an unquoted id is not one token.
#[cicd_dsl::stack(name = "unquoted")]
pub mod unquoted {
    #[bucket(encryption = None)]
    #[suppress(bucket-encryption, reason = "a public dataset")]
    pub struct Artifacts;
}

fn main() {}
