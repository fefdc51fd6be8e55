// Values are literals, lists, objects, references or `sub(...)`.
#[cicd_dsl::stack(name = "generic-syntax")]
pub mod generic_syntax {
    #[resource(AWS::SQS::Queue, VisibilityTimeout = 60 * 3)]
    pub struct Jobs;
}

fn main() {}
