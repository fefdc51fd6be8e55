// SQS keeps messages for 60 seconds to 14 days.
#[cicd_dsl::stack(name = "generic-range")]
pub mod generic_range {
    #[resource(AWS::SQS::Queue, MessageRetentionPeriod = 30)]
    pub struct Jobs;
}

fn main() {}
