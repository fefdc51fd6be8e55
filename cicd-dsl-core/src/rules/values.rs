//! Settings of the storage kinds must be values AWS accepts: log retention,
//! bucket lifecycle days, ECR image counts and protected tags.

use super::Finding;
use crate::model::{FieldPath, Path};
use crate::model::{ResourceKind, StackDef};

/// `AWS::Logs::LogGroup.RetentionInDays` accepts only these (the registry
/// schema's enum).
pub const LOG_RETENTION_DAYS: [u32; 22] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// A lifecycle rule longer than 100 years is almost certainly a unit
/// mistake (hours or seconds written as days); S3 itself sets no bound.
pub const MAX_LIFECYCLE_DAYS: u32 = 36_500;

/// ECR requires `countNumber` >= 1. The upper bound is the default quota of
/// images per repository: keeping more than the repository can hold is a
/// lifecycle rule that never expires anything.
pub const MAX_KEEP_LAST: u32 = 10_000;

/// The allowed retention closest to `days` (the smaller one on a tie).
pub fn nearest_retention(days: u32) -> u32 {
    LOG_RETENTION_DAYS
        .into_iter()
        .min_by_key(|allowed| allowed.abs_diff(days))
        .expect("the list is not empty")
}

pub fn log_retention(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for resource in &stack.resources {
        let ResourceKind::LogGroup(group) = &resource.kind else {
            continue;
        };
        let Some(days) = group.retention_days else {
            continue;
        };
        if !LOG_RETENTION_DAYS.contains(&days) {
            let allowed: Vec<String> = LOG_RETENTION_DAYS.iter().map(u32::to_string).collect();
            findings.push(
                Finding::error(
                    "log-retention",
                    Path::new(&resource.id, "retention_days"),
                    format!("CloudWatch Logs does not accept a retention of {days} days"),
                )
                .with_help(format!(
                    "retention must be one of {}; nearest is {}",
                    allowed.join(", "),
                    nearest_retention(days)
                )),
            );
        }
    }
    findings
}

pub fn lifecycle_days(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for resource in &stack.resources {
        let ResourceKind::Bucket(bucket) = &resource.kind else {
            continue;
        };
        let fields = [
            ("expire_after_days", bucket.expire_after_days),
            (
                "expire_noncurrent_after_days",
                bucket.expire_noncurrent_after_days,
            ),
        ];
        for (field, days) in fields {
            let Some(days) = days else { continue };
            let problem = if days == 0 {
                "0 days: S3 lifecycle days start at 1"
            } else if days > MAX_LIFECYCLE_DAYS {
                "more than 100 years"
            } else {
                continue;
            };
            findings.push(
                Finding::error(
                    "lifecycle-days",
                    Path::new(&resource.id, field),
                    format!("`{field} = {days}` is {problem}"),
                )
                .with_help(format!(
                    "use a number of days from 1 to {MAX_LIFECYCLE_DAYS}, or leave `{field}` out to keep objects"
                )),
            );
        }
        if bucket.expire_noncurrent_after_days.is_some() && !bucket.versioned {
            findings.push(
                Finding::error(
                    "lifecycle-days",
                    Path::new(&resource.id, "expire_noncurrent_after_days"),
                    "an unversioned bucket has no noncurrent versions to expire".into(),
                )
                .with_help("add `versioned`, or remove `expire_noncurrent_after_days`"),
            );
        }
    }
    findings
}

pub fn image_counts(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for resource in &stack.resources {
        let ResourceKind::Repository(repo) = &resource.kind else {
            continue;
        };
        if let Some(count) = repo.keep_last
            && !(1..=MAX_KEEP_LAST).contains(&count)
        {
            findings.push(
                Finding::error(
                    "image-count",
                    Path::new(&resource.id, "keep_last"),
                    format!("ECR cannot keep the last {count} images"),
                )
                .with_help(format!("`keep_last` must be from 1 to {MAX_KEEP_LAST}")),
            );
        }
        for (i, tag) in repo.protect_tags.iter().enumerate() {
            if let Some(problem) = tag_pattern_problem(tag) {
                findings.push(
                    Finding::error(
                        "image-tag",
                        Path::new(&resource.id, FieldPath::protect_tag(i)),
                        format!("\"{tag}\" cannot be an ECR tag pattern: {problem}"),
                    )
                    .with_help(
                        "an image tag is 1-128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`; a pattern may add up to four `*`",
                    ),
                );
            }
        }
        if !repo.protect_tags.is_empty() && repo.keep_last.is_none() {
            findings.push(
                Finding::error(
                    "image-tag",
                    Path::new(&resource.id, FieldPath::protect_tag(0)),
                    "protected tags only matter to a lifecycle policy, and this repository has none".into(),
                )
                .with_help("add `keep_last = N`, or remove `protect_tags`"),
            );
        }
    }
    findings
}

