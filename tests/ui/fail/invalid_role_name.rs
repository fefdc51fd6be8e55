// IAM role names are at most 64 characters.
#[cicd_dsl::stack(name = "bad-role")]
pub mod bad_role {
    #[role(
        name = "a-role-name-that-is-far-too-long-for-iam-to-accept-it-as-written-here",
        assumed_by = Lambda
    )]
    pub struct FunctionRole;
}

fn main() {}
