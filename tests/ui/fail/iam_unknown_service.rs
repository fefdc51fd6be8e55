#[cicd_dsl::stack(name = "iam-service")]
pub mod iam_service {
    #[bucket]
    pub struct Artifacts;

    #[role(assumed_by = Lambda, allow(actions("s4:GetObject"), resources(Artifacts.objects())))]
    pub struct ReaderRole;
}

fn main() {}
