// The project's role trusts only Lambda, so CodeBuild cannot assume it.
#[cicd_dsl::stack(name = "trust")]
pub mod trust {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[codebuild_project(
        role = FunctionRole,
        buildspec = "buildspec.yml"
    )]
    pub struct Build;
}

fn main() {}
