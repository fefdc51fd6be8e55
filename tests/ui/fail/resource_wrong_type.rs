// A flag takes `true` or `false`; a redrive policy is an object.
#[cicd_dsl::stack(name = "generic-wrong-type")]
pub mod generic_wrong_type {
    #[resource(AWS::SQS::Queue, SqsManagedSseEnabled = "yes", RedrivePolicy = [5])]
    pub struct Jobs;
}

fn main() {}
