// CloudWatch Logs accepts 7 or 14, not 10.
#[cicd_dsl::stack(name = "retention")]
pub mod retention {
    #[log_group(retention_days = 10)]
    pub struct Logs;
}

fn main() {}
