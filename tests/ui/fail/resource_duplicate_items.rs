// `DeliveryStatusLogging` is a set: each entry once.
#[cicd_dsl::stack(name = "generic-unique")]
pub mod generic_unique {
    #[resource(
        AWS::SNS::Topic,
        DeliveryStatusLogging = [{ Protocol = "sqs" }, { Protocol = "sqs" }]
    )]
    pub struct Alerts;
}

fn main() {}
