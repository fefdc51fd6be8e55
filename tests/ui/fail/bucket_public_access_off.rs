#[cicd_dsl::stack(name = "public-bucket")]
pub mod public_bucket {
    #[bucket(block_public_access = false)]
    pub struct Website;
}

fn main() {}
