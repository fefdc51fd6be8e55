//! Following a stack operation through DescribeStackEvents.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use aws_sdk_cloudformation::Client;
use aws_sdk_cloudformation::types::StackEvent;
use aws_smithy_types::DateTime;
use serde::Serialize;

use crate::error::{DeployError, FailedResource, aws_error};
use crate::event_line::{event_line, fixed_width_timestamp};
use crate::reporter::{Reporter, Style};
use crate::stack_state::{StackInfo, describe_stack};
use crate::status::Status;

/// Pause between polls: fast enough to feel live, slow enough for API limits.
const POLL_INTERVAL: Duration = Duration::from_millis(1500);
/// Every this many polls without a final root event, ask DescribeStacks too,
/// in case an event was dropped.
const STATUS_CHECK_EVERY: u32 = 10;
/// An operation that outlives this is reported, not waited on forever.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(3 * 60 * 60);

/// One stack event, as shown to the user and serialized for `--output json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackEventView {
    pub timestamp: String,
    pub logical_id: String,
    pub resource_type: String,
    pub status: Status,
    pub reason: Option<String>,
    pub physical_id: Option<String>,
}

impl StackEventView {
    pub(crate) fn from_sdk(event: &StackEvent) -> Self {
        StackEventView {
            timestamp: event
                .timestamp()
                .map(fixed_width_timestamp)
                .unwrap_or_default(),
            logical_id: event.logical_resource_id().unwrap_or_default().to_owned(),
            resource_type: event.resource_type().unwrap_or_default().to_owned(),
            status: event
                .resource_status()
                .map_or(Status::Other(String::new()), Status::from),
            reason: event.resource_status_reason().map(str::to_owned),
            physical_id: event.physical_resource_id().map(str::to_owned),
        }
    }

    fn is_root(&self, stack_name: &str) -> bool {
        self.resource_type == "AWS::CloudFormation::Stack" && self.logical_id == stack_name
    }
}

/// Yields each new event of one stack exactly once, oldest first.
pub(crate) struct EventPoller {
    stack_id: String,
    since: DateTime,
    seen: HashSet<String>,
}

impl EventPoller {
    /// Events before `since` (CloudFormation's clock, e.g. the change set's
    /// creation time) belong to earlier operations and are skipped.
    pub fn new(stack_id: &str, since: DateTime) -> Self {
        EventPoller {
            stack_id: stack_id.to_owned(),
            since,
            seen: HashSet::new(),
        }
    }

    /// A poller for an operation about to start on an existing stack:
    /// everything the stack has now belongs to earlier operations. Starts at
    /// the newest event (CloudFormation's clock, not ours) and skips it.
    pub async fn starting_now(cfn: &Client, stack_id: &str) -> Result<Self, DeployError> {
        let before = cfn
            .describe_stack_events()
            .stack_name(stack_id)
            .send()
            .await
            .map_err(|err| aws_error("DescribeStackEvents", err))?;
        let since = before
            .stack_events()
            .first()
            .and_then(|e| e.timestamp().copied())
            .unwrap_or_else(|| DateTime::from_secs(0));
        let mut poller = EventPoller::new(stack_id, since);
        poller.mark_seen(before.stack_events().iter().filter_map(|e| e.event_id()));
        Ok(poller)
    }

    /// Treats these events as already shown (they predate the operation).
    pub fn mark_seen<'a>(&mut self, event_ids: impl IntoIterator<Item = &'a str>) {
        self.seen.extend(event_ids.into_iter().map(str::to_owned));
    }

    /// Pages newest-to-oldest until an event already seen or older than
    /// `since`, and returns the new ones oldest first.
    pub async fn poll(&mut self, cfn: &Client) -> Result<Vec<StackEvent>, DeployError> {
        let mut fresh = Vec::new();
        let mut token: Option<String> = None;
        'pages: loop {
            let page = cfn
                .describe_stack_events()
                .stack_name(&self.stack_id)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|err| aws_error("DescribeStackEvents", err))?;
            for event in page.stack_events() {
                let id = event.event_id().unwrap_or_default();
                let too_old = event.timestamp().is_some_and(|t| *t < self.since);
                if self.seen.contains(id) || too_old {
                    break 'pages;
                }
                fresh.push(event.clone());
            }
            match page.next_token() {
                Some(next) => token = Some(next.to_owned()),
                None => break,
            }
        }
        fresh.reverse();
        for event in &fresh {
            self.seen
                .insert(event.event_id().unwrap_or_default().to_owned());
        }
        Ok(fresh)
    }
}

/// The first resource failure that is not a cancellation caused by another
/// failure: the root cause to show the user.
pub fn first_failure(events: &[StackEventView], stack_name: &str) -> Option<FailedResource> {
    events
        .iter()
        .filter(|e| !e.is_root(stack_name))
        .find(|e| e.status.is_failed() && !is_cancellation(e.reason.as_deref()))
        .map(failed_resource)
}

