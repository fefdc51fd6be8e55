// Property names are CloudFormation's; a typo gets the nearest one.
#[cicd_dsl::stack(name = "generic-property")]
pub mod generic_property {
    #[resource(AWS::SQS::Queue, VisibilityTimeot = 60)]
    pub struct Jobs;
}

fn main() {}
