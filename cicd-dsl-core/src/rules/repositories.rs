//! Repository settings that contradict how the stack uses the repository.

use super::Finding;
use crate::model::{Access, Grant, ResourceKind, StackDef, TagMutability};
use crate::model::{FieldPath, Path};

/// Moving a tag (`retag`) onto another image of an `IMMUTABLE` repository
/// fails with `ImageTagAlreadyExistsException` once the tag exists.
pub fn immutable_retag(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for resource in &stack.resources {
        let grants: &[Grant] = match &resource.kind {
            ResourceKind::Function(f) => &f.grants,
            ResourceKind::Role(r) => &r.grants,
            _ => continue,
        };
        for (i, grant) in grants.iter().enumerate() {
            if grant.access != Access::Retag {
                continue;
            }
            let repo = &grant.target.item;
            if let Some(ResourceKind::Repository(r)) = stack.resource(repo).map(|r| &r.kind)
                && r.tag_mutability == TagMutability::Immutable
            {
                findings.push(
                    Finding::error(
                        "immutable-retag",
                        Path::new(&resource.id, FieldPath::grant(i)),
                        format!(
                            "`{repo}` has immutable tags, so moving a tag to a newer image fails with ImageTagAlreadyExistsException"
                        ),
                    )
                    .with_help(format!(
                        "make `{repo}` mutable (the default), or do not move tags"
                    )),
                );
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attr, ItemRef, Repository, Resource, Role};

    fn stack(mutability: TagMutability) -> StackDef {
        let resource = |id: &str, kind| Resource::new(id, kind);
        StackDef::new(
            "s",
            vec![
                resource(
                    "Images",
                    ResourceKind::Repository(Repository {
                        tag_mutability: mutability,
                        ..Repository::default()
                    }),
                ),
                resource(
                    "Tagger",
                    ResourceKind::Role(Role {
                        grants: vec![
                            Grant {
                                target: ItemRef::new("Images", Attr::Arn),
                                access: Access::Pull,
                            },
                            Grant {
                                target: ItemRef::new("Images", Attr::Arn),
                                access: Access::Retag,
                            },
                        ],
                        ..Role::default()
                    }),
                ),
            ],
        )
    }

    #[test]
    fn retag_needs_mutable_tags() {
        assert!(immutable_retag(&stack(TagMutability::Mutable)).is_empty());
        let f = immutable_retag(&stack(TagMutability::Immutable));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].item, "Tagger");
        assert_eq!(f[0].field_text().as_deref(), Some("grants.1"));
    }
}
