#[cicd_dsl::stack(name = "bad-repo")]
pub mod bad_repo {
    #[ecr_repository(name = "Docker Images")]
    pub struct Images;
}

fn main() {}
