// References inside `sub(...)` and objects name items of the stack.
#[cicd_dsl::stack(name = "generic-unknown-item")]
pub mod generic_unknown_item {
    #[resource(AWS::SQS::Queue)]
    pub struct DeadLetters;

    #[resource(
        AWS::SQS::Queue,
        RedrivePolicy = { deadLetterTargetArn = DeadLeters.arn(), maxReceiveCount = 5 }
    )]
    pub struct Jobs;

    #[resource(AWS::SSM::Parameter, Type = "String", Value = sub("${Job.QueueUrl}"))]
    pub struct JobsUrl;
}

fn main() {}
