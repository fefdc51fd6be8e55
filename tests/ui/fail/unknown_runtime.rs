#[cicd_dsl::stack(name = "no-runtime")]
pub mod no_runtime {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(
        runtime = "python3.31",
        code = inline("def handler(event, context):\n    return 1\n"),
        role = FunctionRole
    )]
    pub struct Handler;
}

fn main() {}
