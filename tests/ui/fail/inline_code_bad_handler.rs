// Inline code is saved as `index.py`, so the handler is `index.<function>`.
#[cicd_dsl::stack(name = "inline-handler")]
pub mod inline_handler {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(
        handler = "main.handler",
        code = inline("def handler(event, context):\n    return 1\n"),
        role = FunctionRole
    )]
    pub struct Handler;
}

fn main() {}
