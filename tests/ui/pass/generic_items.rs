// Generic items of any CloudFormation type, with built-in items referring
// to them and them to built-in items: a queue with a dead-letter queue, a
// table, a function that reads the queue's URL and writes the table, the
// mapping that feeds it, and an alarm that watches it.
use cicd_dsl::{Attr, Item, ItemRef};

#[cicd_dsl::stack(name = "queue-worker", tags(Team = "devops"))]
pub mod queue_worker {
    /// Messages the worker gave up on.
    #[resource(AWS::SQS::Queue, MessageRetentionPeriod = 1209600, SqsManagedSseEnabled = true)]
    pub struct DeadLetters;

    #[resource(
        AWS::SQS::Queue,
        VisibilityTimeout = 180,
        RedrivePolicy = { deadLetterTargetArn = DeadLetters.arn(), maxReceiveCount = 5 },
        SqsManagedSseEnabled = true,
        tags(Purpose = "jobs")
    )]
    pub struct Jobs;

    #[resource(
        AWS::DynamoDB::Table,
        BillingMode = "PAY_PER_REQUEST",
        AttributeDefinitions = [{ AttributeName = "id", AttributeType = "S" }],
        KeySchema = [{ AttributeName = "id", KeyType = "HASH" }]
    )]
    pub struct Orders;

    #[log_group(retention_days = 14)]
    pub struct WorkerLogs;

    #[role(
        assumed_by = Lambda,
        grants(WorkerLogs.write_logs()),
        allow(actions("dynamodb:PutItem"), resources(Orders.arn())),
        allow(actions("dynamodb:Query"), resources(sub("${Orders.Arn}/index/*"))),
        allow(
            actions("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
            resources(Jobs.arn())
        )
    )]
    pub struct WorkerRole;

    #[function(
        code = inline("def handler(event, context):\n    return None\n"),
        runtime = "python3.13",
        handler = "index.handler",
        role = WorkerRole,
        logs = WorkerLogs,
        timeout_seconds = 30,
        environment(QUEUE_URL = Jobs.attr("QueueUrl"), TABLE = Orders.name())
    )]
    pub struct Worker;

    #[resource(
        AWS::Lambda::EventSourceMapping,
        FunctionName = Worker.name(),
        EventSourceArn = Jobs.arn(),
        BatchSize = 10,
        FunctionResponseTypes = ["ReportBatchItemFailures"]
    )]
    pub struct Feed;

    #[resource(
        AWS::CloudWatch::Alarm,
        Namespace = "AWS/Lambda",
        MetricName = "Errors",
        Dimensions = [{ Name = "FunctionName", Value = Worker }],
        Statistic = "Sum",
        Period = 60,
        EvaluationPeriods = 1,
        Threshold = 1,
        ComparisonOperator = "GreaterThanOrEqualToThreshold",
        AlarmDescription = sub("Errors of ${Worker} reading ${Jobs.QueueName}"),
        depends_on(Feed)
    )]
    pub struct WorkerErrors;
}

fn main() {
    assert_eq!(
        <queue_worker::Jobs as Item>::attr("QueueUrl"),
        ItemRef::new("Jobs", Attr::Get("QueueUrl".into()))
    );
    assert_eq!(<queue_worker::Jobs as Item>::KIND, cicd_dsl::Kind::Generic);

    let stack = queue_worker::stack();
    let template = cicd_dsl::synthesize(&stack, &cicd_dsl::SynthConfig::default())
        .expect("the stack synthesizes");
    let resources = template.resources();
    let jobs = &resources["Jobs"];
    assert_eq!(jobs["Type"], "AWS::SQS::Queue");
    assert_eq!(jobs["DeletionPolicy"], "Retain");
    assert_eq!(
        jobs["Properties"]["RedrivePolicy"]["deadLetterTargetArn"].to_string(),
        r#"{"Fn::GetAtt":["DeadLetters","Arn"]}"#
    );
    assert_eq!(
        jobs["Properties"]["Tags"].to_string(),
        r#"[{"Key":"Purpose","Value":"jobs"},{"Key":"Team","Value":"devops"}]"#
    );
    assert_eq!(
        resources["Worker"]["Properties"]["Environment"]["Variables"]["QUEUE_URL"].to_string(),
        r#"{"Fn::GetAtt":["Jobs","QueueUrl"]}"#
    );
    assert_eq!(
        resources["WorkerErrors"]["Properties"]["Dimensions"][0]["Value"].to_string(),
        r#"{"Ref":"Worker"}"#
    );
    assert_eq!(resources["WorkerErrors"]["DependsOn"].to_string(), r#"["Feed"]"#);
    assert!(resources["Feed"].get("DeletionPolicy").is_none());
    let order: Vec<&String> = resources.keys().collect();
    let position = |id: &str| order.iter().position(|k| *k == id).unwrap();
    assert!(position("DeadLetters") < position("Jobs"));
    assert!(position("Jobs") < position("Worker"));
    assert!(position("Worker") < position("Feed"));
    let graph = stack.graph();
    assert!(graph.dependencies_of("Feed").contains(&"Jobs"));
    assert!(graph.dependencies_of("Worker").contains(&"Jobs"));
}
