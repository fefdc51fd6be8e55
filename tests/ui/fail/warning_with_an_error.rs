// A warning (a hand-written statement the wiring already grants) shows as a
// compiler warning at its token, next to the error that fails the build.
#[cicd_dsl::stack(name = "warn")]
pub mod warn {
    #[log_group(retention_days = 7)]
    pub struct Logs;

    #[log_group(retention_days = 6)]
    pub struct Other;

    #[role(
        assumed_by = Lambda,
        allow(actions("logs:PutLogEvents"), resources(Logs.arn()))
    )]
    pub struct Worker;

    #[function(code = inline("def handler(e, c): pass"), role = Worker, logs = Logs)]
    pub struct Job;
}

fn main() {}
