// `sqs:SendMessage` cannot apply to a DynamoDB table's ARN.
#[cicd_dsl::stack(name = "generic-iam")]
pub mod generic_iam {
    #[resource(
        AWS::DynamoDB::Table,
        BillingMode = "PAY_PER_REQUEST",
        AttributeDefinitions = [{ AttributeName = "id", AttributeType = "S" }],
        KeySchema = [{ AttributeName = "id", KeyType = "HASH" }]
    )]
    pub struct Orders;

    #[role(assumed_by = Lambda, allow(actions("sqs:SendMessage"), resources(Orders.arn())))]
    pub struct Sender;
}

fn main() {}
