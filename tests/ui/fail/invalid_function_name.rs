#[cicd_dsl::stack(name = "bad-fn")]
pub mod bad_fn {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(
        name = "tag production image",
        code = inline("def handler(event, context):\n    return 1\n"),
        role = FunctionRole
    )]
    pub struct Handler;
}

fn main() {}
