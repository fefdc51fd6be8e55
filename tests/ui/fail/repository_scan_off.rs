#[cicd_dsl::stack(name = "no-scan")]
pub mod no_scan {
    #[ecr_repository(scan_on_push = false)]
    pub struct Images;
}

fn main() {}
