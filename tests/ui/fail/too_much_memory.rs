#[cicd_dsl::stack(name = "memory")]
pub mod memory {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(
        memory_mb = 20480,
        code = inline("def handler(event, context):\n    return 1\n"),
        role = FunctionRole
    )]
    pub struct Handler;
}

fn main() {}
