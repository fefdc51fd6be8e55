//! Can a statement's `Resource` entry name a resource of the shape an action needs?
//!
//! # Matching semantics
//!
//! An ARN *format* from the catalog (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`)
//! describes a set of concrete ARNs: literal text must appear as written and
//! each `${Placeholder}` stands for a non-empty value. A value never contains
//! `:` or `/`, except for placeholders whose values AWS documents as paths or
//! free text (see [`placeholder_allows`]): `${ObjectName}` may hold both,
//! `${LogGroupName}`, `${RepositoryName}`, `${...WithPath}` and a few more
//! may hold `/`.
//!
//! A statement resource *pattern* describes another set of ARNs: `*` matches
//! any run of characters (including `:` and `/`, as in IAM), `?` exactly one,
//! other text matches itself (case-sensitively). A CloudFormation `${...}`
//! substitution (`${AWS::Partition}`, `${Bucket}`, also IAM's
//! `${aws:username}`) stands for a value unknown at compile time:
//!
//! - inside an ARN it is one name-like value: a non-empty run without `:` or
//!   `/` (`arn:aws:s3:::${Bucket}` names a bucket, never an object);
//! - a `${X.Attr}` attribute (`${Bucket.Arn}`) or a substitution at the very
//!   start of the pattern may be a whole ARN, so it matches anything.
//!
//! The pattern *matches the format* when the two sets overlap: some concrete
//! ARN of the format is matched by the pattern for some choice of the unknown
//! values. So `arn:aws:s3:::my-bucket/*` matches the object format (and not the
//! bucket format), `arn:aws:s3:::my-bucket` matches the bucket format only, and
//! `arn:aws:logs:us-east-1:123456789012:log-group:/aws/x:*` matches the
//! log-stream format because its `*` can stand for `log-stream:NAME`.
//!
//! One documented exception: CloudWatch Logs uses `log-group:NAME:*` as the ARN
//! of a log group in IAM policies (it is what `Fn::GetAtt LogGroup.Arn` and
//! `DescribeLogGroups` return), so the log-group format also accepts a pattern
//! with a trailing `:*`.

use crate::catalog::{Action, ResourceRef};

/// Which of `/` and `:` a placeholder's value may contain.
///
/// Names come from the catalog's ARN formats. Anything not listed is a plain
/// name or id (bucket, function, project, account, region, ...).
pub(crate) fn placeholder_allows(name: &str) -> (bool, bool) {
    match name {
        // An S3 key is arbitrary text.
        "ObjectName" => (true, true),
        _ if name.ends_with("WithPath") || PATH_PLACEHOLDERS.contains(&name) => (true, false),
        _ => (false, false),
    }
}

/// Placeholders whose values AWS allows to contain `/`: log group names like
/// `/aws/codebuild/x`, ECR namespaces `team/app`, secret names `prod/db`,
/// KMS aliases, SSM parameter paths, partner event buses `aws.partner/...`.
const PATH_PLACEHOLDERS: &[&str] = &[
    "LogGroupName",
    "LogStreamName",
    "RepositoryName",
    "SecretId",
    "Alias",
    "EntityPath",
    "EventBusName",
    "EventSourceName",
    "ParameterNameWithoutLeadingSlash",
];

#[derive(Debug, Clone, Copy)]
enum FormatToken {
    Literal(u8),
    Placeholder { slash: bool, colon: bool },
}

#[derive(Debug, Clone, Copy)]
enum PatternToken {
    Literal(u8),
    /// `*`, or a substitution that may be a whole ARN.
    Any,
    /// `?`
    One,
    /// A substitution inside an ARN: one or more characters, none `:` or `/`.
    Name,
}

/// Splits `${...}` out of `text`; an unterminated `${` is literal text.
fn split_substitutions(text: &str) -> Vec<Result<u8, &str>> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("${")
            && let Some(end) = after.find('}')
        {
            out.push(Err(&after[..end]));
            rest = &after[end + 1..];
            continue;
        }
        // ARN formats are ASCII; a multi-byte character in a resource becomes
        // its bytes, which only ever match themselves.
        let width = rest.chars().next().map_or(1, char::len_utf8);
        out.extend(rest.as_bytes()[..width].iter().map(|&b| Ok(b)));
        rest = &rest[width..];
    }
    out
}

