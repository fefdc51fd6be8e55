// Two `timeout_seconds` on one function: the second is the error.
#[cicd_dsl::stack(name = "twice")]
pub mod twice {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(
        code = inline("def handler(event, context):\n    return 1\n"),
        role = FunctionRole,
        timeout_seconds = 30,
        memory_mb = 256,
        timeout_seconds = 60
    )]
    pub struct Handler;
}

fn main() {}
