// Lambda sets AWS_REGION itself and rejects it in a function's environment.
#[cicd_dsl::stack(name = "env")]
pub mod env {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(
        code = inline("def handler(event, context):\n    return 1\n"),
        role = FunctionRole,
        environment(AWS_REGION = "eu-west-1")
    )]
    pub struct Handler;
}

fn main() {}
