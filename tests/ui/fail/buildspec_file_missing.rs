// The buildspec path is read at compile time, relative to the crate.
#[cicd_dsl::stack(name = "missing-buildspec")]
pub mod missing_buildspec {
    #[role(assumed_by = CodeBuild)]
    pub struct BuildRole;

    #[codebuild_project(role = BuildRole, buildspec = "no-such-buildspec.yml")]
    pub struct Build;
}

fn main() {}
