// CloudFormation stack names are a letter, then letters, digits and
// hyphens: the rule suggests the nearest name it takes.
#[cicd_dsl::stack(name = "nightly_reports")]
pub mod nightly_reports {
    #[bucket]
    pub struct Reports;
}

fn main() {}
