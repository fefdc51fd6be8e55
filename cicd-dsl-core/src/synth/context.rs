//! What every resource synthesizer needs to know about the stack around it.

use super::SynthError;
use super::expr;
use super::names::physical_name;
use super::permissions::{Permission, role_permissions};
use crate::model::{ItemRef, Kind, Resource, ResourceKind, StackDef};
use serde_json::{Map, Value as Json, json};
use std::collections::{BTreeMap, HashMap};

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
    /// SHA-256 (hex) of each built code asset, by `Function::asset_name`.
    pub assets: BTreeMap<String, String>,
}

pub(super) struct Context<'a> {
    pub stack: &'a StackDef,
    pub config: &'a SynthConfig,
    /// Merged stack tags and configured tags.
    pub base_tags: BTreeMap<String, String>,
    /// Resources by id: every synthesizer looks items up by name.
    index: HashMap<&'a str, &'a Resource>,
    /// Each role's permissions, derived once: several resources ask.
    permissions: BTreeMap<&'a str, Vec<Permission>>,
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
        let index = stack.resources.iter().map(|r| (r.id.as_str(), r)).collect();
        let permissions = stack
            .resources
            .iter()
            .filter(|r| matches!(r.kind, ResourceKind::Role(_)))
            .map(|r| (r.id.as_str(), role_permissions(stack, &r.id)))
            .collect();
        Ok(Context {
            stack,
            config,
            base_tags,
            index,
            permissions,
        })
    }

    pub fn stack_name(&self) -> String {
        self.config
            .stack_name
            .clone()
            .unwrap_or_else(|| self.stack.name.clone())
    }

    pub fn resource(&self, id: &str) -> &'a Resource {
        self.index
            .get(id)
            .copied()
            .expect("references are checked when the context is built")
    }

    /// The role's permissions (empty for anything that is not a role).
    pub fn permissions(&self, role: &str) -> &[Permission] {
        self.permissions.get(role).map_or(&[], Vec::as_slice)
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

    /// The first properties of an item: its physical name under `name_key`,
    /// when it has an explicit one.
    pub fn named_props(&self, name_key: &str, explicit: &Option<String>) -> Map<String, Json> {
        let mut props = Map::new();
        if let Some(name) = self.name(explicit) {
            props.insert(name_key.into(), json!(name));
        }
        props
    }

    /// [`Context::named_props`], then the item's description, for the types
    /// that take one.
    pub fn described_props(
        &self,
        name_key: &str,
        explicit: &Option<String>,
        resource: &Resource,
    ) -> Map<String, Json> {
        let mut props = self.named_props(name_key, explicit);
        if let Some(description) = &resource.description {
            props.insert("Description".into(), json!(description));
        }
        props
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
        (!self.permissions(role).is_empty()).then(|| format!("{role}Policy"))
    }

    /// The policy `consumer` should wait for before it is created, so that
    /// its role can act from its first moment. Left out when the policy
    /// itself names the consumer, which would be a cycle.
    pub fn policy_dependency(&self, consumer: &str, role: &str) -> Option<String> {
        let policy = self.role_policy_id(role)?;
        let names_consumer = self
            .permissions(role)
            .iter()
            .any(|p| matches!(&p.scope, super::permissions::Scope::Item { item, .. } if item == consumer));
        (!names_consumer).then_some(policy)
    }
}
