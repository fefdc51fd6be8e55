//! Whether the stack's region offers every type the stack uses. Not every
//! region offers every type (the catalog's region table, from cfn-lint's
//! per-region provider lists, which list the types CloudFormation's registry
//! holds in each region): generic items can be of any type, and among the
//! built-in kinds' types `AWS::CodeBuild::Project` is missing from
//! ap-east-2, ca-west-1 and mx-central-1 in that table. Each item's main
//! type is checked; the helper types the kinds add (IAM and bucket
//! policies, Lambda permissions) are offered in every region.

use super::SynthError;
use crate::model::StackDef;
use cicd_dsl_cfn::Catalog;

/// `Ok` when `region` offers the type of every item, or when the
/// catalog does not know the region (a region that cannot exist is the
/// configuration's error, not this check's).
pub fn check_region(stack: &StackDef, region: &str) -> Result<(), SynthError> {
    if !Catalog::regions().contains(&region) {
        return Ok(());
    }
    let missing: Vec<(String, String)> = stack
        .resources
        .iter()
        .map(|r| (r, r.cfn_type()))
        .filter(|(_, t)| Catalog::contains(t) && !Catalog::offered_in(t, region))
        .map(|(r, t)| (r.id.clone(), t.to_owned()))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let offered = Catalog::regions_offering(&missing[0].1).unwrap_or_default();
    Err(SynthError::NotOffered {
        region: region.to_owned(),
        items: missing
            .iter()
            .map(|(id, t)| format!("`{id}` ({t})"))
            .collect::<Vec<_>>()
            .join(", "),
        first_type: missing[0].1.clone(),
        offered_in: if offered.is_empty() {
            "no region".to_owned()
        } else {
            offered.join(", ")
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Generic, Resource, ResourceKind};

    fn stack(type_name: &str) -> StackDef {
        StackDef::new(
            "s",
            vec![Resource::new(
                "Item",
                ResourceKind::Generic(Generic::new(type_name)),
            )],
        )
    }

    #[test]
    fn a_type_the_region_lacks_is_named_with_the_region() {
        let only_somewhere = Catalog::type_names()
            .find(|t| {
                !Catalog::is_sam(t)
                    && !Catalog::offered_in(t, "us-east-1")
                    && Catalog::regions_offering(t).is_some_and(|r| !r.is_empty())
            })
            .expect("some type is not offered in us-east-1");
        let error = check_region(&stack(only_somewhere), "us-east-1").unwrap_err();
        let text = error.to_string();
        assert!(text.contains("us-east-1"), "{text}");
        assert!(text.contains(only_somewhere), "{text}");
        assert!(check_region(&stack("AWS::SQS::Queue"), "us-east-1").is_ok());
        assert!(check_region(&stack(only_somewhere), "xx-nowhere-1").is_ok());
    }

    #[test]
    fn a_built_in_kinds_type_is_checked_too() {
        // cfn-lint's provider list of ca-west-1 has no AWS::CodeBuild::Project.
        assert!(!Catalog::offered_in("AWS::CodeBuild::Project", "ca-west-1"));
        let project = StackDef::new(
            "s",
            vec![Resource::new(
                "Build",
                ResourceKind::Project(crate::model::Project {
                    name: None,
                    compute: crate::model::ComputeType::Small,
                    image: "aws/codebuild/standard:7.0".into(),
                    privileged: false,
                    role: "Role".into(),
                    logs: None,
                    pushes_to: None,
                    buildspec: "buildspec.yml".into(),
                    timeout_minutes: 10,
                    environment: Default::default(),
                }),
            )],
        );
        let text = check_region(&project, "ca-west-1").unwrap_err().to_string();
        assert!(
            text.starts_with(
                "`Build` (AWS::CodeBuild::Project): ca-west-1 does not offer this type"
            ),
            "{text}"
        );
        assert!(check_region(&project, "eu-west-1").is_ok());
    }
}
