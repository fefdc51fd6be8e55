// CloudFormation stack names are a letter, then letters, digits and
// hyphens: the rule suggests the nearest name it takes. A template's
// Description takes at most 1,024 bytes.
#[cicd_dsl::stack(
    name = "nightly_reports",
    description = "Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day. Reports for every team, built nightly from the uploads of the day."
)]
pub mod nightly_reports {
    #[bucket]
    pub struct Reports;
}

fn main() {}
