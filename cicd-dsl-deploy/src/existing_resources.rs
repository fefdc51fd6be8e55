//! What the account already holds, for `deploy`'s import: does a bucket,
//! repository or log group of a given name exist, which stack holds it,
//! and what the last deletion of a stack kept (its `DELETE_SKIPPED`
//! resources).

use std::collections::BTreeMap;

use aws_sdk_cloudformation::types::{ResourceStatus, StackStatus};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::aws::AwsClients;
use crate::error::{DeployError, aws_error, service_code};
use crate::events::events_since_phase;
use crate::status::Status;

/// The types `deploy` can import, with their primary identifier (the one
/// key of an IMPORT change set's `ResourceIdentifier`, and the property
/// that names the resource in a template).
pub(crate) const IMPORTABLE: &[(&str, &str)] = &[
    ("AWS::S3::Bucket", "BucketName"),
    ("AWS::ECR::Repository", "RepositoryName"),
    ("AWS::Logs::LogGroup", "LogGroupName"),
];

/// The primary identifier of an importable type.
pub(crate) fn identifier_key(resource_type: &str) -> Option<&'static str> {
    IMPORTABLE
        .iter()
        .find(|(ty, _)| *ty == resource_type)
        .map(|(_, key)| *key)
}

/// Whether a resource of a type and name is there to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Presence {
    Absent,
    Present,
    /// It exists, but this account cannot use it (a bucket name taken by
    /// another account).
    Foreign,
}

pub(crate) async fn presence(
    clients: &AwsClients,
    resource_type: &str,
    name: &str,
) -> Result<Presence, DeployError> {
    match resource_type {
        "AWS::S3::Bucket" => match clients.s3.head_bucket().bucket(name).send().await {
            Ok(_) => Ok(Presence::Present),
            Err(err) => match err.raw_response().map(|r| r.status().as_u16()) {
                Some(404) => Ok(Presence::Absent),
                Some(403) => Ok(Presence::Foreign),
                _ => Err(aws_error("HeadBucket", err)),
            },
        },
        "AWS::ECR::Repository" => {
            match clients
                .ecr
                .describe_repositories()
                .repository_names(name)
                .send()
                .await
            {
                Ok(_) => Ok(Presence::Present),
                Err(err) if service_code(&err) == Some("RepositoryNotFoundException") => {
                    Ok(Presence::Absent)
                }
                Err(err) => Err(aws_error("DescribeRepositories", err)),
            }
        }
        "AWS::Logs::LogGroup" => {
            let mut pages = clients
                .logs
                .describe_log_groups()
                .log_group_name_prefix(name)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|err| aws_error("DescribeLogGroups", err))?;
                if page
                    .log_groups()
                    .iter()
                    .any(|g| g.log_group_name() == Some(name))
                {
                    return Ok(Presence::Present);
                }
            }
            Ok(Presence::Absent)
        }
        _ => Ok(Presence::Absent),
    }
}

/// The live stack holding the resource of this type and physical id, if
/// any (DescribeStackResources by PhysicalResourceId). Resources a deleted
/// stack kept (`DELETE_SKIPPED`) are in no stack.
pub(crate) async fn holding_stack(
    clients: &AwsClients,
    resource_type: &str,
    physical_id: &str,
) -> Result<Option<String>, DeployError> {
    let answer = match clients
        .cloudformation
        .describe_stack_resources()
        .physical_resource_id(physical_id)
        .send()
        .await
    {
        Ok(answer) => answer,
        // "Stack for <id> does not exist".
        Err(err) if err.code() == Some("ValidationError") => return Ok(None),
        Err(err) => return Err(aws_error("DescribeStackResources", err)),
    };
    Ok(answer
        .stack_resources()
        .iter()
        .find(|r| {
            r.resource_type() == Some(resource_type)
                && r.physical_resource_id() == Some(physical_id)
                && !matches!(
                    r.resource_status(),
                    Some(ResourceStatus::DeleteSkipped | ResourceStatus::DeleteComplete)
                )
        })
        .and_then(|r| r.stack_name().map(str::to_owned)))
}

/// A resource the last deletion of a stack left in the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Kept {
    pub resource_type: String,
    pub physical_id: String,
}

/// What the most recent deletion of the stack named `stack_name` kept, by
/// logical id: CloudFormation lists deleted stacks (ListStacks) and their
/// events (by stack id) for 90 days.
pub(crate) async fn kept_by_last_delete(
    clients: &AwsClients,
    stack_name: &str,
) -> Result<BTreeMap<String, Kept>, DeployError> {
    let cfn = &clients.cloudformation;
    let mut newest: Option<(aws_smithy_types::DateTime, String)> = None;
    let mut token: Option<String> = None;
    loop {
        let page = cfn
            .list_stacks()
            .stack_status_filter(StackStatus::DeleteComplete)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|err| aws_error("ListStacks", err))?;
        for summary in page.stack_summaries() {
            if summary.stack_name() != Some(stack_name) {
                continue;
            }
            let (Some(id), Some(when)) = (
                summary.stack_id(),
                summary.deletion_time().or(summary.creation_time()),
            ) else {
                continue;
            };
            if newest.as_ref().is_none_or(|(t, _)| when.secs() >= t.secs()) {
                newest = Some((*when, id.to_owned()));
            }
        }
        match page.next_token() {
            Some(next) => token = Some(next.to_owned()),
            None => break,
        }
    }
    let Some((_, stack_id)) = newest else {
        return Ok(BTreeMap::new());
    };
    let events = events_since_phase(cfn, &stack_id, stack_name, &Status::DeleteInProgress).await?;
    Ok(events
        .into_iter()
        .filter(|e| {
            e.status == Status::DeleteSkipped && e.resource_type != "AWS::CloudFormation::Stack"
        })
        .filter_map(|e| {
            let physical_id = e.physical_id.filter(|p| !p.is_empty())?;
            Some((
                e.logical_id,
                Kept {
                    resource_type: e.resource_type,
                    physical_id,
                },
            ))
        })
        .collect())
}
