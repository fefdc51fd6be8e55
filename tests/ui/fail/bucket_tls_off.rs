#[cicd_dsl::stack(name = "tls-bucket")]
pub mod tls_bucket {
    #[bucket(tls_only = false)]
    pub struct Artifacts;
}

fn main() {}
