//! The stack's log groups as CloudWatch Logs answers for them.

use std::collections::HashMap;

use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::types::LogGroup;

/// The log groups whose names start with `prefix`.
pub async fn log_groups(logs: &Client, prefix: &str) -> Vec<LogGroup> {
    let answer = logs
        .describe_log_groups()
        .log_group_name_prefix(prefix)
        .send()
        .await
        .unwrap();
    answer.log_groups().to_vec()
}

/// A log group's tags. ListTagsForResource takes the group's ARN without
/// the `:*` that DescribeLogGroups appends.
pub async fn tags_of(logs: &Client, group: &LogGroup) -> HashMap<String, String> {
    let arn = group.arn().unwrap().trim_end_matches(":*");
    let answer = logs
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .unwrap();
    answer.tags().cloned().unwrap_or_default()
}
