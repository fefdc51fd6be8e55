// `versoned` is a typo of `versioned`: the error is on the key, with the fix.
#[cicd_dsl::stack(name = "typo")]
pub mod typo {
    #[bucket(versoned)]
    pub struct Artifacts;
}

fn main() {}
