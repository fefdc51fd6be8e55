#[cicd_dsl::stack(tags(Team = "devops"))]
pub mod unnamed {
    #[bucket]
    pub struct Artifacts;
}

fn main() {}
