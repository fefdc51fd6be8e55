//! `deploy` taking existing resources into the stack instead of creating
//! them: buckets, repositories and log groups that `destroy` kept (they
//! keep their names, so creating them again fails), or a resource the user
//! names with `--import Item=identifier`. An IMPORT change set adopts them
//! first (their data stays), then the usual change set deploys the rest.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::aws::AwsClients;
use crate::confirm::Confirm;
use crate::deploy::DeployRequest;
use crate::error::DeployError;
use crate::existing_resources::{
    IMPORTABLE, Kept, Presence, holding_stack, identifier_key, kept_by_last_delete, presence,
};
use crate::import_change_set::{ToImport, import_template, references_outside, run_import};
use crate::reporter::{Reporter, Style};
use crate::stack_state::{StackInfo, deployed_template};

/// What the user allows `deploy` to import.
#[derive(Debug, Clone, Default)]
pub struct Adoption {
    /// `--adopt-existing`: import, without asking, resources found in the
    /// account outside any stack under an item's name.
    pub adopt_existing: bool,
    /// `--import Item=identifier`: (logical id, primary identifier).
    pub imports: Vec<(String, String)>,
}

/// How a resource to import was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FoundBy {
    /// `--import Item=identifier`.
    Given,
    /// The item's explicit name (`BucketName`, ...) is taken by a resource
    /// in no stack.
    SameName,
    /// The last deletion of this stack kept it (`DELETE_SKIPPED`).
    KeptByDestroy,
}

/// A resource `deploy` imported into the stack (`--output json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdoptedResource {
    pub logical_id: String,
    pub resource_type: String,
    pub identifier: String,
    pub found_by: FoundBy,
}

#[derive(Debug, thiserror::Error)]
pub enum AdoptionError {
    #[error("--import {item}: the stack has no item {item}")]
    UnknownItem { item: String },
    #[error(
        "--import {item}: {resource_type} cannot be imported by deploy (it imports {}); create it from the code or leave it out of the stack",
        importable_types()
    )]
    NotImportable { item: String, resource_type: String },
    #[error("--import {item}: {item} is already in stack {stack}")]
    AlreadyInStack { item: String, stack: String },
    #[error(
        "--import {item}={identifier}: no {resource_type} named {identifier} exists in this account and region; check the name, or leave --import out to create it"
    )]
    Missing {
        item: String,
        resource_type: String,
        identifier: String,
    },
    #[error(
        "--import {item}={identifier}: the {resource_type} {identifier} belongs to another account"
    )]
    Foreign {
        item: String,
        resource_type: String,
        identifier: String,
    },
    #[error(
        "--import {item}={identifier}: the {resource_type} {identifier} is already in stack {holder}; only a resource in no stack can be imported"
    )]
    Held {
        item: String,
        resource_type: String,
        identifier: String,
        holder: String,
    },
    #[error(
        "--import {item}: {item} refers to {}, which the stack does not hold yet, so it cannot be imported before them",
        .refers_to.join(", ")
    )]
    RefersToNew {
        item: String,
        refers_to: Vec<String>,
    },
    #[error(
        "{} already exist in the account outside any stack (kept by an earlier destroy or rolled-back create, or made by hand); pass --adopt-existing to import them into {stack}, or delete them to create them anew",
        describe(.found)
    )]
    NeedsAdoptFlag {
        stack: String,
        found: Vec<AdoptedResource>,
    },
    #[error(
        "{} already exist in the account outside any stack; a saved plan (--no-execute) changes nothing, so it cannot import them: run deploy (with --adopt-existing) once first, then plan",
        describe(.found)
    )]
    NotInPlan {
        stack: String,
        found: Vec<AdoptedResource>,
    },
}

