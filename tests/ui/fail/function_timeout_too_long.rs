// Lambda stops a function after 900 seconds at most.
#[cicd_dsl::stack(name = "fn-timeout")]
pub mod fn_timeout {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(
        timeout_seconds = 3600,
        code = inline("def handler(event, context):\n    return 1\n"),
        role = FunctionRole
    )]
    pub struct Handler;
}

fn main() {}
