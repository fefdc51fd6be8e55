// `Arn` is an attribute CloudFormation sets and ignores in a template: a
// warning, shown next to the error that fails this build.
#[cicd_dsl::stack(name = "generic-read-only")]
pub mod generic_read_only {
    #[resource(
        AWS::SQS::Queue,
        Arn = "arn:aws:sqs:us-east-1:123456789012:jobs",
        MessageRetentionPeriod = 30
    )]
    pub struct Jobs;
}

fn main() {}
