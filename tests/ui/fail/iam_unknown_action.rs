// `s3:GetObjects` does not exist; `s3:GetObject` does.
#[cicd_dsl::stack(name = "iam-unknown")]
pub mod iam_unknown {
    #[bucket]
    pub struct Artifacts;

    #[role(assumed_by = Lambda, allow(actions("s3:GetObjects"), resources(Artifacts.objects())))]
    pub struct ReaderRole;
}

fn main() {}
