//! Human wording of what resource an action needs, for `help:` lines.

use crate::catalog::{Action, ResourceRef};

/// `BucketName` -> `BUCKET`, `LogGroupName` -> `LOG_GROUP`,
/// `RoleNameWithPath` -> `ROLE`; the account-wide parts read as users write them.
fn placeholder_example(name: &str) -> String {
    match name {
        "Partition" => return "aws".to_owned(),
        "Region" => return "REGION".to_owned(),
        "Account" => return "ACCOUNT".to_owned(),
        "ObjectName" => return "KEY".to_owned(),
        _ => {}
    }
    let stem = [
        "NameWithoutLeadingSlash",
        "NameWithPath",
        "WithPath",
        "Name",
    ]
    .iter()
    .find_map(|suffix| name.strip_suffix(suffix).filter(|s| !s.is_empty()))
    .unwrap_or(name);
    let mut out = String::with_capacity(stem.len() + 4);
    for (i, c) in stem.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// The ARN format with placeholders replaced by readable examples, e.g.
/// `arn:aws:s3:::BUCKET/KEY`.
pub fn example_arn(format: &str) -> String {
    let mut out = String::with_capacity(format.len());
    let mut rest = format;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                out.push_str(&placeholder_example(&after[..end]));
                rest = &after[end + 1..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn article(word: &str) -> &'static str {
    match word.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'u') => "an",
        _ => "a",
    }
}

fn describe_one(resource: &ResourceRef) -> String {
    let mut text = format!(
        "{} {} ARN like {}",
        article(resource.resource_type),
        resource.resource_type,
        example_arn(resource.arn_format)
    );
    if resource.resource_type == "log-stream" {
        // The form people write for "every stream of this group".
        text.push_str(" (log-group:LOG_GROUP:* covers every stream of a group)");
    }
    text
}

/// What `Resource` must be for `action`, phrased for an error's `help:` line,
/// e.g. `an object ARN like arn:aws:s3:::BUCKET/KEY or an accesspointobject
/// ARN like ...`. Required resource types are named when the action has any,
/// otherwise every type it can be scoped to; an action without resource-level
/// permissions asks for `"*"`.
pub fn resource_required_description(action: &Action) -> String {
    if action.requires_wildcard_resource() {
        return format!(
            "\"*\" ({} does not support resource-level permissions)",
            action.name
        );
    }
    let any_required = action.resources.iter().any(|r| r.required);
    action
        .resources
        .iter()
        .filter(|r| r.required || !any_required)
        .map(describe_one)
        .collect::<Vec<_>>()
        .join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::lookup_action;

    fn describe(name: &str) -> String {
        resource_required_description(lookup_action(name).unwrap())
    }

    #[test]
    fn examples_read_like_arns() {
        assert_eq!(
            example_arn("arn:${Partition}:s3:::${BucketName}/${ObjectName}"),
            "arn:aws:s3:::BUCKET/KEY"
        );
        assert_eq!(
            example_arn("arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}"),
            "arn:aws:logs:REGION:ACCOUNT:log-group:LOG_GROUP"
        );
        assert_eq!(
            example_arn("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"),
            "arn:aws:iam::ACCOUNT:role/ROLE"
        );
        assert_eq!(
            example_arn(
                "arn:${Partition}:ssm:${Region}:${Account}:parameter/${ParameterNameWithoutLeadingSlash}"
            ),
            "arn:aws:ssm:REGION:ACCOUNT:parameter/PARAMETER"
        );
        assert_eq!(
            example_arn("arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}"),
            "arn:aws:secretsmanager:REGION:ACCOUNT:secret:SECRET_ID"
        );
        assert_eq!(example_arn("no placeholders"), "no placeholders");
        assert_eq!(example_arn("broken ${Tail"), "broken ${Tail");
    }

    #[test]
    fn s3_get_object_asks_for_an_object_first() {
        let text = describe("s3:GetObject");
        assert!(
            text.starts_with("an object ARN like arn:aws:s3:::BUCKET/KEY"),
            "{text}"
        );
        assert!(
            text.contains(" or an accesspointobject ARN like "),
            "{text}"
        );
    }

    #[test]
    fn required_types_only_when_there_are_some() {
        assert_eq!(
            describe("s3:GetBucketVersioning"),
            "a bucket ARN like arn:aws:s3:::BUCKET"
        );
        assert_eq!(
            describe("ecr:PutImage"),
            "a repository ARN like arn:aws:ecr:REGION:ACCOUNT:repository/REPOSITORY"
        );
        assert_eq!(
            describe("lambda:InvokeFunction"),
            "a function ARN like arn:aws:lambda:REGION:ACCOUNT:function:FUNCTION"
        );
        assert_eq!(
            describe("iam:PassRole"),
            "a role ARN like arn:aws:iam::ACCOUNT:role/ROLE"
        );
        assert_eq!(
            describe("events:PutEvents"),
            "an event-bus ARN like arn:aws:events:REGION:ACCOUNT:event-bus/EVENT_BUS"
        );
    }

    #[test]
    fn log_stream_mentions_the_group_form() {
        assert_eq!(
            describe("logs:PutLogEvents"),
            "a log-stream ARN like arn:aws:logs:REGION:ACCOUNT:log-group:LOG_GROUP:log-stream:LOG_STREAM \
             (log-group:LOG_GROUP:* covers every stream of a group)"
        );
    }

    #[test]
    fn star_only_actions_ask_for_star() {
        assert_eq!(
            describe("ecr:GetAuthorizationToken"),
            "\"*\" (ecr:GetAuthorizationToken does not support resource-level permissions)"
        );
        assert!(describe("codepipeline:PutJobSuccessResult").starts_with("\"*\""));
    }
}
