//! The review as a user reads it, drawn from a [`ChangeAnalysis`]: the
//! same screen for `diff` and for `deploy` before it asks. Resources with
//! their property changes (tags by key), replacements and why, the stateful
//! guard's verdict, then the security changes.

use serde_json::Value;

use crate::analysis::{ChangeAnalysis, ResourceChange};
use crate::policy_text::Statement;
use crate::reporter::{Reporter, Style};
use crate::security::{SecurityDiff, Sign};
use crate::template_diff::{DiffKind, PropertyDiff};

/// Properties that hold policy documents: their statements are listed in
/// the security section, so the resource names them instead of printing
/// each document whole.
const POLICY_PROPERTIES: [&str; 5] = [
    "AssumeRolePolicyDocument",
    "Policies",
    "PolicyDocument",
    "KeyPolicy",
    "RepositoryPolicyText",
];

/// Prints the whole review of `analysis` under `heading`.
pub fn show_review(reporter: &Reporter, heading: &str, analysis: &ChangeAnalysis) {
    reporter.styled(Style::Heading, heading);
    if analysis.is_empty() {
        reporter.say("  no differences");
        return;
    }
    for resource in &analysis.resources {
        show_resource(reporter, resource, &analysis.security);
    }
    if !analysis.outputs.is_empty() {
        // Not "Outputs:", the heading of the outputs' values a deploy
        // prints as its result: the review lists definitions that change.
        reporter.styled(Style::Heading, "Output changes:");
        for output in &analysis.outputs {
            show_property(reporter, output);
        }
    }
    show_security(reporter, &analysis.security);
}

fn show_resource(reporter: &Reporter, resource: &ResourceChange, security: &SecurityDiff) {
    let (sign, action, mut style) = match resource.kind {
        DiffKind::Added => ("+", "Add", Style::Added),
        DiffKind::Removed => ("-", "Remove", Style::Removed),
        DiffKind::Modified => ("~", "Modify", Style::Changed),
    };
    let mut line = format!(
        "  [{sign}] {action:<8} {:<32} {}",
        resource.resource_type, resource.logical_id
    );
    if let Some(why) = &resource.replaced_because {
        line.push_str(&format!("  (replaces the resource: {why})"));
        style = Style::Danger;
    }
    if resource.properties.is_empty() && !resource.changed_properties.is_empty() {
        line.push_str(&format!("  [{}]", resource.changed_properties.join(", ")));
    }
    reporter.styled(style, &line);
    if let Some(guard) = &resource.guard {
        let verb = if guard.what == "Remove" {
            "removes"
        } else {
            "replaces"
        };
        if guard.allowed {
            reporter.styled(
                Style::Danger,
                &format!("        ! {verb} a resource that holds data: allowed by --allow-replace"),
            );
        } else {
            reporter.styled(
                Style::Danger,
                &format!(
                    "        ! {verb} a resource that holds data: deploy refuses; pass --allow-replace {}",
                    resource.logical_id
                ),
            );
        }
    }
    let in_security = security
        .statements
        .iter()
        .any(|s| s.resource == resource.logical_id);
    let mut policies_noted = false;
    for property in &resource.properties {
        let top = property.path.split(['.', '[']).next().unwrap_or_default();
        if in_security && POLICY_PROPERTIES.contains(&top) {
            if !policies_noted {
                reporter.styled(
                    Style::Changed,
                    &format!("        ~ {top}: see IAM statement changes"),
                );
                policies_noted = true;
            }
            continue;
        }
        show_property(reporter, property);
    }
}

pub(crate) fn show_property(reporter: &Reporter, property: &PropertyDiff) {
    let text = |v: &Value| serde_json::to_string(v).unwrap_or_default();
    match (&property.old, &property.new) {
        (None, Some(new)) => reporter.styled(
            Style::Added,
            &format!("        + {}: {}", property.path, text(new)),
        ),
        (Some(old), None) => reporter.styled(
            Style::Removed,
            &format!("        - {}: {}", property.path, text(old)),
        ),
        (Some(old), Some(new)) => reporter.styled(
            Style::Changed,
            &format!(
                "        ~ {}: {} -> {}",
                property.path,
                text(old),
                text(new)
            ),
        ),
        (None, None) => {}
    }
}

fn sign_of(sign: Sign) -> (&'static str, Style) {
    match sign {
        Sign::Added => ("+", Style::Added),
        Sign::Removed => ("-", Style::Removed),
    }
}

