// On provided.al2023 the handler is the `bootstrap` executable.
#[cicd_dsl::stack(name = "cargo-handler")]
pub mod cargo_handler {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(code = cargo("tagger"), handler = "main", role = FunctionRole)]
    pub struct Handler;
}

fn main() {}
