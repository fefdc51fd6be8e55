// Lambda environment names start with a letter.
#[cicd_dsl::stack(name = "env-name")]
pub mod env_name {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(
        code = inline("def handler(event, context):\n    return 1\n"),
        role = FunctionRole,
        environment(_PRIVATE = "x")
    )]
    pub struct Handler;
}

fn main() {}
