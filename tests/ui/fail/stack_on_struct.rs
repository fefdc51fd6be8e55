// `#[stack]` belongs on a module.
#[cicd_dsl::stack(name = "s")]
pub struct NotAModule;

fn main() {}
