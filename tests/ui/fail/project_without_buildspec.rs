#[cicd_dsl::stack(name = "no-buildspec")]
pub mod no_buildspec {
    #[role(assumed_by = CodeBuild)]
    pub struct BuildRole;

    #[codebuild_project(role = BuildRole)]
    pub struct Build;
}

fn main() {}