fn format_tokens(format: &str) -> Vec<FormatToken> {
    split_substitutions(format)
        .into_iter()
        .map(|part| match part {
            Ok(byte) => FormatToken::Literal(byte),
            Err(name) => {
                let (slash, colon) = placeholder_allows(name);
                FormatToken::Placeholder { slash, colon }
            }
        })
        .collect()
}

fn pattern_tokens(pattern: &str) -> Vec<PatternToken> {
    split_substitutions(pattern)
        .into_iter()
        .enumerate()
        .map(|(index, part)| match part {
            Ok(b'*') => PatternToken::Any,
            Ok(b'?') => PatternToken::One,
            Ok(byte) => PatternToken::Literal(byte),
            Err(name) if index == 0 || name.contains('.') => PatternToken::Any,
            Err(_) => PatternToken::Name,
        })
        .collect()
}

/// Can the format's next character (at `format[j]`, `inside` a placeholder
/// already or not) be `byte`? Returns the format state after it.
fn step_literal(format: &[FormatToken], j: usize, inside: bool, byte: u8) -> Option<usize> {
    match format.get(j)? {
        FormatToken::Literal(c) if !inside && *c == byte => Some(j + 1),
        FormatToken::Placeholder { slash, colon }
            if (byte != b'/' || *slash) && (byte != b':' || *colon) =>
        {
            Some(j)
        }
        _ => None,
    }
}

/// Whether the two languages intersect: a search over states
/// (pattern position, format position, inside a placeholder that already has
/// at least one character). Both sides are short, so the state space is tiny.
fn intersects(pattern: &[PatternToken], format: &[FormatToken]) -> bool {
    let (n, m) = (pattern.len(), format.len());
    let index = |i: usize, j: usize, inside: bool| (i * (m + 1) + j) * 2 + usize::from(inside);
    let mut seen = vec![false; (n + 1) * (m + 1) * 2];
    let mut stack = vec![(0usize, 0usize, false)];
    while let Some((i, j, inside)) = stack.pop() {
        let key = index(i, j, inside);
        if seen[key] {
            continue;
        }
        seen[key] = true;
        if i == n && j == m && !inside {
            return true;
        }
        let mut push = |state: (usize, usize, bool)| stack.push(state);
        // Close the current placeholder: its value is complete.
        if inside {
            push((i, j + 1, false));
        }
        // After consuming one character of the format, where are we?
        // A literal advances; a placeholder stays, now non-empty.
        let consume_any = |j: usize, inside: bool| -> Option<(usize, bool)> {
            match format.get(j)? {
                FormatToken::Literal(_) if !inside => Some((j + 1, false)),
                FormatToken::Literal(_) => None,
                FormatToken::Placeholder { .. } => Some((j, true)),
            }
        };
        let Some(token) = pattern.get(i) else {
            continue;
        };
        match *token {
            PatternToken::Literal(byte) => {
                if let Some(next) = step_literal(format, j, inside, byte) {
                    push((i + 1, next, next == j));
                }
            }
            PatternToken::One => {
                if let Some((next, now_inside)) = consume_any(j, inside) {
                    push((i + 1, next, now_inside));
                }
            }
            PatternToken::Any => {
                push((i + 1, j, inside));
                if let Some((next, now_inside)) = consume_any(j, inside) {
                    push((i, next, now_inside));
                }
            }
            PatternToken::Name => {
                // One character now; the rest of the value, if any, is
                // another `Name` step or ends here.
                let next = match format.get(j) {
                    Some(FormatToken::Literal(c)) if !inside && *c != b':' && *c != b'/' => {
                        Some((j + 1, false))
                    }
                    Some(FormatToken::Placeholder { .. }) => Some((j, true)),
                    _ => None,
                };
                if let Some((next, now_inside)) = next {
                    push((i + 1, next, now_inside));
                    push((i, next, now_inside));
                }
            }
        }
    }
    false
}

const LOG_GROUP_SUFFIX: &str = ":log-group:${LogGroupName}";

