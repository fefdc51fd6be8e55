// `push()` is an access of a repository; `Artifacts` is a bucket.
#[cicd_dsl::stack(name = "grant-kind")]
pub mod grant_kind {
    #[bucket]
    pub struct Artifacts;

    #[ecr_repository]
    pub struct Images;

    #[role(assumed_by = CodeBuild, grants(Artifacts.push()))]
    pub struct BuildRole;
}

fn main() {}
