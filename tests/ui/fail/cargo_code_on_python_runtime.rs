// A Cargo-built binary runs on the OS-only runtime, not on Python.
#[cicd_dsl::stack(name = "cargo-python")]
pub mod cargo_python {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(runtime = "python3.13", code = cargo("tagger"), role = FunctionRole)]
    pub struct Handler;
}

fn main() {}