/// The security section: IAM statements, managed policies, settings, and
/// whether the whole widens access.
fn show_security(reporter: &Reporter, security: &SecurityDiff) {
    if !security.statements.is_empty() {
        reporter.styled(Style::Heading, "IAM statement changes:");
        for change in &security.statements {
            let (sign, style) = sign_of(change.sign);
            let style = if change.broadens {
                Style::Danger
            } else {
                style
            };
            reporter.styled(
                style,
                &format!(
                    "  [{sign}] {}  ({} {})",
                    statement_text(&change.statement),
                    change.resource,
                    change.source
                ),
            );
        }
    }
    if !security.managed_policies.is_empty() {
        reporter.styled(Style::Heading, "IAM managed policy changes:");
        for change in &security.managed_policies {
            let (sign, style) = sign_of(change.sign);
            let what = match change.sign {
                Sign::Added => "attached to",
                Sign::Removed => "detached from",
            };
            reporter.styled(
                style,
                &format!("  [{sign}] {} {what} {}", change.arn, change.resource),
            );
        }
    }
    if !security.ingress.is_empty() {
        reporter.styled(Style::Heading, "Security group ingress changes:");
        for change in &security.ingress {
            let (sign, style) = sign_of(change.sign);
            let style = if change.broadens {
                Style::Danger
            } else {
                style
            };
            reporter.styled(
                style,
                &format!("  [{sign}] {}  ({})", change.rule, change.resource),
            );
        }
    }
    if !security.settings.is_empty() {
        reporter.styled(Style::Heading, "Security settings:");
        for change in &security.settings {
            let text =
                |v: &Option<Value>| v.as_ref().map_or("(not set)".to_owned(), |v| v.to_string());
            let mut line = format!(
                "  [~] {} {}: {} -> {}",
                change.resource,
                change.setting,
                text(&change.old),
                text(&change.new)
            );
            let style = if change.broadens {
                line.push_str("  (widens access)");
                Style::Danger
            } else {
                Style::Changed
            };
            reporter.styled(style, &line);
        }
    }
    if security.broadens() {
        reporter.styled(
            Style::Danger,
            "These changes widen access (an added Allow, an attached policy, a removed Deny or public access block, an added ingress rule).",
        );
    }
}

/// `Allow s3:GetObject, s3:PutObject on ${B.Arn}/* for AWS:${Role} when {...}`.
pub fn statement_text(statement: &Statement) -> String {
    let mut text = format!("{} {}", statement.effect, list(&statement.actions));
    if !statement.resources.is_empty() {
        text.push_str(&format!(" on {}", list(&statement.resources)));
    }
    if !statement.principals.is_empty() {
        text.push_str(&format!(" for {}", list(&statement.principals)));
    }
    if let Some(condition) = &statement.condition {
        text.push_str(&format!(" when {condition}"));
    }
    text
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "(none)".to_owned()
    } else {
        items.join(", ")
    }
}

/// The guard's conclusion for `diff`: what deploy would refuse and the flag
/// that accepts it, in the words deploy's refusal uses.
pub fn show_guard_verdict(reporter: &Reporter, analysis: &ChangeAnalysis) {
    let refused = analysis.refused();
    if refused.is_empty() {
        return;
    }
    let (what, flags) = crate::error::refused_words(&refused);
    reporter.styled(
        Style::Danger,
        &format!(
            "deploy would refuse this change set, which loses data in stateful resources ({what}); to accept, pass `{flags}`{}",
            crate::error::rename_advice(&refused)
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use serde_json::json;

    #[test]
    fn the_review_of_an_iam_change_lists_the_statement_and_says_it_widens_access() {
        let role = |actions: Value| {
            json!({"Resources": {"BuildRole": {"Type": "AWS::IAM::Role", "Properties": {
                "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow",
                    "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                "Policies": [{"PolicyName": "Build", "PolicyDocument": {"Statement": [
                    {"Effect": "Allow", "Action": actions, "Resource": {"Fn::Sub": "${Artifacts.Arn}/*"}}]}}],
                "Tags": [{"Key": "Team", "Value": "a"}]
            }}}})
        };
        let old = role(json!("s3:GetObject"));
        let mut new = role(json!(["s3:GetObject", "s3:PutObject"]));
        new["Resources"]["BuildRole"]["Properties"]["Tags"][0]["Value"] = json!("b");
        let analysis = analyze(Some(&old), &new, &[], &[]);
        let (reporter, seen) = Reporter::capture();
        show_review(&reporter, "Changes to app:", &analysis);
        assert_eq!(
            seen.lines(),
            [
                "Changes to app:",
                "  [~] Modify   AWS::IAM::Role                   BuildRole",
                "        ~ Policies: see IAM statement changes",
                "        ~ Tags[Team]: \"a\" -> \"b\"",
                "IAM statement changes:",
                "  [+] Allow s3:GetObject, s3:PutObject on ${Artifacts.Arn}/* for AWS:${BuildRole}  (BuildRole inline policy Build)",
                "  [-] Allow s3:GetObject on ${Artifacts.Arn}/* for AWS:${BuildRole}  (BuildRole inline policy Build)",
                "These changes widen access (an added Allow, an attached policy, a removed Deny or public access block, an added ingress rule).",
            ]
        );
    }

    #[test]
    fn diff_says_what_deploy_would_refuse() {
        let bucket = |name: &str| json!({"Resources": {"Data": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": name}}}});
        let analysis = analyze(Some(&bucket("a")), &bucket("b"), &[], &[]);
        let (reporter, seen) = Reporter::capture();
        show_review(&reporter, "Stack app", &analysis);
        show_guard_verdict(&reporter, &analysis);
        let lines = seen.lines();
        assert_eq!(
            lines[1],
            "  [~] Modify   AWS::S3::Bucket                  Data  (replaces the resource: create-only BucketName changes)"
        );
        assert_eq!(
            lines[2],
            "        ! replaces a resource that holds data: deploy refuses; pass --allow-replace Data"
        );
        assert_eq!(
            lines.last().unwrap(),
            "deploy would refuse this change set, which loses data in stateful resources (Replace Data (AWS::S3::Bucket)); to accept, pass `--allow-replace Data`"
        );
    }
}
