// `aws/` is reserved for AWS's own log groups.
#[cicd_dsl::stack(name = "bad-logs")]
pub mod bad_logs {
    #[log_group(name = "aws/my-app", retention_days = 7)]
    pub struct Logs;
}

fn main() {}
