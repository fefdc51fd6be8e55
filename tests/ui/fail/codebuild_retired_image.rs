#[cicd_dsl::stack(name = "old-image")]
pub mod old_image {
    #[role(assumed_by = CodeBuild)]
    pub struct BuildRole;

    #[codebuild_project(
        image = "aws/codebuild/standard:4.0",
        role = BuildRole,
        buildspec = "buildspec.yml"
    )]
    pub struct Build;
}

fn main() {}
