#[cicd_dsl::stack(name = "dup-name")]
pub mod dup_name {
    #[log_group(name = "/app/build", retention_days = 7)]
    pub struct BuildLogs;

    #[log_group(name = "/app/build", retention_days = 14)]
    pub struct OtherLogs;
}

fn main() {}
