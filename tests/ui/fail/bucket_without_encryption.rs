#[cicd_dsl::stack(name = "plain-bucket")]
pub mod plain_bucket {
    #[bucket(encryption = None)]
    pub struct Artifacts;
}

fn main() {}
