// `s3:Get*` grants every S3 read action; the help lists what it grants.
#[cicd_dsl::stack(name = "iam-wildcard")]
pub mod iam_wildcard {
    #[bucket]
    pub struct Artifacts;

    #[role(assumed_by = Lambda, allow(actions("s3:Get*"), resources(Artifacts.objects())))]
    pub struct ReaderRole;
}

fn main() {}
