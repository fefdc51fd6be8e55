// Every key once, at the top and inside objects.
#[cicd_dsl::stack(name = "generic-duplicates")]
pub mod generic_duplicates {
    #[resource(
        AWS::SQS::Queue,
        VisibilityTimeout = 60,
        RedrivePolicy = { maxReceiveCount = 5, maxReceiveCount = 6 },
        VisibilityTimeout = 90
    )]
    pub struct Jobs;
}

fn main() {}
