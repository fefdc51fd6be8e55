//! Splitting the app's one synthesized template into a template per stack:
//! each keeps the resources its items produced; a reference to another
//! stack's resource becomes `Fn::ImportValue`, and the producer gets an
//! output that exports the value.

use super::AppDef;
use crate::graph::Graph;
use crate::synth::{SynthConfig, SynthError, Template, synthesize_with_owners};
use serde_json::{Map, Value as Json, json};
use std::collections::{BTreeMap, BTreeSet};

/// One value a stack exports because another stack imports it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExportedValue {
    pub producer: String,
    /// The producer's logical ID.
    pub item: String,
    /// `Ref`, or the `Fn::GetAtt` attribute (`Arn`, `QueueUrl`).
    pub attr: String,
}

impl ExportedValue {
    pub fn export_name(&self) -> String {
        export_name(&self.producer, &self.item, &self.attr)
    }

    /// The output's logical ID in the producer's template (alphanumeric).
    fn output_id(&self) -> String {
        let attr: String = self
            .attr
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        format!("Export{}{attr}", self.item)
    }

    fn value(&self) -> Json {
        if self.attr == "Ref" {
            json!({ "Ref": self.item })
        } else {
            json!({ "Fn::GetAtt": [self.item, self.attr] })
        }
    }
}

/// The export name of a stack's value: `<stack>-<Item>-<Attr>`, readable
/// and stable (it changes only when one of the three is renamed). Characters
/// export names do not take (a `.` in `Endpoint.Address`) become `-`.
pub fn export_name(stack: &str, item: &str, attr: &str) -> String {
    format!("{stack}-{item}-{attr}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == ':' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Every stack's template, in the app's declaration order, and which stacks
/// each imports from.
#[derive(Debug, Clone, PartialEq)]
pub struct AppTemplates {
    pub templates: Vec<Template>,
    /// Consumer -> the producers it imports from.
    pub imports: BTreeMap<String, BTreeSet<String>>,
}

impl AppTemplates {
    pub fn template(&self, stack: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.stack_name == stack)
    }
}

/// Synthesizes every stack of `app` under `config`. The stacks keep their
/// declared names (`config.stack_name` is for a stack of its own).
pub fn synthesize_app(app: &AppDef, config: &SynthConfig) -> Result<AppTemplates, SynthError> {
    let config = SynthConfig {
        stack_name: None,
        ..config.clone()
    };
    let mut exports = BTreeSet::new();
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut templates = Vec::new();
    for stack in &app.stacks {
        let (template, owners) = synthesize_with_owners(&app.merged_as(stack), &config)?;
        let mut rewriter = Rewriter {
            app,
            owners: &owners,
            this: &stack.name,
            exports: &mut exports,
            producers: BTreeSet::new(),
        };
        let body = rewriter.stack_body(template.body, &stack.outputs);
        for producer in std::mem::take(&mut rewriter.producers) {
            imports
                .entry(stack.name.clone())
                .or_default()
                .insert(producer);
        }
        templates.push(Template {
            stack_name: stack.name.clone(),
            body,
        });
    }
    check_acyclic(app, &imports)?;
    for template in &mut templates {
        add_exports(template, &exports);
    }
    Ok(AppTemplates { templates, imports })
}

fn check_acyclic(
    app: &AppDef,
    imports: &BTreeMap<String, BTreeSet<String>>,
) -> Result<(), SynthError> {
    let mut graph = Graph::new();
    for stack in &app.stacks {
        graph.add_node(&stack.name);
    }
    for (consumer, producers) in imports {
        for producer in producers {
            graph.add_dependency(consumer, producer);
        }
    }
    graph
        .topological_order()
        .map(|_| ())
        .map_err(SynthError::StackCycle)
}

fn add_exports(template: &mut Template, exports: &BTreeSet<ExportedValue>) {
    let own: Vec<&ExportedValue> = exports
        .iter()
        .filter(|e| e.producer == template.stack_name)
        .collect();
    if own.is_empty() {
        return;
    }
    let body = template
        .body
        .as_object_mut()
        .expect("a template is an object");
    let outputs = body
        .entry("Outputs")
        .or_insert_with(|| Json::Object(Map::new()))
        .as_object_mut()
        .expect("Outputs is an object");
    for export in own {
        outputs.insert(
            export.output_id(),
            json!({
                "Value": export.value(),
                "Export": { "Name": export.export_name() },
            }),
        );
    }
}

struct Rewriter<'a> {
    app: &'a AppDef,
    /// Logical ID -> the item that produced it.
    owners: &'a BTreeMap<String, String>,
    this: &'a str,
    exports: &'a mut BTreeSet<ExportedValue>,
    /// The stacks this one imports from.
    producers: BTreeSet<String>,
}

