//! Rules about how items are wired together.

use super::Finding;
use crate::model::{FieldPath, Path};
use crate::model::{Kind, ResourceKind, ServicePrincipal, StackDef};

/// The service that assumes a role given to an item of `kind`.
fn assuming_service(kind: Kind) -> Option<ServicePrincipal> {
    match kind {
        Kind::Project => Some(ServicePrincipal::CodeBuild),
        Kind::Function => Some(ServicePrincipal::Lambda),
        Kind::Pipeline => Some(ServicePrincipal::CodePipeline),
        Kind::Rule => Some(ServicePrincipal::Events),
        _ => None,
    }
}

/// A role used by a service must trust that service.
pub fn role_assumable_by_user(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    for resource in &stack.resources {
        let Some(service) = assuming_service(resource.kind()) else {
            continue;
        };
        for reference in resource.kind.references() {
            if reference.field != FieldPath::from("role") {
                continue;
            }
            let Some(role) = stack.resource(&reference.target.item) else {
                continue;
            };
            let ResourceKind::Role(role_def) = &role.kind else {
                continue;
            };
            if !role_def.assumed_by.contains(&service) {
                let trusted: Vec<&str> = role_def.assumed_by.iter().map(|p| p.ident()).collect();
                findings.push(
                    Finding::error(
                        "role-not-assumable",
                        Path::new(&resource.id, "role"),
                        format!(
                            "{} `{}` cannot assume `{}`: the role trusts only {}",
                            resource.kind().noun(),
                            resource.id,
                            role.id,
                            if trusted.is_empty() {
                                "no service".to_owned()
                            } else {
                                trusted.join(", ")
                            }
                        ),
                    )
                    .with_help(format!(
                        "add `{}` to `assumed_by` of `{}`, or give `{}` a role assumed by {}",
                        service.ident(),
                        role.id,
                        resource.id,
                        service.ident()
                    )),
                );
            }
        }
    }
    findings
}
