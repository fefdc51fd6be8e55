// `#[stack]` checks its own keys too.
#[cicd_dsl::stack(name = "s", tag(Team = "devops"))]
pub mod s {
    #[bucket]
    pub struct Artifacts;
}

fn main() {}
