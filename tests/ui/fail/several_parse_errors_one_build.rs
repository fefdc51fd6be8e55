// Parse mistakes in several items are all reported, each at its own token.
#[cicd_dsl::stack(name = "parse-errors")]
pub mod parse_errors {
    #[bucket(versoned)]
    pub struct Artifacts;

    #[log_group(retention = 7)]
    pub struct Logs;

    #[ecr_repository(scan_on_pus)]
    pub struct Images;
}

fn main() {
    let _ = <parse_errors::Images as cicd_dsl::Item>::ID;
}
