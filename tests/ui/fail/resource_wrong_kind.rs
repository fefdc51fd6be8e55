// Built-in items take built-in items where the wiring needs one: a generic
// `AWS::IAM::Role` is no `#[role]`, and a queue is no log group.
#[cicd_dsl::stack(name = "generic-wrong-kind")]
pub mod generic_wrong_kind {
    #[resource(
        AWS::IAM::Role,
        AssumeRolePolicyDocument = {
            Version = "2012-10-17",
            Statement = [{
                Effect = "Allow",
                Principal = { Service = "lambda.amazonaws.com" },
                Action = "sts:AssumeRole"
            }]
        }
    )]
    pub struct HandRole;

    #[resource(AWS::SQS::Queue)]
    pub struct Jobs;

    #[function(
        code = inline("def handler(event, context):\n    return None\n"),
        role = HandRole,
        logs = Jobs
    )]
    pub struct Worker;

    #[output(name = "jobsUri", value = Jobs.uri())]
    pub struct JobsUri;
}

fn main() {}
