// `ecr:GetAuthorizationToken` has no resource-level permissions: it is only
// granted on `*`.
#[cicd_dsl::stack(name = "iam-token")]
pub mod iam_token {
    #[ecr_repository]
    pub struct Images;

    #[role(
        assumed_by = CodeBuild,
        allow(actions("ecr:GetAuthorizationToken"), resources(Images.arn()))
    )]
    pub struct BuildRole;
}

fn main() {}
