// What a built-in item becomes, checked against its CloudFormation type's
// schema, reported at the attribute that produced it: a doc comment
// longer than a Lambda Description takes, a character IAM does not take in
// a role's description, and an item name that is no logical ID.
#[cicd_dsl::stack(name = "synthesized-mistakes")]
pub mod synthesized_mistakes {
    #[role(
        assumed_by = Lambda,
        description = "Runs the nightly report 🚀"
    )]
    pub struct ReportRole;

    /// Builds the nightly report from the day's uploads, groups it by team, writes a summary per team
    /// to the reports bucket, sends the totals to the finance dashboard, and keeps the raw rows for a
    /// week so that anyone who disputes a figure can trace it back to the upload it came from exactly.
    #[function(code = inline("def handler(e, c): pass"), role = ReportRole)]
    pub struct NightlyReport;

    #[allow(non_camel_case_types)]
    #[bucket]
    pub struct Raw_Uploads;
}

fn main() {}
