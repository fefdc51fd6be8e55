//! A third stack written in cicd-dsl, unrelated to the CI/CD pipeline and
//! made mostly of generic items (`#[resource(AWS::Type, ...)]`, checked
//! against each type's CloudFormation schema when this crate builds).
//!
//! Jobs arrive on an SQS queue. An event source mapping feeds them in
//! batches to the Rust function of `examples/queue-worker-function`, which
//! writes one DynamoDB item per message and reports the messages it could
//! not store as partial batch failures; those are retried and, after five
//! receives, moved to the dead-letter queue. An alarm on the age of the
//! queue's oldest message notifies an SNS topic when the worker falls
//! behind.
//!
//! Each item carries its tags rather than the stack (whose tags go on every
//! taggable item): the local endpoint does not emulate `Tags` on an
//! `AWS::Lambda::EventSourceMapping` yet, so the mapping is left untagged.

#[cicd_dsl::stack(
    name = "queue-worker",
    description = "Queue worker: an SQS queue with a dead-letter queue feeding a Rust function that writes to DynamoDB, and an alarm on the age of the oldest message that notifies an SNS topic"
)]
pub mod queue_worker {
    /// Jobs the worker gave up on, kept for the maximum of 14 days.
    #[resource(
        AWS::SQS::Queue,
        MessageRetentionPeriod = 1209600,
        SqsManagedSseEnabled = true,
        tags(Team = "platform", Application = "queue-worker")
    )]
    #[suppress(
        CKV_AWS_27,
        reason = "Encrypted at rest with SQS managed keys (SqsManagedSseEnabled); this check reads only KmsMasterKeyId, and a KMS key would add a KMS call per batch and key grants for the worker"
    )]
    pub struct DeadLetters;

    /// The jobs. The visibility timeout is six times the function's timeout,
    /// as Lambda advises for an SQS source; a job received five times goes
    /// to the dead-letter queue.
    #[resource(
        AWS::SQS::Queue,
        VisibilityTimeout = 180,
        MessageRetentionPeriod = 345600,
        ReceiveMessageWaitTimeSeconds = 20,
        SqsManagedSseEnabled = true,
        RedrivePolicy = { deadLetterTargetArn = DeadLetters.arn(), maxReceiveCount = 5 },
        tags(Team = "platform", Application = "queue-worker")
    )]
    #[suppress(
        CKV_AWS_27,
        reason = "Encrypted at rest with SQS managed keys (SqsManagedSseEnabled); this check reads only KmsMasterKeyId, and a KMS key would add a KMS call per batch and key grants for the worker"
    )]
    pub struct Jobs;

    /// One item per job, keyed by the job's id.
    #[resource(
        AWS::DynamoDB::Table,
        BillingMode = "PAY_PER_REQUEST",
        AttributeDefinitions = [{ AttributeName = "id", AttributeType = "S" }],
        KeySchema = [{ AttributeName = "id", KeyType = "HASH" }],
        PointInTimeRecoverySpecification = { PointInTimeRecoveryEnabled = true },
        SSESpecification = { SSEEnabled = true },
        tags(Team = "platform", Application = "queue-worker")
    )]
    #[suppress(
        CKV_AWS_119,
        reason = "Encrypted at rest with the AWS managed DynamoDB key (SSESpecification); the results hold no data that needs a customer managed key and its key policy"
    )]
    pub struct Results;

    /// Where the alarm sends its notifications; subscribe to it after the
    /// deploy.
    #[resource(
        AWS::SNS::Topic,
        DisplayName = "queue-worker alerts",
        KmsMasterKeyId = "alias/aws/sns",
        tags(Team = "platform", Application = "queue-worker")
    )]
    pub struct Alerts;

    /// The function's logs, kept for two weeks.
    #[log_group(
        name = "/aws/lambda/queue-worker",
        retention_days = 14,
        tags(Team = "platform", Application = "queue-worker")
    )]
    #[suppress(
        CKV_AWS_158,
        reason = "Function logs are encrypted at rest by CloudWatch Logs by default; no customer managed key is required"
    )]
    pub struct WorkerLogs;

    /// Lets the worker read the job queue, write results and logs.
    #[role(
        assumed_by = Lambda,
        allow(
            actions("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
            resources(Jobs.arn())
        ),
        allow(actions("dynamodb:PutItem"), resources(Results.arn())),
        tags(Team = "platform", Application = "queue-worker")
    )]
    pub struct WorkerRole;

    /// Processes jobs from the queue and writes each result to the table.
    #[function(
        name = "queue-worker",
        code = cargo("queue-worker-function", "queue-worker"),
        role = WorkerRole,
        logs = WorkerLogs,
        memory_mb = 256,
        timeout_seconds = 30,
        environment(TABLE_NAME = Results.name()),
        tags(Team = "platform", Application = "queue-worker")
    )]
    #[suppress(
        CKV_AWS_115,
        reason = "Concurrency is bounded by the event source mapping's MaximumConcurrency; reserving it would take from the account's unreserved pool"
    )]
    #[suppress(
        CKV_AWS_116,
        reason = "Invoked only by the SQS event source mapping: failed batches return to the queue and land in its dead-letter queue; a function DLQ applies to asynchronous invocations only"
    )]
    #[suppress(
        CKV_AWS_117,
        reason = "The function calls only the public SQS, DynamoDB and CloudWatch Logs APIs; a VPC would add NAT cost and no isolation"
    )]
    #[suppress(
        CKV_AWS_173,
        reason = "The only environment variable is the table name, which is not a secret"
    )]
    pub struct Worker;

    /// Feeds the worker batches of up to ten jobs, at most five batches at
    /// once; the function reports the jobs it failed, so only those return
    /// to the queue. (Untagged: see the crate's documentation.)
    #[resource(
        AWS::Lambda::EventSourceMapping,
        EventSourceArn = Jobs.arn(),
        FunctionName = Worker,
        BatchSize = 10,
        MaximumBatchingWindowInSeconds = 5,
        Enabled = true,
        FunctionResponseTypes = ["ReportBatchItemFailures"],
        ScalingConfig = { MaximumConcurrency = 5 }
    )]
    pub struct WorkerJobs;

    /// Fires when the worker falls behind (or stops) and the oldest job has
    /// waited more than ten minutes in three of five minutes; notifies again
    /// when it catches up.
    #[resource(
        AWS::CloudWatch::Alarm,
        AlarmDescription = "The oldest job has waited more than 10 minutes.",
        Namespace = "AWS/SQS",
        MetricName = "ApproximateAgeOfOldestMessage",
        Dimensions = [{ Name = "QueueName", Value = Jobs.attr("QueueName") }],
        Statistic = "Maximum",
        Period = 60,
        EvaluationPeriods = 5,
        DatapointsToAlarm = 3,
        Threshold = 600,
        ComparisonOperator = "GreaterThanThreshold",
        TreatMissingData = "notBreaching",
        AlarmActions = [Alerts],
        OKActions = [Alerts],
        tags(Team = "platform", Application = "queue-worker")
    )]
    pub struct JobsAgeAlarm;

    // `name()` is the item's `Ref`, which for a queue is its URL and for a
    // topic its ARN.
    #[output(name = "queueUrl", value = Jobs.name())]
    pub struct QueueUrl;

    #[output(name = "tableName", value = Results.name())]
    pub struct TableName;

    #[output(name = "topicArn", value = Alerts.name())]
    pub struct TopicArn;
}
