//! The exports and imports of one stack of an app, checked around its
//! deploy, diff and destroy (a stack of its own neither imports nor
//! exports, so these calls are made for app stacks only):
//! - a stack whose imports no deployed stack exports is refused before its
//!   change set, naming the stack to deploy first;
//! - a deploy keeps the exports another stack still imports, and says why;
//! - a destroy is refused while another stack imports one of its exports.

use super::CliError;
use super::app_member;
use super::aws_settings::Session;
use super::command_line::{UserCommandLine, program_name};
use crate::Template;
use cicd_dsl_deploy::exports::{imported_exports, keep_imported_exports, missing_imports};

/// Before a deploy or diff of an app's stack: refuses imports of stacks not
/// deployed, and puts back into `template` the exports still imported.
pub fn before_deploy(session: &Session, template: &mut Template) -> Result<(), CliError> {
    let Some((app, _)) = app_member::current() else {
        return Ok(());
    };
    let name = template.stack_name.clone();
    let clients = &session.clients;
    let missing = session
        .runtime
        .block_on(missing_imports(clients, &template.body))?;
    if let Some(export) = missing.first() {
        let producer = app
            .stacks
            .iter()
            .map(|s| s.name.as_str())
            .filter(|stack| export.starts_with(&format!("{stack}-")))
            .max_by_key(|stack| stack.len());
        let next = match producer {
            Some(producer) => format!(
                "deploy stack {producer} first: `{} deploy {producer}` (or `deploy` with no stack names, which deploys in order)",
                program_name()
            ),
            None => "deploy the stack that exports it first".to_owned(),
        };
        return Err(CliError::Io(format!(
            "stack {name} imports {export}, which no deployed stack exports; {next}"
        )));
    }
    say_assumed(app, &name, &template.body);
    let kept =
        session
            .runtime
            .block_on(keep_imported_exports(clients, &name, &mut template.body))?;
    for export in kept {
        eprintln!("{}", export.reason(&name));
    }
    Ok(())
}

/// `deploy B` without A, when B imports from A: says that A is taken to be
/// deployed (it is: its exports were found).
fn say_assumed(app: &crate::AppDef, name: &str, template: &serde_json::Value) {
    let assumed = std::env::var(super::app_runner::ASSUMED_ENV).unwrap_or_default();
    let imports = cicd_dsl_deploy::exports::import_names(template);
    for producer in assumed.split(',').filter(|s| !s.is_empty()) {
        let imported = imports
            .iter()
            .any(|i| i.starts_with(&format!("{producer}-")));
        if imported && app.stack(producer).is_some() {
            eprintln!(
                "assuming stack {producer} is deployed: {name} imports from it and it is not among the stacks named"
            );
        }
    }
}

/// Before a destroy of an app's stack: refused while another stack imports
/// one of its exports (CloudFormation would fail the deletion).
pub fn before_destroy(
    session: &Session,
    name: &str,
    commands: &UserCommandLine,
) -> Result<(), CliError> {
    if app_member::current().is_none() {
        return Ok(());
    }
    let imported = session
        .runtime
        .block_on(imported_exports(&session.clients, name))?;
    let Some(first) = imported.first() else {
        return Ok(());
    };
    let importers = first.importers.join(", ");
    Err(CliError::Io(format!(
        "stack {name} exports {}, which stack {importers} imports; nothing was deleted: destroy {importers} first (`{} {importers}`), or deploy it without the reference",
        first.export,
        commands.spell_subcommand("destroy", true),
    )))
}
