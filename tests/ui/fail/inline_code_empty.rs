#[cicd_dsl::stack(name = "empty-code")]
pub mod empty_code {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(code = inline(""), role = FunctionRole)]
    pub struct Handler;
}

fn main() {}
