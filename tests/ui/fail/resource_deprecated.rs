// A deprecated property still works: a warning, shown next to the error
// that fails this build.
#[cicd_dsl::stack(name = "generic-deprecated")]
pub mod generic_deprecated {
    #[resource(
        AWS::Athena::WorkGroup,
        Name = "reports",
        WorkGroupConfigurationUpdates = { EnforceWorkGroupConfiguration = true },
        State = "ON"
    )]
    pub struct Reports;
}

fn main() {}
