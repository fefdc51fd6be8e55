#[cicd_dsl::stack(name = "compute")]
pub mod compute {
    #[role(assumed_by = CodeBuild)]
    pub struct BuildRole;

    #[codebuild_project(
        compute = Tiny,
        role = BuildRole,
        buildspec = "buildspec.yml"
    )]
    pub struct Build;
}

fn main() {}
