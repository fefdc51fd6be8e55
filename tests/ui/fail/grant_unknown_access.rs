#[cicd_dsl::stack(name = "grant-access")]
pub mod grant_access {
    #[bucket]
    pub struct Artifacts;

    #[role(assumed_by = CodeBuild, grants(Artifacts.delete()))]
    pub struct BuildRole;
}

fn main() {}
