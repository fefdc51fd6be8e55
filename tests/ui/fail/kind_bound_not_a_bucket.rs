// Code outside the stack asks for a bucket and is given a log group: the
// trait's own message says so.
#[cicd_dsl::stack(name = "bound")]
pub mod bound {
    #[bucket]
    pub struct Artifacts;

    #[log_group(retention_days = 7)]
    pub struct Logs;
}

fn bucket_arn<B: cicd_dsl::kinds::Bucket>() -> cicd_dsl::ItemRef {
    B::arn()
}

fn main() {
    let _ = bucket_arn::<bound::Artifacts>();
    let _ = bucket_arn::<bound::Logs>();
}
