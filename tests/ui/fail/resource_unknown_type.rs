// A generic item's type must be a CloudFormation resource type.
#[cicd_dsl::stack(name = "generic-type")]
pub mod generic_type {
    #[resource(AWS::SQS::Queu, VisibilityTimeout = 60)]
    pub struct Jobs;
}

fn main() {}
