// `s3:GetObject` can be scoped to objects, so `*` is broader than needed.
#[cicd_dsl::stack(name = "iam-star")]
pub mod iam_star {
    #[role(assumed_by = Lambda, allow(actions("s3:GetObject"), resources("*")))]
    pub struct ReaderRole;
}

fn main() {}
