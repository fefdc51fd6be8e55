// `s3:GetObject` applies to objects (`bucket/*`), never to the bucket ARN.
#[cicd_dsl::stack(name = "iam-shape")]
pub mod iam_shape {
    #[bucket]
    pub struct Artifacts;

    #[role(assumed_by = Lambda, allow(actions("s3:GetObject"), resources(Artifacts.arn())))]
    pub struct ReaderRole;
}

fn main() {}
