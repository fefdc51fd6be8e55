//! Statement resources as ARN patterns, so the IAM catalog can judge them.
//!
//! An item's physical name is known only at deploy time, so it appears as a
//! `${Item}` substitution: the catalog's matcher reads that as one name-like
//! value. The shapes are those of each kind's ARN (for a pipeline, the one
//! `synth::pipeline_arn` builds); a log group's ARN is the `:*` form that
//! `Fn::GetAtt LogGroup.Arn` returns.

use crate::model::{Kind, StackDef, StatementResource};

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
    };
    format!("{arn}{suffix}")
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
            .map(|r| item_arn_pattern(r.kind(), &r.id, suffix)),
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
    fn kinds_do_not_match_other_services() {
        assert!(!fits("ecr:PutImage", Kind::Bucket, ""));
        assert!(!fits("lambda:InvokeFunction", Kind::Project, ""));
        assert!(!fits("s3:GetObject", Kind::Repository, "/*"));
    }
}
