// `BuildRol` is a typo of `BuildRole`.
#[cicd_dsl::stack(name = "typo-ref")]
pub mod typo_ref {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(code = inline("def handler(event, context):\n    return 1\n"), role = FunctionRol)]
    pub struct Handler;
}

fn main() {}
