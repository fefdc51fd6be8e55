// python3.9 is deprecated in Lambda: the error names the successor.
#[cicd_dsl::stack(name = "old-python")]
pub mod old_python {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(
        runtime = "python3.9",
        code = inline("def handler(event, context):\n    return 1\n"),
        role = FunctionRole
    )]
    pub struct Handler;
}

fn main() {}
