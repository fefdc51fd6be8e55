// Noncurrent versions exist only in a versioned bucket.
#[cicd_dsl::stack(name = "noncurrent")]
pub mod noncurrent {
    #[bucket(expire_noncurrent_after_days = 30)]
    pub struct Artifacts;
}

fn main() {}
