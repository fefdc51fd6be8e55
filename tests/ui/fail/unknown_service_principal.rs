#[cicd_dsl::stack(name = "principal")]
pub mod principal {
    #[role(assumed_by = Codebuild)]
    pub struct BuildRole;
}

fn main() {}
