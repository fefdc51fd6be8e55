// Without `retention_days` a log group keeps its logs (and costs) forever.
#[cicd_dsl::stack(name = "forever")]
pub mod forever {
    #[log_group(name = "/app/build")]
    pub struct Logs;
}

fn main() {}
