//! One stack event as a line of fixed columns, so that a stream of them
//! reads as a table: the time always has its milliseconds (CloudFormation's
//! `12:00:01.5` would be shorter than `12:00:01.512`), and the status column
//! is as wide as CloudFormation's longest status.

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;

use crate::events::StackEventView;

/// `UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS`, the longest status
/// CloudFormation reports.
pub(crate) const STATUS_WIDTH: usize = 44;
/// Most resource types fit; a longer one pushes only the logical id.
const TYPE_WIDTH: usize = 32;

/// `2026-12-04T20:00:01.500Z`: RFC 3339 in UTC, always with milliseconds.
pub(crate) fn fixed_width_timestamp(time: &DateTime) -> String {
    let whole = DateTime::from_secs(time.secs());
    let base = whole
        .fmt(Format::DateTime)
        .unwrap_or_else(|_| "0000-00-00T00:00:00Z".to_owned());
    format!(
        "{}.{:03}Z",
        base.trim_end_matches('Z'),
        time.subsec_nanos() / 1_000_000
    )
}

/// The event as the user reads it: time, status, type, logical id, reason.
pub(crate) fn event_line(event: &StackEventView) -> String {
    let mut line = format!(
        "{}  {:<STATUS_WIDTH$} {:<TYPE_WIDTH$} {}",
        event.timestamp,
        event.status.as_str(),
        event.resource_type,
        event.logical_id
    );
    if let Some(reason) = &event.reason {
        line.push_str(&format!("  {reason}"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::Status;

    fn event(time: DateTime, status: &str, ty: &str) -> StackEventView {
        StackEventView {
            timestamp: fixed_width_timestamp(&time),
            logical_id: "Thing".to_owned(),
            resource_type: ty.to_owned(),
            status: Status::from(status),
            reason: None,
            physical_id: None,
        }
    }

    #[test]
    fn timestamps_keep_their_trailing_zeros() {
        assert_eq!(
            fixed_width_timestamp(&DateTime::from_secs_and_nanos(1_796_414_401, 500_000_000)),
            "2026-12-04T20:00:01.500Z"
        );
        assert_eq!(
            fixed_width_timestamp(&DateTime::from_secs(1_796_414_400)),
            "2026-12-04T20:00:00.000Z"
        );
    }

    #[test]
    fn the_longest_status_stays_in_its_column() {
        let lines: Vec<String> = [
            ("CREATE_COMPLETE", 0),
            ("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", 120_000_000),
            ("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", 7_000_000),
        ]
        .into_iter()
        .map(|(status, nanos)| {
            event_line(&event(
                DateTime::from_secs_and_nanos(1_796_414_401, nanos),
                status,
                "AWS::S3::Bucket",
            ))
        })
        .collect();
        let type_column: Vec<Option<usize>> =
            lines.iter().map(|l| l.find("AWS::S3::Bucket")).collect();
        assert!(
            type_column
                .iter()
                .all(|c| *c == type_column[0] && c.is_some()),
            "{lines:#?}"
        );
        let ends: Vec<usize> = lines.iter().map(|l| l.len()).collect();
        assert!(ends.iter().all(|e| *e == ends[0]), "{lines:#?}");
    }
}
