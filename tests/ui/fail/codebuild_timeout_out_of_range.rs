#[cicd_dsl::stack(name = "build-timeout")]
pub mod build_timeout {
    #[role(assumed_by = CodeBuild)]
    pub struct BuildRole;

    #[codebuild_project(
        role = BuildRole,
        timeout_minutes = 3,
        buildspec = "buildspec.yml"
    )]
    pub struct Build;
}

fn main() {}
