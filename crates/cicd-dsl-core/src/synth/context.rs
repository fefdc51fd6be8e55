//! What every resource synthesizer needs to know about the stack around it.

use super::SynthError;
use super::expr;
use super::names::physical_name;
use crate::model::{ItemRef, Kind, Resource, ResourceKind, StackDef};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// Settings that come from configuration, not from the stack's code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SynthConfig {
    /// Overrides the stack's declared name.
    pub stack_name: Option<String>,
    /// Prepended to every explicit physical name (after the last `/` of a
    /// log group name), so two copies of a stack can share an account.
    pub name_prefix: String,
    /// Added to every taggable resource; they override the stack's tags.
    pub extra_tags: BTreeMap<String, String>,
    /// SHA-256 (hex) of each built code asset, by cargo package name.
    pub assets: BTreeMap<String, String>,
}

pub(super) struct Context<'a> {
    pub stack: &'a StackDef,
    pub config: &'a SynthConfig,
    /// Merged stack tags and configured tags.
    pub base_tags: BTreeMap<String, String>,
}

impl<'a> Context<'a> {
    pub fn new(stack: &'a StackDef, config: &'a SynthConfig) -> Result<Self, SynthError> {
        for (from, reference) in stack.all_references() {
            if stack.resource(&reference.target.item).is_none() {
                return Err(SynthError::UnknownItem {
                    from: from.to_owned(),
                    item: reference.target.item.clone(),
                });
            }
        }
        let mut base_tags = stack.tags.clone();
        base_tags.extend(config.extra_tags.clone());
        Ok(Context {
            stack,
            config,
            base_tags,
        })
    }

    pub fn stack_name(&self) -> String {
        self.config
            .stack_name
            .clone()
            .unwrap_or_else(|| self.stack.name.clone())
    }

    pub fn resource(&self, id: &str) -> &'a Resource {
        self.stack
            .resource(id)
            .expect("references are checked when the context is built")
    }

    pub fn kind_of(&self, id: &str) -> Kind {
        self.resource(id).kind()
    }

    /// The physical name for an item's explicit name, with the prefix.
    pub fn name(&self, explicit: &Option<String>) -> Option<String> {
        explicit
            .as_deref()
            .map(|n| physical_name(n, &self.config.name_prefix))
    }

    /// The template expression for a reference made by `from`.
    pub fn expr(&self, from: &str, reference: &ItemRef) -> Result<Json, SynthError> {
        expr::item_ref_expr(self.kind_of(&reference.item), reference).ok_or_else(|| {
            let _ = from;
            SynthError::NoSuchAttr {
                item: reference.item.clone(),
                attr: reference.attr.method(),
            }
        })
    }

    /// The tags for one resource: stack, then configured, then its own.
    pub fn tags(&self, resource: &Resource) -> Json {
        let mut tags = self.base_tags.clone();
        tags.extend(resource.tags.clone());
        super::tags::tag_list(&tags)
    }

    /// The logical ID of the separate policy resource of a role, if it has
    /// any permissions.
    pub fn role_policy_id(&self, role: &str) -> Option<String> {
        match &self.resource(role).kind {
            ResourceKind::Role(_) => {
                let permissions = super::permissions::role_permissions(self.stack, role);
                (!permissions.is_empty()).then(|| format!("{role}Policy"))
            }
            _ => None,
        }
    }

    /// The policy `consumer` should wait for before it is created, so that
    /// its role can act from its first moment. Left out when the policy
    /// itself names the consumer, which would be a cycle.
    pub fn policy_dependency(&self, consumer: &str, role: &str) -> Option<String> {
        let policy = self.role_policy_id(role)?;
        let names_consumer = super::permissions::role_permissions(self.stack, role)
            .iter()
            .any(|p| matches!(&p.scope, super::permissions::Scope::Item { item, .. } if item == consumer));
        (!names_consumer).then_some(policy)
    }
}
