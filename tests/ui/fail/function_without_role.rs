// A required key left out: the error is on the item and names what to add.
#[cicd_dsl::stack(name = "fn-no-role")]
pub mod fn_no_role {
    #[function(code = inline("def handler(event, context):\n    return 1\n"))]
    pub struct Handler;
}

fn main() {}