/// True when the statement resource `arn_pattern` can name some ARN of the
/// catalog `format` (see the module docs for the exact rules).
///
/// ```
/// use cicd_dsl_iam::arn_matches_format;
/// let object = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
/// assert!(arn_matches_format("arn:aws:s3:::my-bucket/*", object));
/// assert!(arn_matches_format("arn:${AWS::Partition}:s3:::${Bucket}/*", object));
/// assert!(!arn_matches_format("arn:aws:s3:::my-bucket", object));
/// ```
pub fn arn_matches_format(arn_pattern: &str, format: &str) -> bool {
    let format_toks = format_tokens(format);
    if intersects(&pattern_tokens(arn_pattern), &format_toks) {
        return true;
    }
    if format.ends_with(LOG_GROUP_SUFFIX)
        && let Some(group) = arn_pattern.strip_suffix(":*")
    {
        return intersects(&pattern_tokens(group), &format_toks);
    }
    false
}

/// How a statement resource relates to what an action can be scoped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceFit {
    /// The resource is `"*"`, which every action accepts.
    Star,
    /// The resource can name a resource of this type of the action.
    Matches(&'static ResourceRef),
    /// The action has no resource-level permissions: only `"*"` grants it,
    /// so a statement with this resource would not allow the action.
    NeedsStar,
    /// The action is scoped to resource types and the resource matches none
    /// of their ARN formats, so the statement would not allow the action.
    NoMatchingType,
    /// The resource is a substitution for a whole ARN (`${Bucket.Arn}`,
    /// `${RoleArn}`): its shape is known only at deploy time. Callers that
    /// know what the substitution refers to should rewrite it into an ARN
    /// pattern (e.g. `arn:${AWS::Partition}:s3:::${Bucket}`) and ask again.
    Unknown,
}

impl ResourceFit {
    /// False only when the statement provably cannot grant the action on this resource.
    pub fn can_grant(self) -> bool {
        !matches!(self, ResourceFit::NeedsStar | ResourceFit::NoMatchingType)
    }
}

