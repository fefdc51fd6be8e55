// The same environment variable twice in one function.
#[cicd_dsl::stack(name = "twice")]
pub mod twice {
    #[bucket]
    pub struct Reports;

    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(
        code = inline("def handler(event, context):\n    return 1\n"),
        role = FunctionRole,
        environment(BUCKET = Reports.name(), MODE = "fast", BUCKET = "literal")
    )]
    pub struct Handler;
}

fn main() {}