fn importable_types() -> String {
    IMPORTABLE
        .iter()
        .map(|(ty, _)| *ty)
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe(found: &[AdoptedResource]) -> String {
    found
        .iter()
        .map(|f| format!("{} ({} {})", f.logical_id, f.resource_type, f.identifier))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Imports what is to be imported before the deploy's change set, and
/// returns the stack to deploy onto (created by the import when there was
/// none) with what was imported. Without `--import`, an existing stack
/// costs no call: only a stack being created looks for kept resources.
pub(crate) async fn adopt_before_deploy(
    clients: &AwsClients,
    request: &DeployRequest,
    proposed: &Value,
    existing: Option<StackInfo>,
    adoption: &Adoption,
    reporter: &Reporter,
) -> Result<(Option<StackInfo>, Vec<AdoptedResource>), DeployError> {
    let stack_name = request.stack_name.as_str();
    if existing.is_some() && adoption.imports.is_empty() {
        return Ok((existing, Vec::new()));
    }
    let deployed = match &existing {
        Some(stack) => Some(deployed_template(&clients.cloudformation, &stack.id).await?),
        None => None,
    };
    let kept = match existing {
        Some(_) => BTreeMap::new(),
        None => kept_by_last_delete(clients, stack_name).await?,
    };
    let held: BTreeSet<String> = resource_ids(deployed.as_ref());
    let proposals = proposals(proposed, &held, &kept, adoption, stack_name)?;
    let found = confirmed_present(clients, proposals).await?;
    let found = leave_out_unresolvable(proposed, &held, found, reporter)?;
    if found.is_empty() {
        return Ok((existing, Vec::new()));
    }
    // A saved plan changes nothing, and an import changes the stack.
    if request.change_set.leave_for_later {
        return Err(AdoptionError::NotInPlan {
            stack: stack_name.to_owned(),
            found,
        }
        .into());
    }
    review(stack_name, &found, adoption, &request.confirm, reporter)?;
    let imports: Vec<ToImport> = found
        .iter()
        .map(|f| ToImport {
            logical_id: f.logical_id.clone(),
            resource_type: f.resource_type.clone(),
            identifier: f.identifier.clone(),
        })
        .collect();
    let template = import_template(proposed, deployed.as_ref(), &imports);
    let stack = run_import(
        clients,
        request,
        existing.as_ref(),
        &template,
        &imports,
        reporter,
    )
    .await?;
    Ok((Some(stack), found))
}

fn resource_ids(template: Option<&Value>) -> BTreeSet<String> {
    template
        .and_then(|t| t.get("Resources"))
        .and_then(Value::as_object)
        .map(|r| r.keys().cloned().collect())
        .unwrap_or_default()
}

/// The resources the template and the flags propose to import, before
/// asking AWS whether they are there: every `--import`, and, for items the
/// stack does not hold, the explicit name of an importable item or what
/// the last deletion of this stack kept under the item's logical id.
fn proposals(
    proposed: &Value,
    held: &BTreeSet<String>,
    kept: &BTreeMap<String, Kept>,
    adoption: &Adoption,
    stack_name: &str,
) -> Result<Vec<AdoptedResource>, AdoptionError> {
    let resources = proposed
        .get("Resources")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut found = Vec::new();
    for (item, identifier) in &adoption.imports {
        let body = resources
            .get(item)
            .ok_or_else(|| AdoptionError::UnknownItem { item: item.clone() })?;
        let resource_type = body.get("Type").and_then(Value::as_str).unwrap_or_default();
        if identifier_key(resource_type).is_none() {
            return Err(AdoptionError::NotImportable {
                item: item.clone(),
                resource_type: resource_type.to_owned(),
            });
        }
        if held.contains(item) {
            return Err(AdoptionError::AlreadyInStack {
                item: item.clone(),
                stack: stack_name.to_owned(),
            });
        }
        found.push(AdoptedResource {
            logical_id: item.clone(),
            resource_type: resource_type.to_owned(),
            identifier: identifier.clone(),
            found_by: FoundBy::Given,
        });
    }
    let given: BTreeSet<&String> = adoption.imports.iter().map(|(item, _)| item).collect();
    for (item, body) in &resources {
        if held.contains(item) || given.contains(item) {
            continue;
        }
        let resource_type = body.get("Type").and_then(Value::as_str).unwrap_or_default();
        let Some(key) = identifier_key(resource_type) else {
            continue;
        };
        let named = body
            .pointer(&format!("/Properties/{key}"))
            .and_then(Value::as_str);
        let (identifier, found_by) = match (named, kept.get(item)) {
            (Some(name), _) => (name.to_owned(), FoundBy::SameName),
            (None, Some(k)) if k.resource_type == resource_type => {
                (k.physical_id.clone(), FoundBy::KeptByDestroy)
            }
            _ => continue,
        };
        found.push(AdoptedResource {
            logical_id: item.clone(),
            resource_type: resource_type.to_owned(),
            identifier,
            found_by,
        });
    }
    Ok(found)
}

/// Keeps the proposals that exist in this account and are in no stack. A
/// `--import` that does not is an error; a resource only found by name
/// that does not is simply created, as before.
async fn confirmed_present(
    clients: &AwsClients,
    proposals: Vec<AdoptedResource>,
) -> Result<Vec<AdoptedResource>, DeployError> {
    let mut found = Vec::new();
    for p in proposals {
        let given = p.found_by == FoundBy::Given;
        let (item, resource_type, identifier) = (
            p.logical_id.clone(),
            p.resource_type.clone(),
            p.identifier.clone(),
        );
        match presence(clients, &p.resource_type, &p.identifier).await? {
            Presence::Present => {}
            Presence::Absent if given => {
                return Err(AdoptionError::Missing {
                    item,
                    resource_type,
                    identifier,
                }
                .into());
            }
            Presence::Foreign if given => {
                return Err(AdoptionError::Foreign {
                    item,
                    resource_type,
                    identifier,
                }
                .into());
            }
            Presence::Absent | Presence::Foreign => continue,
        }
        match holding_stack(clients, &p.resource_type, &p.identifier).await? {
            None => found.push(p),
            Some(holder) if given => {
                return Err(AdoptionError::Held {
                    item: p.logical_id,
                    resource_type: p.resource_type,
                    identifier: p.identifier,
                    holder,
                }
                .into());
            }
            // Another stack's: the create fails as CloudFormation says.
            Some(_) => {}
        }
    }
    Ok(found)
}

/// An import may not refer to what the stack does not hold yet. A
/// `--import` that would is an error; a found resource that would is
/// created instead (and that create says why it fails), with a note.
fn leave_out_unresolvable(
    proposed: &Value,
    held: &BTreeSet<String>,
    found: Vec<AdoptedResource>,
    reporter: &Reporter,
) -> Result<Vec<AdoptedResource>, AdoptionError> {
    let mut known: BTreeSet<String> = held.clone();
    known.extend(found.iter().map(|f| f.logical_id.clone()));
    if let Some(parameters) = proposed.get("Parameters").and_then(Value::as_object) {
        known.extend(parameters.keys().cloned());
    }
    let mut kept = Vec::new();
    for f in found {
        let body = proposed
            .pointer(&format!("/Resources/{}", f.logical_id))
            .cloned()
            .unwrap_or_default();
        let outside = references_outside(&body, &known);
        if outside.is_empty() {
            kept.push(f);
        } else if f.found_by == FoundBy::Given {
            return Err(AdoptionError::RefersToNew {
                item: f.logical_id,
                refers_to: outside,
            });
        } else {
            reporter.say(&format!(
                "{} ({} {}) exists outside any stack but refers to {}, which the stack does not hold yet: not imported",
                f.logical_id,
                f.resource_type,
                f.identifier,
                outside.join(", ")
            ));
        }
    }
    Ok(kept)
}

fn show(reporter: &Reporter, stack_name: &str, found: &[AdoptedResource]) {
    reporter.styled(
        Style::Heading,
        &format!(
            "Existing resources to import into {stack_name} (kept as they are, data and all):"
        ),
    );
    for f in found {
        let why = match f.found_by {
            FoundBy::Given => "named by --import",
            FoundBy::SameName => "in no stack, under the item's name",
            FoundBy::KeptByDestroy => "kept by the last destroy of this stack",
        };
        reporter.styled(
            Style::Changed,
            &format!(
                "  [<] Import   {:<32} {:<20} {}  ({why})",
                f.resource_type, f.logical_id, f.identifier
            ),
        );
    }
}

/// Shows what is to be imported and gets the go-ahead: `--import` is
/// consent for what it names; found resources need `--adopt-existing`, or
/// a yes on the terminal. A refusal is one line, shown without the list
/// (the line names them).
fn review(
    stack_name: &str,
    found: &[AdoptedResource],
    adoption: &Adoption,
    confirm: &Confirm,
    reporter: &Reporter,
) -> Result<(), DeployError> {
    let unasked: Vec<AdoptedResource> = found
        .iter()
        .filter(|f| f.found_by != FoundBy::Given)
        .cloned()
        .collect();
    let must_ask = !unasked.is_empty() && !adoption.adopt_existing;
    if must_ask && !matches!(confirm, Confirm::Prompt(_)) {
        return Err(AdoptionError::NeedsAdoptFlag {
            stack: stack_name.to_owned(),
            found: unasked,
        }
        .into());
    }
    show(reporter, stack_name, found);
    if must_ask {
        confirm.ask(
            reporter,
            &format!(
                "Import these into {stack_name} instead of creating them (creating them would fail: their names are taken)?"
            ),
            "import them",
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template() -> Value {
        json!({"Resources": {
            "Artifacts": {"Type": "AWS::S3::Bucket"},
            "Images": {"Type": "AWS::ECR::Repository", "Properties": {"RepositoryName": "repo"}},
            "Role": {"Type": "AWS::IAM::Role"}
        }})
    }

    #[test]
    fn names_and_what_destroy_kept_are_proposed_for_items_the_stack_lacks() {
        let kept: BTreeMap<String, Kept> = [(
            "Artifacts".to_owned(),
            Kept {
                resource_type: "AWS::S3::Bucket".to_owned(),
                physical_id: "app-artifacts-1x2y".to_owned(),
            },
        )]
        .into();
        let found = proposals(
            &template(),
            &BTreeSet::new(),
            &kept,
            &Adoption::default(),
            "app",
        )
        .unwrap();
        let ids: Vec<(&str, &str, FoundBy)> = found
            .iter()
            .map(|f| (f.logical_id.as_str(), f.identifier.as_str(), f.found_by))
            .collect();
        assert_eq!(
            ids,
            vec![
                ("Artifacts", "app-artifacts-1x2y", FoundBy::KeptByDestroy),
                ("Images", "repo", FoundBy::SameName)
            ]
        );
        let held: BTreeSet<String> = ["Images".to_owned()].into();
        let found = proposals(
            &template(),
            &held,
            &BTreeMap::new(),
            &Adoption::default(),
            "app",
        )
        .unwrap();
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn an_import_of_an_unknown_item_a_type_without_import_or_a_held_item_is_refused() {
        let with = |item: &str| Adoption {
            adopt_existing: false,
            imports: vec![(item.to_owned(), "x".to_owned())],
        };
        let held: BTreeSet<String> = ["Images".to_owned()].into();
        let refuse = |item: &str| {
            proposals(&template(), &held, &BTreeMap::new(), &with(item), "app")
                .unwrap_err()
                .to_string()
        };
        assert_eq!(refuse("Nope"), "--import Nope: the stack has no item Nope");
        assert_eq!(
            refuse("Role"),
            "--import Role: AWS::IAM::Role cannot be imported by deploy (it imports AWS::S3::Bucket, AWS::ECR::Repository, AWS::Logs::LogGroup); create it from the code or leave it out of the stack"
        );
        assert_eq!(
            refuse("Images"),
            "--import Images: Images is already in stack app"
        );
    }
}
