//! Apps: several stacks declared in one binary (`#[cicd_dsl::app]`).
//!
//! An app is checked and synthesized as one stack holding every item (so a
//! reference from one stack to another is typed and checked like any
//! reference), then split: each stack's template keeps its own resources,
//! a reference to another stack's item becomes `Fn::ImportValue`, and the
//! producer exports that value under a stable name (`split`).

mod split;

pub use split::{AppTemplates, ExportedValue, export_name, synthesize_app};

use crate::graph::{Cycle, Graph};
use crate::model::{Reference, StackDef};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every stack of an app and which items each holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppDef {
    /// Every item and output of every stack, as one stack (its name is
    /// the first stack's; its tags and description are unused).
    pub merged: StackDef,
    /// The stacks in declaration order.
    pub stacks: Vec<AppStack>,
}

/// One stack of an app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppStack {
    /// The stack's name (`#[stack(name = "...")]`): also its CloudFormation
    /// stack name and the first part of its export names.
    pub name: String,
    pub description: Option<String>,
    pub tags: BTreeMap<String, String>,
    /// Its items (resource ids) in declaration order.
    pub items: Vec<String>,
    /// Its outputs, by output name.
    pub outputs: Vec<String>,
}

/// One reference that crosses from one stack to another: the edge
/// `producer -> consumer` of the app's stack graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossReference<'a> {
    /// The item or output that holds the reference.
    pub from: &'a str,
    pub reference: Reference,
    pub consumer: &'a str,
    pub producer: &'a str,
}

impl AppDef {
    /// Reads the model back from its JSON, as `#[app]` embeds it; see
    /// [`StackDef::from_json`].
    pub fn from_json(text: &str) -> serde_json::Result<Self> {
        serde_json::from_str(text)
    }

    pub fn stack(&self, name: &str) -> Option<&AppStack> {
        self.stacks.iter().find(|s| s.name == name)
    }

    /// The stack that holds an item or an output.
    pub fn stack_of(&self, item: &str) -> Option<&str> {
        self.stacks
            .iter()
            .find(|s| s.items.iter().chain(&s.outputs).any(|i| i == item))
            .map(|s| s.name.as_str())
    }

    /// Every reference from an item of one stack to an item of another.
    pub fn cross_references(&self) -> Vec<CrossReference<'_>> {
        self.merged
            .all_references()
            .into_iter()
            .filter_map(|(from, reference)| {
                let consumer = self.stack_of(from)?;
                let producer = self.stack_of(&reference.target.item)?;
                (consumer != producer).then_some(CrossReference {
                    from,
                    reference,
                    consumer,
                    producer,
                })
            })
            .collect()
    }

    /// Stacks as nodes, "imports from" as edges (the producer first).
    pub fn stack_graph(&self) -> Graph {
        let mut graph = Graph::new();
        for stack in &self.stacks {
            graph.add_node(&stack.name);
        }
        for cross in self.cross_references() {
            graph.add_dependency(cross.consumer, cross.producer);
        }
        graph
    }

    /// The stacks in an order where each comes after those it imports
    /// from, or the cycle that makes that impossible.
    pub fn deploy_order(&self) -> Result<Vec<String>, Cycle> {
        let graph = self.stack_graph();
        let order = graph.topological_order()?;
        Ok(order.into_iter().map(str::to_owned).collect())
    }

    /// The stacks `stack` imports from, directly.
    pub fn dependencies_of(&self, stack: &str) -> Vec<String> {
        let graph = self.stack_graph();
        graph
            .dependencies_of(stack)
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// The app's items as one stack carrying `stack`'s description and
    /// tags, so that synthesizing it gives that stack's resources exactly
    /// as a stack of its own would (configured tags still override).
    pub fn merged_as(&self, stack: &AppStack) -> StackDef {
        let mut merged = self.merged.clone();
        merged.name = stack.name.clone();
        merged.description = stack.description.clone();
        merged.tags = stack.tags.clone();
        merged
    }

    /// One stack's own items and outputs as a stack of their own: what
    /// the commands that read the model (assets, the stateful guard,
    /// termination protection) need to know about that stack. Its
    /// references to other stacks do not resolve here; synthesize it with
    /// [`synthesize_app`].
    pub fn own_view(&self, stack: &AppStack) -> StackDef {
        let mut own = self.merged_as(stack);
        own.resources.retain(|r| stack.items.contains(&r.id));
        own.outputs.retain(|o| stack.outputs.contains(&o.name));
        own
    }
}

#[cfg(test)]
mod tests;
