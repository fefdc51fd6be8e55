#[cicd_dsl::stack(name = "blank-reason")]
pub mod blank_reason {
    #[ecr_repository(scan_on_push = false)]
    #[suppress("repository-scan", reason = "  ")]
    pub struct Images;
}

fn main() {}