/// An ECR `tagPatternList` entry: an image tag (`[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,127}`)
/// where up to four characters may be `*`.
fn tag_pattern_problem(tag: &str) -> Option<String> {
    let len = tag.chars().count();
    if len == 0 || len > 128 {
        return Some(format!("it has {len} characters (1-128 allowed)"));
    }
    if let Some(c) = tag
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "_.-*".contains(*c)))
    {
        return Some(format!("`{}` is not allowed", c.escape_debug()));
    }
    if tag.starts_with(['.', '-']) {
        return Some("it starts with `.` or `-`".into());
    }
    if tag.matches('*').count() > 4 {
        return Some("it has more than four `*`".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bucket, LogGroup, Repository, Resource};

    fn stack(kind: ResourceKind) -> StackDef {
        StackDef::new("s", vec![Resource::new("Item", kind)])
    }

    fn logs(days: u32) -> StackDef {
        stack(ResourceKind::LogGroup(LogGroup {
            name: None,
            retention_days: Some(days),
        }))
    }

    #[test]
    fn every_allowed_retention_passes() {
        for days in LOG_RETENTION_DAYS {
            assert!(log_retention(&logs(days)).is_empty(), "{days}");
        }
    }

    #[test]
    fn other_retentions_name_the_nearest() {
        let findings = log_retention(&logs(6));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].field_text().as_deref(), Some("retention_days"));
        let help = findings[0].help.as_deref().unwrap();
        assert!(help.starts_with("retention must be one of 1, 3, 5, 7, 14,"));
        assert!(help.ends_with("nearest is 5"), "{help}");
        assert_eq!(nearest_retention(8), 7);
        assert_eq!(nearest_retention(10), 7);
        assert_eq!(nearest_retention(11), 14);
        assert_eq!(nearest_retention(0), 1);
        assert_eq!(nearest_retention(10_000), 3653);
    }

    #[test]
    fn lifecycle_days_are_in_range_and_need_versioning() {
        let bucket = |current, noncurrent, versioned| {
            stack(ResourceKind::Bucket(Bucket {
                versioned,
                expire_after_days: current,
                expire_noncurrent_after_days: noncurrent,
                ..Bucket::default()
            }))
        };
        assert!(lifecycle_days(&bucket(Some(30), Some(30), true)).is_empty());
        let zero = lifecycle_days(&bucket(Some(0), None, true));
        assert_eq!(zero.len(), 1);
        assert_eq!(zero[0].field_text().as_deref(), Some("expire_after_days"));
        let huge = lifecycle_days(&bucket(None, Some(40_000), true));
        assert_eq!(
            huge[0].field_text().as_deref(),
            Some("expire_noncurrent_after_days")
        );
        let unversioned = lifecycle_days(&bucket(None, Some(30), false));
        assert_eq!(unversioned.len(), 1);
        assert!(unversioned[0].message.contains("unversioned"));
    }

    #[test]
    fn keep_last_and_protected_tags() {
        let repo = |keep_last, tags: &[&str]| {
            stack(ResourceKind::Repository(Repository {
                keep_last,
                protect_tags: tags.iter().map(|t| t.to_string()).collect(),
                ..Repository::default()
            }))
        };
        assert!(image_counts(&repo(Some(10), &["production", "release-*"])).is_empty());
        assert_eq!(
            image_counts(&repo(Some(0), &[]))[0].field_text().as_deref(),
            Some("keep_last")
        );
        assert_eq!(image_counts(&repo(Some(10_001), &[])).len(), 1);
        let bad = image_counts(&repo(Some(10), &["ok", "has space"]));
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].field_text().as_deref(), Some("protect_tags.1"));
        assert_eq!(image_counts(&repo(Some(10), &["*a*b*c*d*"])).len(), 1);
        let orphan = image_counts(&repo(None, &["production"]));
        assert_eq!(orphan.len(), 1);
        assert!(orphan[0].message.contains("no"));
    }
}
