#[cicd_dsl::stack(name = "admin")]
pub mod admin {
    #[role(assumed_by = CodeBuild, allow(actions("*"), resources("*")))]
    pub struct BuildRole;
}

fn main() {}
