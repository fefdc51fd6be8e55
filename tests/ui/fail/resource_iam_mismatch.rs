// `sqs:SendMessage` cannot apply to a DynamoDB table's ARN.
#[cicd_dsl::stack(name = "generic-iam")]
pub mod generic_iam {
    #[resource(AWS::DynamoDB::Table, KeySchema = [{ AttributeName = "id", KeyType = "HASH" }])]
    pub struct Orders;

    #[role(assumed_by = Lambda, allow(actions("sqs:SendMessage"), resources(Orders.arn())))]
    pub struct Sender;

    // An index ARN built from the table's: `dynamodb:PutItem` applies to
    // tables, not to their indexes.
    #[role(
        assumed_by = Lambda,
        allow(actions("dynamodb:PutItem"), resources(sub("${Orders.Arn}/index/*")))
    )]
    pub struct Writer;
}

fn main() {}
