// The smallest useful stack: one bucket with the secure defaults.
#[cicd_dsl::stack(name = "minimal")]
pub mod minimal {
    #[bucket]
    pub struct Artifacts;
}

fn main() {
    let stack = minimal::stack();
    assert_eq!(stack.name, "minimal");
    assert_eq!(stack.resources.len(), 1);
}
