// A key nothing like any known key: the help lists what `#[log_group]` takes.
#[cicd_dsl::stack(name = "logs")]
pub mod logs {
    #[log_group(retention_days = 7, kms_key_identifier = "alias/logs")]
    pub struct Logs;
}

fn main() {}
