//! Whether the stack's region offers every type the stack uses. Generic
//! items can be of any type, and not every region offers every type
//! (the catalog's region table, from cfn-lint's per-region provider lists);
//! the built-in kinds' types are offered everywhere.

use super::SynthError;
use crate::model::{ResourceKind, StackDef};
use cicd_dsl_cfn::Catalog;

/// `Ok` when `region` offers the type of every generic item, or when the
/// catalog does not know the region (a region that cannot exist is the
/// configuration's error, not this check's).
pub fn check_region(stack: &StackDef, region: &str) -> Result<(), SynthError> {
    if !Catalog::regions().contains(&region) {
        return Ok(());
    }
    let missing: Vec<(String, String)> = stack
        .resources
        .iter()
        .filter_map(|r| match &r.kind {
            ResourceKind::Generic(g)
                if Catalog::contains(&g.type_name)
                    && !Catalog::offered_in(&g.type_name, region) =>
            {
                Some((r.id.clone(), g.type_name.clone()))
            }
            _ => None,
        })
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
    use crate::model::{Generic, Resource};

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
}
