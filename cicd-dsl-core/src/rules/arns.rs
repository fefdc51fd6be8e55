//! Statement resources as ARN patterns, so the IAM catalog can judge them.
//!
//! An item's physical name is known only at deploy time, so it appears as a
//! `${Item}` substitution: the catalog's matcher reads that as one name-like
//! value. The shapes are those of each kind's ARN (for a pipeline, the one
//! `synth::pipeline_arn` builds); a log group's ARN is the `:*` form that
//! `Fn::GetAtt LogGroup.Arn` returns.

use crate::model::{Kind, Resource, ResourceKind, StackDef, StatementResource};

/// The ARN pattern of item `id` of `kind`, with `suffix` (such as `/*` for
/// a bucket's objects) appended.
pub fn item_arn_pattern(kind: Kind, id: &str, suffix: &str) -> String {
    const P: &str = "${AWS::Partition}";
    const R: &str = "${AWS::Region}";
    const A: &str = "${AWS::AccountId}";
    let x = format!("${{{id}}}");
    let arn = match kind {
        Kind::Bucket => format!("arn:{P}:s3:::{x}"),
        Kind::Repository => format!("arn:{P}:ecr:{R}:{A}:repository/{x}"),
        Kind::LogGroup => format!("arn:{P}:logs:{R}:{A}:log-group:{x}:*"),
        Kind::Role => format!("arn:{P}:iam::{A}:role/{x}"),
        Kind::Project => format!("arn:{P}:codebuild:{R}:{A}:project/{x}"),
        Kind::Function => format!("arn:{P}:lambda:{R}:{A}:function:{x}"),
        Kind::Pipeline => format!("arn:{P}:codepipeline:{R}:{A}:{x}"),
        Kind::Rule => format!("arn:{P}:events:{R}:{A}:rule/{x}"),
        // A generic item's ARN depends on its type: `resource_arn_pattern`.
        Kind::Generic => x,
    };
    format!("{arn}{suffix}")
}

/// The ARN pattern of an item of the stack, built-in or generic; `None`
/// for a generic type whose ARN shape the IAM catalog does not know.
pub fn resource_arn_pattern(resource: &Resource, suffix: &str) -> Option<String> {
    match &resource.kind {
        ResourceKind::Generic(g) => generic_arn_pattern(&g.type_name, &resource.id, suffix),
        _ => Some(item_arn_pattern(resource.kind(), &resource.id, suffix)),
    }
}

/// A generic type's ARN pattern, from the IAM catalog's resource type of
/// the same service and name (`AWS::DynamoDB::Table` is `dynamodb`'s
/// `table`, `AWS::Logs::LogGroup` is `logs`'s `log-group`), when its ARN
/// format has one name part.
pub fn generic_arn_pattern(type_name: &str, id: &str, suffix: &str) -> Option<String> {
    let mut parts = type_name.split("::");
    let (Some(_), Some(service), Some(name), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let service = service.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    let format = cicd_dsl_iam::service_actions(&service)
        .iter()
        .flat_map(|action| action.resources)
        .find(|r| r.resource_type.replace('-', "").to_ascii_lowercase() == name)?
        .arn_format;
    let arn = format
        .replace("${Partition}", "${AWS::Partition}")
        .replace("${Region}", "${AWS::Region}")
        .replace("${Account}", "${AWS::AccountId}");
    let names: Vec<&str> = arn
        .match_indices("${")
        .map(|(i, _)| &arn[i..])
        .filter(|rest| !rest.starts_with("${AWS::"))
        .collect();
    if names.len() != 1 {
        return None;
    }
    let placeholder = &names[0][..names[0].find('}')? + 1];
    Some(format!(
        "{}{suffix}",
        arn.replace(placeholder, &format!("${{{id}}}"))
    ))
}

/// A statement resource as the text `resource_fit` takes: `*`, the literal
/// ARN, or the item's ARN pattern. `None` when the item is not in the stack
/// (that is the `unknown-item` rule's finding).
pub fn resource_pattern(stack: &StackDef, resource: &StatementResource) -> Option<String> {
    match resource {
        StatementResource::Any => Some("*".into()),
        StatementResource::Arn(arn) => Some(arn.clone()),
        StatementResource::Item { item, suffix } => stack
            .resource(&item.item)
            .and_then(|r| resource_arn_pattern(r, suffix)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cicd_dsl_iam::{ResourceFit, lookup_action, resource_fit};

    fn fits(action: &str, kind: Kind, suffix: &str) -> bool {
        let pattern = item_arn_pattern(kind, "Item", suffix);
        matches!(
            resource_fit(lookup_action(action).unwrap(), &pattern),
            ResourceFit::Matches(_)
        )
    }

    #[test]
    fn each_kind_matches_its_own_actions() {
        assert!(fits("s3:GetBucketVersioning", Kind::Bucket, ""));
        assert!(!fits("s3:GetObject", Kind::Bucket, ""));
        assert!(fits("s3:GetObject", Kind::Bucket, "/*"));
        assert!(fits("ecr:PutImage", Kind::Repository, ""));
        assert!(fits("logs:PutLogEvents", Kind::LogGroup, ""));
        assert!(fits("iam:PassRole", Kind::Role, ""));
        assert!(fits("codebuild:StartBuild", Kind::Project, ""));
        assert!(fits("lambda:InvokeFunction", Kind::Function, ""));
        assert!(fits(
            "codepipeline:StartPipelineExecution",
            Kind::Pipeline,
            ""
        ));
        assert!(fits("events:PutRule", Kind::Rule, ""));
    }

    #[test]
    fn generic_types_take_the_iam_catalogs_arn_shape() {
        let table = generic_arn_pattern("AWS::DynamoDB::Table", "Orders", "").unwrap();
        assert_eq!(
            table,
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Orders}"
        );
        let fit = |action: &str, pattern: &str| {
            matches!(
                resource_fit(lookup_action(action).unwrap(), pattern),
                ResourceFit::Matches(_)
            )
        };
        assert!(fit("dynamodb:PutItem", &table));
        assert!(!fit("sqs:SendMessage", &table));
        let queue = generic_arn_pattern("AWS::SQS::Queue", "Jobs", "").unwrap();
        assert!(fit("sqs:SendMessage", &queue));
        assert!(generic_arn_pattern("AWS::Foo::Bar", "X", "").is_none());
    }

    #[test]
    fn kinds_do_not_match_other_services() {
        assert!(!fits("ecr:PutImage", Kind::Bucket, ""));
        assert!(!fits("lambda:InvokeFunction", Kind::Project, ""));
        assert!(!fits("s3:GetObject", Kind::Repository, "/*"));
    }
}
