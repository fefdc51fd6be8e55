// A lowercase key near one of the DSL's own keys is a typo of it, not a
// CloudFormation property.
#[cicd_dsl::stack(name = "generic-common-typo")]
pub mod generic_common_typo {
    #[resource(AWS::SQS::Queue, removall = Destroy)]
    pub struct Jobs;
}

fn main() {}
