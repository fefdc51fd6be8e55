// `allow(...)` is the one key a role may repeat: each is a statement, and
// each statement's parts are found by their own index.
#[cicd_dsl::stack(name = "two-statements")]
pub mod two_statements {
    #[role(
        assumed_by = CodeBuild,
        allow(
            actions("ssm:GetParameter"),
            resources("arn:aws:ssm:eu-west-1:123456789012:parameter/app/token")
        ),
        allow(
            actions("kms:Decrypt"),
            resources("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        )
    )]
    pub struct BuildRole;
}

fn main() {
    let stack = two_statements::stack();
    let cicd_dsl::ResourceKind::Role(role) = &stack.resources[0].kind else {
        panic!("BuildRole is a role");
    };
    assert_eq!(role.statements.len(), 2);
}
