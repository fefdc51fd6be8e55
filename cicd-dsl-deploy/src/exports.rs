//! Cross-stack exports: which stacks import a stack's exports
//! (ListExports, ListImports), and the exports a deploy must keep so that
//! a consumer and its producer never hold each other hostage (the "deadly
//! embrace": CloudFormation refuses to remove an export while a stack
//! imports it, so a producer deployed before its consumer has dropped the
//! import would fail).

use crate::aws::AwsClients;
use crate::error::{DeployError, aws_error};
use crate::stack_state::{deployed_template, describe_stack};
use aws_sdk_cloudformation::Client;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// One export of a stack and the stacks that import it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedExport {
    pub export: String,
    pub importers: Vec<String>,
}

/// An export the new template no longer has, kept because a stack still
/// imports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeptExport {
    pub export: String,
    /// The output that exports it, as the deployed template has it.
    pub output: String,
    pub importers: Vec<String>,
}

impl KeptExport {
    /// What the review says about it.
    pub fn reason(&self, stack: &str) -> String {
        format!(
            "keeps export {} (output {}): stack {} still imports it; once {} deployed without the import, the next deploy of {stack} drops it",
            self.export,
            self.output,
            self.importers.join(", "),
            if self.importers.len() == 1 {
                "that stack is"
            } else {
                "those stacks are"
            },
        )
    }
}

/// Every export in the region, as (name, exporting stack id).
async fn all_exports(cfn: &Client) -> Result<Vec<(String, String)>, DeployError> {
    let mut exports = Vec::new();
    let mut token = None;
    loop {
        let page = cfn
            .list_exports()
            .set_next_token(token)
            .send()
            .await
            .map_err(|err| aws_error("ListExports", err))?;
        for export in page.exports() {
            if let (Some(name), Some(stack)) = (export.name(), export.exporting_stack_id()) {
                exports.push((name.to_owned(), stack.to_owned()));
            }
        }
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            return Ok(exports);
        }
    }
}

/// The stacks that import `export`; none when it is not imported (which
/// ListImports answers with an error).
async fn importers(cfn: &Client, export: &str) -> Result<Vec<String>, DeployError> {
    let mut stacks = Vec::new();
    let mut token = None;
    loop {
        let answer = cfn
            .list_imports()
            .export_name(export)
            .set_next_token(token)
            .send()
            .await;
        let page = match answer {
            Ok(page) => page,
            Err(err) => {
                let error = aws_error("ListImports", err);
                if error.to_string().contains("is not imported by any stack") {
                    return Ok(stacks);
                }
                return Err(error);
            }
        };
        stacks.extend(page.imports().iter().cloned());
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            return Ok(stacks);
        }
    }
}

/// The exports of the deployed stack `stack` that other stacks import.
pub async fn imported_exports(
    clients: &AwsClients,
    stack: &str,
) -> Result<Vec<ImportedExport>, DeployError> {
    let cfn = &clients.cloudformation;
    let Some(info) = describe_stack(cfn, stack).await? else {
        return Ok(Vec::new());
    };
    let mut imported = Vec::new();
    for (export, exporter) in all_exports(cfn).await? {
        if exporter != info.id {
            continue;
        }
        let importers = importers(cfn, &export).await?;
        if !importers.is_empty() {
            imported.push(ImportedExport { export, importers });
        }
    }
    Ok(imported)
}

/// Puts back into `template` every output of the deployed `stack` that
/// exports a value another stack still imports and that `template` no
/// longer exports.
pub async fn keep_imported_exports(
    clients: &AwsClients,
    stack: &str,
    template: &mut Value,
) -> Result<Vec<KeptExport>, DeployError> {
    let imported = imported_exports(clients, stack).await?;
    if imported.is_empty() {
        return Ok(Vec::new());
    }
    let exported_now = export_names(template);
    let missing: Vec<&ImportedExport> = imported
        .iter()
        .filter(|i| !exported_now.contains(&i.export))
        .collect();
    if missing.is_empty() {
        return Ok(Vec::new());
    }
    let cfn = &clients.cloudformation;
    let Some(info) = describe_stack(cfn, stack).await? else {
        return Ok(Vec::new());
    };
    let deployed = deployed_template(cfn, &info.id).await?;
    let Some(deployed_outputs) = deployed.get("Outputs").and_then(Value::as_object) else {
        return Ok(Vec::new());
    };
    let outputs = template
        .as_object_mut()
        .ok_or_else(|| DeployError::Template("the template is not a JSON object".to_owned()))?
        .entry("Outputs")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| {
            DeployError::Template("the template's Outputs is not an object".to_owned())
        })?;
    let mut kept = Vec::new();
    for import in missing {
        let found = deployed_outputs
            .iter()
            .find(|(_, output)| exported_name(output) == Some(import.export.as_str()));
        if let Some((id, output)) = found {
            outputs.insert(id.clone(), output.clone());
            kept.push(KeptExport {
                export: import.export.clone(),
                output: id.clone(),
                importers: import.importers.clone(),
            });
        }
    }
    Ok(kept)
}

fn exported_name(output: &Value) -> Option<&str> {
    output.get("Export")?.get("Name")?.as_str()
}

/// The export names a template declares.
pub fn export_names(template: &Value) -> BTreeSet<String> {
    template
        .get("Outputs")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|outputs| outputs.values())
        .filter_map(exported_name)
        .map(str::to_owned)
        .collect()
}

/// The names `template` imports (`Fn::ImportValue` of a literal name).
pub fn import_names(template: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    collect_imports(template, &mut names);
    names
}

fn collect_imports(value: &Value, names: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let (1, Some(Value::String(name))) = (map.len(), map.get("Fn::ImportValue")) {
                names.insert(name.clone());
            }
            map.values().for_each(|v| collect_imports(v, names));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_imports(v, names)),
        _ => {}
    }
}

/// The names `template` imports that no stack in the region exports.
pub async fn missing_imports(
    clients: &AwsClients,
    template: &Value,
) -> Result<Vec<String>, DeployError> {
    let wanted = import_names(template);
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let exported: BTreeSet<String> = all_exports(&clients.cloudformation)
        .await?
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    Ok(wanted.difference(&exported).cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn imports_and_exports_are_read_from_the_template() {
        let template = json!({
            "Resources": { "R": { "Properties": {
                "A": { "Fn::ImportValue": "p-Store-Arn" },
                "B": { "Fn::Sub": ["${X}/*", { "X": { "Fn::ImportValue": "p-Store-Ref" } }] },
            } } },
            "Outputs": { "O": { "Value": "v", "Export": { "Name": "c-O-Ref" } } },
        });
        assert_eq!(
            import_names(&template),
            BTreeSet::from(["p-Store-Arn".to_owned(), "p-Store-Ref".to_owned()])
        );
        assert_eq!(
            export_names(&template),
            BTreeSet::from(["c-O-Ref".to_owned()])
        );
    }

    #[test]
    fn the_reason_names_the_importer_and_when_the_export_goes() {
        let kept = KeptExport {
            export: "a-Store-Arn".into(),
            output: "ExportStoreArn".into(),
            importers: vec!["b".into()],
        };
        assert_eq!(
            kept.reason("a"),
            "keeps export a-Store-Arn (output ExportStoreArn): stack b still imports it; once that stack is deployed without the import, the next deploy of a drops it"
        );
    }
}
