// `logs` wants a log group; `Artifacts` is a bucket.
#[cicd_dsl::stack(name = "wrong-kind")]
pub mod wrong_kind {
    #[bucket]
    pub struct Artifacts;

    #[log_group(retention_days = 7)]
    pub struct HandlerLogs;

    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(code = inline("def handler(e, c): pass"), role = FunctionRole, logs = Artifacts)]
    pub struct Handler;
}

fn main() {}