/// Checks one statement resource (`"*"`, a concrete ARN, or an ARN pattern
/// with IAM wildcards and CloudFormation `${...}` substitutions) against the
/// ARN shapes `action` can be scoped to. Resource types are tried in the
/// catalog order (required first), and the first that matches is reported.
pub fn resource_fit(action: &Action, resource: &str) -> ResourceFit {
    if resource == "*" {
        return ResourceFit::Star;
    }
    if action.requires_wildcard_resource() {
        return ResourceFit::NeedsStar;
    }
    if resource.starts_with("${") && !resource.starts_with("${AWS::") {
        return ResourceFit::Unknown;
    }
    action
        .resources
        .iter()
        .find(|r| arn_matches_format(resource, r.arn_format))
        .map_or(ResourceFit::NoMatchingType, ResourceFit::Matches)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::lookup_action;

    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    const OBJECT: &str = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    const LOG_GROUP: &str = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";
    const LOG_STREAM: &str = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
    const FUNCTION: &str = "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}";

    fn fit(action: &str, resource: &str) -> ResourceFit {
        resource_fit(lookup_action(action).unwrap(), resource)
    }

    fn fits_type(action: &str, resource: &str) -> Option<&'static str> {
        match fit(action, resource) {
            ResourceFit::Matches(r) => Some(r.resource_type),
            _ => None,
        }
    }

    #[test]
    fn concrete_arns() {
        assert!(arn_matches_format("arn:aws:s3:::my-bucket", BUCKET));
        assert!(!arn_matches_format("arn:aws:s3:::my-bucket", OBJECT));
        assert!(arn_matches_format(
            "arn:aws:s3:::my-bucket/dir/key.txt",
            OBJECT
        ));
        assert!(!arn_matches_format(
            "arn:aws:s3:::my-bucket/dir/key.txt",
            BUCKET
        ));
        assert!(
            arn_matches_format("arn:aws:s3:::b/a:b", OBJECT),
            "keys may contain ':'"
        );
        assert!(
            !arn_matches_format("arn:aws:s3:::my-bucket/", OBJECT),
            "empty key"
        );
        assert!(!arn_matches_format(
            "arn:aws:s3:us-east-1::my-bucket",
            BUCKET
        ));
        assert!(!arn_matches_format(
            "arn:aws:sqs:us-east-1:123456789012:q",
            BUCKET
        ));
        assert!(arn_matches_format(
            "arn:aws:lambda:us-east-1:123456789012:function:tag-production",
            FUNCTION
        ));
        assert!(
            !arn_matches_format(
                "arn:aws:lambda:us-east-1:123456789012:function:f:live",
                FUNCTION
            ),
            "a qualified function ARN is not the unqualified function type"
        );
        assert!(
            !arn_matches_format(
                "arn:aws:lambda:us-east-1:123456789012:function:f:*",
                FUNCTION
            ),
            "IAM's well-known trap: `function:f:*` does not cover `function:f`"
        );
    }

    #[test]
    fn wildcards() {
        assert!(arn_matches_format("arn:aws:s3:::my-bucket/*", OBJECT));
        assert!(!arn_matches_format("arn:aws:s3:::my-bucket/*", BUCKET));
        assert!(arn_matches_format("arn:aws:s3:::*", BUCKET));
        assert!(arn_matches_format("arn:aws:s3:::*", OBJECT));
        assert!(
            arn_matches_format("arn:aws:s3:::my-bucket*", OBJECT),
            "`*` may cover `/key`"
        );
        assert!(arn_matches_format("arn:aws:s3:::my-bucke?", BUCKET));
        assert!(!arn_matches_format("arn:aws:s3:::my-bucke?", OBJECT));
        assert!(arn_matches_format("arn:*:s3:::b/*", OBJECT));
        assert!(arn_matches_format("*", OBJECT));
        assert!(arn_matches_format("arn:aws:logs:*:*:*", LOG_STREAM));
        assert!(!arn_matches_format("arn:aws:logs:*:*:*", OBJECT));
    }

    #[test]
    fn cloudformation_substitutions() {
        assert!(arn_matches_format(
            "arn:${AWS::Partition}:s3:::${Bucket}/*",
            OBJECT
        ));
        assert!(!arn_matches_format(
            "arn:${AWS::Partition}:s3:::${Bucket}/*",
            BUCKET
        ));
        assert!(arn_matches_format(
            "arn:${AWS::Partition}:s3:::${Bucket}",
            BUCKET
        ));
        assert!(
            !arn_matches_format("arn:${AWS::Partition}:s3:::${Bucket}", OBJECT),
            "an unknown name is not an object path"
        );
        assert!(arn_matches_format("arn:aws:s3:::${Bucket}-logs/*", OBJECT));
        assert!(arn_matches_format(
            "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${Fn}",
            FUNCTION
        ));
        assert!(
            arn_matches_format("${Bucket.Arn}/*", OBJECT),
            "whole-ARN substitution"
        );
        assert!(arn_matches_format("${Bucket.Arn}", BUCKET));
        assert!(arn_matches_format(
            "arn:aws:iam::123456789012:user/${aws:username}",
            "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}"
        ));
    }

    #[test]
    fn log_group_and_log_stream() {
        let group_star =
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/docker-build-project:*";
        let group =
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/docker-build-project";
        assert!(arn_matches_format(group_star, LOG_STREAM));
        assert!(
            arn_matches_format(group_star, LOG_GROUP),
            "AWS's documented log-group:NAME:* form"
        );
        assert!(arn_matches_format(group, LOG_GROUP));
        assert!(
            !arn_matches_format(group, LOG_STREAM),
            "a bare group ARN names no stream"
        );
        assert!(arn_matches_format(
            "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroup}:*",
            LOG_STREAM
        ));
        assert!(arn_matches_format(
            "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s",
            LOG_STREAM
        ));
        assert!(!arn_matches_format(
            "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s",
            LOG_GROUP
        ));
    }

    #[test]
    fn s3_object_and_bucket_actions() {
        assert_eq!(
            fit("s3:GetObject", "arn:aws:s3:::my-bucket"),
            ResourceFit::NoMatchingType
        );
        assert_eq!(
            fits_type("s3:GetObject", "arn:aws:s3:::my-bucket/*"),
            Some("object")
        );
        assert_eq!(
            fits_type("s3:GetObject", "arn:${AWS::Partition}:s3:::${Bucket}/*"),
            Some("object")
        );
        assert_eq!(
            fit("s3:ListBucket", "arn:aws:s3:::my-bucket/*"),
            ResourceFit::NoMatchingType
        );
        assert_eq!(
            fits_type("s3:ListBucket", "arn:aws:s3:::my-bucket"),
            Some("bucket")
        );
        assert_eq!(
            fits_type("s3:GetBucketVersioning", "arn:aws:s3:::my-bucket"),
            Some("bucket")
        );
        assert_eq!(
            fit("s3:GetBucketVersioning", "arn:aws:s3:::my-bucket/*"),
            ResourceFit::NoMatchingType
        );
    }

    #[test]
    fn star_only_actions() {
        assert_eq!(fit("ecr:GetAuthorizationToken", "*"), ResourceFit::Star);
        assert_eq!(
            fit(
                "ecr:GetAuthorizationToken",
                "arn:aws:ecr:us-east-1:123456789012:repository/docker-image-repo"
            ),
            ResourceFit::NeedsStar
        );
        assert_eq!(
            fit(
                "codepipeline:PutJobSuccessResult",
                "arn:aws:codepipeline:*:*:*"
            ),
            ResourceFit::NeedsStar
        );
        assert!(!ResourceFit::NeedsStar.can_grant());
    }

    #[test]
    fn wiring_actions() {
        let repo = "arn:aws:ecr:us-east-1:123456789012:repository/docker-image-repo";
        assert_eq!(fits_type("ecr:PutImage", repo), Some("repository"));
        assert_eq!(
            fits_type(
                "ecr:PutImage",
                "arn:aws:ecr:us-east-1:123456789012:repository/team/app"
            ),
            Some("repository")
        );
        assert_eq!(
            fit("ecr:PutImage", "arn:aws:s3:::docker-image-repo"),
            ResourceFit::NoMatchingType
        );

        let group_star = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/p:*";
        assert_eq!(
            fits_type("logs:PutLogEvents", group_star),
            Some("log-stream")
        );
        assert_eq!(
            fits_type("logs:CreateLogStream", group_star),
            Some("log-stream")
        );
        assert_eq!(
            fit(
                "logs:PutLogEvents",
                "arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/p"
            ),
            ResourceFit::NoMatchingType
        );

        assert_eq!(
            fits_type(
                "codebuild:StartBuild",
                "arn:aws:codebuild:us-east-1:123456789012:project/docker-build-project"
            ),
            Some("project")
        );
        assert_eq!(
            fits_type(
                "lambda:InvokeFunction",
                "arn:aws:lambda:us-east-1:123456789012:function:tag-production"
            ),
            Some("function")
        );
        assert_eq!(
            fits_type(
                "events:PutEvents",
                "arn:aws:events:us-east-1:123456789012:event-bus/default"
            ),
            Some("event-bus")
        );
        let role = "arn:aws:iam::123456789012:role/service-role/build-role";
        assert_eq!(fits_type("iam:PassRole", role), Some("role"));
        assert_eq!(
            fits_type(
                "sts:AssumeRole",
                "arn:aws:iam::123456789012:role/build-role"
            ),
            Some("role")
        );
        assert_eq!(
            fit("iam:PassRole", "arn:aws:iam::123456789012:user/alice"),
            ResourceFit::NoMatchingType
        );
    }

    #[test]
    fn whole_arn_substitution_is_unknown_not_an_error() {
        let fit = fit("s3:GetObject", "${Artifacts.Arn}");
        assert_eq!(fit, ResourceFit::Unknown);
        assert!(fit.can_grant());
    }

    #[test]
    fn path_placeholders_exist_in_the_catalog() {
        // A misspelt entry would silently fall back to "no `/` allowed".
        let formats: Vec<&str> = crate::all_actions()
            .iter()
            .flat_map(|a| a.resources.iter().map(|r| r.arn_format))
            .collect();
        for name in PATH_PLACEHOLDERS.iter().chain(&["ObjectName"]) {
            let needle = format!("${{{name}}}");
            assert!(
                formats.iter().any(|f| f.contains(&needle)),
                "{name} is in no ARN format"
            );
        }
    }

    #[test]
    fn every_catalog_format_matches_its_own_example_and_star() {
        for action in crate::all_actions() {
            for resource in action.resources {
                let example = crate::example_arn(resource.arn_format);
                assert!(
                    arn_matches_format(&example, resource.arn_format),
                    "{}: {example} vs {}",
                    action.name,
                    resource.arn_format
                );
                assert!(
                    matches!(resource_fit(action, &example), ResourceFit::Matches(_)),
                    "{}: {example}",
                    action.name
                );
                assert!(arn_matches_format("*", resource.arn_format));
            }
        }
    }

    #[test]
    fn substitution_parsing() {
        assert!(
            arn_matches_format("arn:aws:s3:::${unterminated", BUCKET),
            "an unterminated substitution is literal text"
        );
        assert!(
            arn_matches_format("arn:aws:s3:::bücket", BUCKET),
            "non-ASCII is consumed safely"
        );
    }
}
