//! Stacks of generic items for the benchmarks: units of four resources
//! that reference each other the way a queue-worker stack does (a
//! dead-letter queue, a queue redriving to it by ARN, a table, an alarm on
//! the queue's name), so the schema checks see nested objects, enums,
//! ranges, patterns and `Fn::GetAtt` attributes.

use cicd_dsl_core::{Attr, Generic, ItemRef, PropValue, Resource, ResourceKind, StackDef};

fn number(n: u32) -> PropValue {
    PropValue::Number(n.to_string())
}

fn text(s: &str) -> PropValue {
    PropValue::String(s.to_owned())
}

fn generic(id: String, item: Generic) -> Resource {
    Resource::new(id, ResourceKind::Generic(item))
}

fn unit(stack: &mut StackDef, n: usize) {
    let dlq = format!("Dlq{n}");
    let queue = format!("Queue{n}");
    stack.resources.push(generic(
        dlq.clone(),
        Generic::new("AWS::SQS::Queue")
            .with("MessageRetentionPeriod", number(1_209_600))
            .with("SqsManagedSseEnabled", PropValue::Bool(true)),
    ));
    stack.resources.push(generic(
        queue.clone(),
        Generic::new("AWS::SQS::Queue")
            .with("VisibilityTimeout", number(180))
            .with("SqsManagedSseEnabled", PropValue::Bool(true))
            .with(
                "RedrivePolicy",
                PropValue::object([
                    (
                        "deadLetterTargetArn",
                        PropValue::Ref(ItemRef::new(&dlq, Attr::Arn)),
                    ),
                    ("maxReceiveCount", number(5)),
                ]),
            ),
    ));
    stack.resources.push(generic(
        format!("Table{n}"),
        Generic::new("AWS::DynamoDB::Table")
            .with("BillingMode", text("PAY_PER_REQUEST"))
            .with(
                "KeySchema",
                PropValue::List(vec![PropValue::object([
                    ("AttributeName", text("id")),
                    ("KeyType", text("HASH")),
                ])]),
            )
            .with(
                "AttributeDefinitions",
                PropValue::List(vec![PropValue::object([
                    ("AttributeName", text("id")),
                    ("AttributeType", text("S")),
                ])]),
            )
            .with(
                "PointInTimeRecoverySpecification",
                PropValue::object([("PointInTimeRecoveryEnabled", PropValue::Bool(true))]),
            ),
    ));
    stack.resources.push(generic(
        format!("Age{n}"),
        Generic::new("AWS::CloudWatch::Alarm")
            .with("Namespace", text("AWS/SQS"))
            .with("MetricName", text("ApproximateAgeOfOldestMessage"))
            .with("Statistic", text("Maximum"))
            .with("Period", number(300))
            .with("EvaluationPeriods", number(1))
            .with("Threshold", number(600))
            .with("ComparisonOperator", text("GreaterThanThreshold"))
            .with(
                "Dimensions",
                PropValue::List(vec![PropValue::object([
                    ("Name", text("QueueName")),
                    (
                        "Value",
                        PropValue::Ref(ItemRef::new(&queue, Attr::Get("QueueName".into()))),
                    ),
                ])]),
            ),
    ));
}

/// A stack of exactly `resources` generic resources (a multiple of four
/// is filled with whole units; the rest are dead-letter queues).
pub fn generic_stack(resources: usize) -> StackDef {
    let mut stack = StackDef {
        name: format!("generic-{resources}"),
        description: Some(format!("{resources} generic resources for the benchmarks")),
        tags: [("Environment".to_owned(), "bench".to_owned())].into(),
        resources: Vec::new(),
        outputs: Vec::new(),
        moved: Default::default(),
    };
    for n in 0..resources / 4 {
        unit(&mut stack, n);
    }
    for extra in 0..resources % 4 {
        stack.resources.push(generic(
            format!("Extra{extra}"),
            Generic::new("AWS::SQS::Queue").with("SqsManagedSseEnabled", PropValue::Bool(true)),
        ));
    }
    stack
}
