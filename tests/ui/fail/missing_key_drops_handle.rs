// A function missing its role is dropped from the model; code that uses its
// handle should not get a second, unrelated error.
#[cicd_dsl::stack(name = "dropped")]
pub mod dropped {
    #[function(code = inline("def handler(event, context):\n    return 1\n"))]
    pub struct Handler;
}

fn main() {
    let _ = <dropped::Handler as cicd_dsl::Item>::ID;
}