/// Every resource failure (cancellations aside) after the stack's last
/// `phase` event (e.g. `UPDATE_ROLLBACK_IN_PROGRESS`): what blocks a rollback
/// or a deletion. `events` are oldest first.
pub(crate) fn failures_since(
    events: &[StackEventView],
    stack_name: &str,
    phase: &Status,
) -> Vec<FailedResource> {
    let start = events
        .iter()
        .rposition(|e| e.is_root(stack_name) && e.status == *phase)
        .map_or(0, |i| i + 1);
    let mut found: Vec<FailedResource> = Vec::new();
    for event in &events[start..] {
        let failed = !event.is_root(stack_name)
            && event.status.is_failed()
            && !is_cancellation(event.reason.as_deref());
        if failed && !found.iter().any(|f| f.logical_id == event.logical_id) {
            found.push(failed_resource(event));
        }
    }
    found
}

/// The events of `stack_id` back to (and including) its last root event
/// with status `phase`, oldest first.
pub(crate) async fn events_since_phase(
    cfn: &Client,
    stack_id: &str,
    stack_name: &str,
    phase: &Status,
) -> Result<Vec<StackEventView>, DeployError> {
    let mut found = Vec::new();
    let mut token: Option<String> = None;
    'pages: loop {
        let page = cfn
            .describe_stack_events()
            .stack_name(stack_id)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|err| aws_error("DescribeStackEvents", err))?;
        for event in page.stack_events() {
            let view = StackEventView::from_sdk(event);
            let reached = view.is_root(stack_name) && view.status == *phase;
            found.push(view);
            if reached {
                break 'pages;
            }
        }
        match page.next_token() {
            Some(next) => token = Some(next.to_owned()),
            None => break,
        }
    }
    found.reverse();
    Ok(found)
}

/// A resource CloudFormation stopped because another one failed. The event
/// has no code for it, only the reason "Resource creation cancelled" (or
/// update, delete; both spellings occur).
fn is_cancellation(reason: Option<&str>) -> bool {
    reason.is_some_and(|r| r.contains("cancelled") || r.contains("canceled"))
}

fn failed_resource(e: &StackEventView) -> FailedResource {
    let reason = e.reason.clone().unwrap_or_default();
    FailedResource {
        logical_id: e.logical_id.clone(),
        resource_type: e.resource_type.clone(),
        status: e.status.clone(),
        error_code: error_code(&reason),
        reason,
    }
}

/// Reads `HandlerErrorCode: X` or `Error Code: X` out of a status reason.
fn error_code(reason: &str) -> Option<String> {
    ["HandlerErrorCode:", "Error Code:"]
        .iter()
        .find_map(|marker| {
            let rest = &reason[reason.find(marker)? + marker.len()..];
            let code: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_')
                .collect();
            (!code.is_empty()).then_some(code)
        })
}

/// How a followed operation ended.
#[derive(Debug, Clone)]
pub(crate) struct Finished {
    /// `None` when the stack is gone (deleted by name).
    pub stack: Option<StackInfo>,
    pub final_status: Status,
    pub events: Vec<StackEventView>,
}

