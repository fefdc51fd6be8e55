// A stack tag lands on every resource, so it is checked like theirs.
#[cicd_dsl::stack(name = "stack-tag", tags(Team = "dev|ops"))]
pub mod stack_tag {
    #[bucket]
    pub struct Artifacts;
}

fn main() {}
