#[cicd_dsl::stack(name = "two")]
pub mod two {
    #[bucket]
    #[log_group(retention_days = 7)]
    pub struct Both;
}

fn main() {}