/// Streams events of the operation that just started until the root stack
/// leaves `*_IN_PROGRESS`, with a bar over `total` resources.
pub(crate) async fn follow_operation(
    cfn: &Client,
    mut poller: EventPoller,
    stack_id: &str,
    stack_name: &str,
    total: u64,
    reporter: &Reporter,
) -> Result<Finished, DeployError> {
    let mut events = Vec::new();
    let mut latest: HashMap<String, Status> = HashMap::new();
    let started = Instant::now();
    reporter.progress_start(total, stack_name);
    let mut polls = 0u32;
    let result = loop {
        let fresh = poller.poll(cfn).await?;
        let mut root_done = false;
        for event in &fresh {
            let view = StackEventView::from_sdk(event);
            show_event(reporter, &view);
            if view.is_root(stack_name) {
                root_done = !view.status.is_in_progress();
            } else {
                latest.insert(view.logical_id.clone(), view.status.clone());
            }
            events.push(view);
        }
        let done = latest.values().filter(|s| s.is_settled()).count() as u64;
        reporter.progress_set(done.min(total));
        polls += 1;
        if root_done || polls.is_multiple_of(STATUS_CHECK_EVERY) {
            let stack = describe_stack(cfn, stack_id).await?;
            let settled = stack.as_ref().is_none_or(|s| !s.in_progress());
            if settled {
                // One last poll so the final events and failure reasons are shown.
                for event in poller.poll(cfn).await? {
                    let view = StackEventView::from_sdk(&event);
                    show_event(reporter, &view);
                    if !view.is_root(stack_name) {
                        latest.insert(view.logical_id.clone(), view.status.clone());
                    }
                    events.push(view);
                }
                let final_status = stack
                    .as_ref()
                    .map_or(Status::DeleteComplete, |s| s.status.clone());
                break Ok(Finished {
                    stack,
                    final_status,
                    events,
                });
            }
        }
        if started.elapsed() > OPERATION_TIMEOUT {
            break Err(DeployError::Timeout {
                what: format!("stack {stack_name} to finish"),
                seconds: OPERATION_TIMEOUT.as_secs(),
            });
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    };
    match &result {
        // The bar stays on the screen at its final count; drawn only now,
        // a fast operation (the local endpoint's) would leave it at 0.
        Ok(_) => {
            let done = latest.values().filter(|s| s.is_settled()).count() as u64;
            reporter.progress_done(done.min(total));
        }
        Err(_) => reporter.progress_finish(),
    }
    result
}

fn show_event(reporter: &Reporter, event: &StackEventView) {
    let style = if event.status.is_failed() {
        Style::Removed
    } else if event.status.is_complete() {
        Style::Added
    } else {
        Style::Plain
    };
    reporter.event(style, event.status.is_failed(), &event_line(event));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, ty: &str, status: &str, reason: Option<&str>) -> StackEventView {
        StackEventView {
            timestamp: String::new(),
            logical_id: id.to_owned(),
            resource_type: ty.to_owned(),
            status: Status::from(status),
            reason: reason.map(str::to_owned),
            physical_id: None,
        }
    }

    /// An event of the stack `app` itself.
    fn stack_event(status: &str) -> StackEventView {
        event("app", "AWS::CloudFormation::Stack", status, None)
    }

    /// A resource's failure event, with the service's reason.
    fn failed(id: &str, ty: &str, status: &str, reason: &str) -> StackEventView {
        event(id, ty, status, Some(reason))
    }

    #[test]
    fn the_root_cause_is_the_first_failure_that_is_not_a_cancellation() {
        let events = vec![
            stack_event("CREATE_IN_PROGRESS"),
            failed(
                "Role",
                "AWS::IAM::Role",
                "CREATE_FAILED",
                "Resource creation cancelled",
            ),
            failed(
                "Repo",
                "AWS::ECR::Repository",
                "CREATE_FAILED",
                "Resource handler returned message: \"bad name\" (HandlerErrorCode: InvalidRequest)",
            ),
            failed("Logs", "AWS::Logs::LogGroup", "CREATE_FAILED", "other"),
            stack_event("ROLLBACK_COMPLETE"),
        ];
        let failure = first_failure(&events, "app").expect("a failure");
        assert_eq!(failure.logical_id, "Repo");
        assert_eq!(failure.error_code.as_deref(), Some("InvalidRequest"));
        assert!(failure.reason.contains("bad name"));
    }

    #[test]
    fn a_stack_level_failure_alone_names_no_resource() {
        let events = vec![failed(
            "app",
            "AWS::CloudFormation::Stack",
            "UPDATE_FAILED",
            "x",
        )];
        assert_eq!(first_failure(&events, "app"), None);
    }

    #[test]
    fn what_blocks_a_rollback_is_every_failure_after_its_last_start() {
        let events = vec![
            stack_event("UPDATE_IN_PROGRESS"),
            failed("Repo", "AWS::ECR::Repository", "CREATE_FAILED", "bad name"),
            stack_event("UPDATE_ROLLBACK_IN_PROGRESS"),
            failed("Logs", "AWS::Logs::LogGroup", "UPDATE_FAILED", "throttled"),
            failed(
                "Role",
                "AWS::IAM::Role",
                "UPDATE_FAILED",
                "Resource update cancelled",
            ),
            stack_event("UPDATE_ROLLBACK_FAILED"),
            stack_event("UPDATE_ROLLBACK_IN_PROGRESS"),
            failed(
                "Logs",
                "AWS::Logs::LogGroup",
                "UPDATE_FAILED",
                "still throttled",
            ),
            failed("Logs", "AWS::Logs::LogGroup", "UPDATE_FAILED", "again"),
            failed("Data", "AWS::S3::Bucket", "DELETE_FAILED", "BucketNotEmpty"),
            stack_event("UPDATE_ROLLBACK_FAILED"),
        ];
        let blockers = failures_since(&events, "app", &Status::UpdateRollbackInProgress);
        let ids: Vec<&str> = blockers.iter().map(|f| f.logical_id.as_str()).collect();
        assert_eq!(ids, ["Logs", "Data"]);
        assert_eq!(blockers[0].reason, "still throttled");
        // Without the phase, everything counts.
        assert_eq!(
            failures_since(&events, "app", &Status::DeleteInProgress).len(),
            3
        );
    }

    #[test]
    fn error_codes_are_read_in_both_spellings() {
        assert_eq!(
            error_code(
                "Bucket exists (Service: S3, Status Code: 409, Error Code: BucketAlreadyExists)"
            )
            .as_deref(),
            Some("BucketAlreadyExists")
        );
        assert_eq!(error_code("no code here"), None);
    }
}
