// A table needs its key schema; the error is at the type.
#[cicd_dsl::stack(name = "generic-required")]
pub mod generic_required {
    #[resource(
        AWS::DynamoDB::Table,
        AttributeDefinitions = [{ AttributeName = "id", AttributeType = "S" }]
    )]
    pub struct Orders;

    // Required inside a nested object: at the object.
    #[resource(
        AWS::DynamoDB::Table,
        KeySchema = [{ AttributeName = "id", KeyType = "HASH" }],
        SSESpecification = { SSEType = "KMS" }
    )]
    pub struct Customers;
}

fn main() {}
