#[cicd_dsl::stack(name = "lifecycle")]
pub mod lifecycle {
    #[bucket(expire_after_days = 0)]
    pub struct Artifacts;
}

fn main() {}