impl Rewriter<'_> {
    /// The merged template cut down to this stack: its resources and its
    /// outputs, with references to other stacks imported.
    fn stack_body(&mut self, body: Json, outputs: &[String]) -> Json {
        let Json::Object(mut body) = body else {
            return body;
        };
        if let Some(Json::Object(resources)) = body.remove("Resources") {
            let mut own = Map::new();
            for (id, mut resource) in resources {
                if self.foreign(&id).is_some() {
                    continue;
                }
                self.drop_foreign_depends_on(&mut resource);
                self.rewrite(&mut resource);
                own.insert(id, resource);
            }
            // Outputs are taken out and put back after, so they stay last.
            body.insert("Resources".into(), Json::Object(own));
        }
        if let Some(Json::Object(all)) = body.remove("Outputs") {
            let mut own = Map::new();
            for (name, mut output) in all {
                if outputs.contains(&name) {
                    self.rewrite(&mut output);
                    own.insert(name, output);
                }
            }
            if !own.is_empty() {
                body.insert("Outputs".into(), Json::Object(own));
            }
        }
        Json::Object(body)
    }

    /// The stack that owns `logical_id`, when it is another stack.
    fn foreign(&self, logical_id: &str) -> Option<String> {
        let item = self.owners.get(logical_id)?;
        let stack = self.app.stack_of(item)?;
        (stack != self.this).then(|| stack.to_owned())
    }

    fn import(&mut self, producer: String, item: &str, attr: &str) -> Json {
        let export = ExportedValue {
            producer,
            item: item.to_owned(),
            attr: attr.to_owned(),
        };
        let value = json!({ "Fn::ImportValue": export.export_name() });
        self.producers.insert(export.producer.clone());
        self.exports.insert(export);
        value
    }

    /// Another stack's resource exists before this stack is deployed
    /// (stacks deploy in import order), so ordering on it is dropped;
    /// The order still holds between the stacks.
    fn drop_foreign_depends_on(&mut self, resource: &mut Json) {
        let Some(map) = resource.as_object_mut() else {
            return;
        };
        let ids: Vec<String> = match map.get("DependsOn") {
            Some(Json::Array(ids)) => ids
                .iter()
                .filter_map(Json::as_str)
                .map(str::to_owned)
                .collect(),
            Some(Json::String(id)) => vec![id.clone()],
            _ => return,
        };
        let (foreign, own): (Vec<String>, Vec<String>) =
            ids.into_iter().partition(|id| self.foreign(id).is_some());
        if foreign.is_empty() {
            return;
        }
        for id in &foreign {
            self.producers.extend(self.foreign(id));
        }
        if own.is_empty() {
            map.remove("DependsOn");
        } else {
            map.insert("DependsOn".into(), json!(own));
        }
    }

    fn rewrite(&mut self, value: &mut Json) {
        match value {
            Json::Object(map) => {
                if let Some(replacement) = self.replacement(map) {
                    *value = replacement;
                    return;
                }
                if let Some(sub) = map.get_mut("Fn::Sub") {
                    self.rewrite_sub(sub);
                    return;
                }
                for field in map.values_mut() {
                    self.rewrite(field);
                }
            }
            Json::Array(items) => {
                for item in items {
                    self.rewrite(item);
                }
            }
            _ => {}
        }
    }

    /// `Ref` and `Fn::GetAtt` of another stack's resource.
    fn replacement(&mut self, map: &Map<String, Json>) -> Option<Json> {
        if map.len() != 1 {
            return None;
        }
        if let Some(Json::String(target)) = map.get("Ref") {
            let producer = self.foreign(target)?;
            return Some(self.import(producer, target, "Ref"));
        }
        if let Some(Json::Array(parts)) = map.get("Fn::GetAtt")
            && let [Json::String(target), Json::String(attr)] = parts.as_slice()
        {
            let producer = self.foreign(target)?;
            return Some(self.import(producer, target, attr));
        }
        None
    }

    /// `${Item}` and `${Item.Attr}` of another stack's resource in a
    /// `Fn::Sub` become variables bound to `Fn::ImportValue`.
    fn rewrite_sub(&mut self, sub: &mut Json) {
        let (text, mut vars) = match sub {
            Json::String(text) => (text.clone(), Map::new()),
            Json::Array(parts) if parts.len() == 2 => {
                let vars = parts[1].as_object().cloned().unwrap_or_default();
                (parts[0].as_str().unwrap_or_default().to_owned(), vars)
            }
            _ => return,
        };
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            out.push_str(&self.sub_variable(name, &mut vars));
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        for value in vars.values_mut() {
            self.rewrite(value);
        }
        *sub = if vars.is_empty() {
            Json::String(out)
        } else {
            json!([out, vars])
        };
    }

    /// The `${...}` to write for `name`: unchanged unless it names another
    /// stack's resource, which becomes a variable of the `Fn::Sub`.
    fn sub_variable(&mut self, name: &str, vars: &mut Map<String, Json>) -> String {
        let unchanged = format!("${{{name}}}");
        if name.starts_with('!') || vars.contains_key(name) {
            return unchanged;
        }
        let (target, attr) = match name.split_once('.') {
            Some((target, attr)) => (target, attr),
            None => (name, "Ref"),
        };
        let Some(producer) = self.foreign(target) else {
            return unchanged;
        };
        let attr_id: String = attr.chars().filter(char::is_ascii_alphanumeric).collect();
        let variable = format!("{target}{attr_id}Import");
        let value = self.import(producer, target, attr);
        vars.insert(variable.clone(), value);
        format!("${{{variable}}}")
    }
}
