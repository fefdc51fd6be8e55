//! `graph`: the deployment graph as Mermaid or DOT.

use super::{CliError, GraphFormat, OutputFormat};
use crate::StackDef;
use clap::ValueEnum;
use std::process::ExitCode;

pub fn run(
    stack: &StackDef,
    format: GraphFormat,
    output: OutputFormat,
) -> Result<ExitCode, CliError> {
    let graph = stack.graph();
    let label = |id: &str| match stack.resource(id) {
        Some(resource) => format!("{id}<br/>{}", resource.cfn_type()),
        None => id.to_owned(),
    };
    let text = match format {
        GraphFormat::Mermaid => graph.to_mermaid(label),
        GraphFormat::Dot => graph.to_dot(|id| label(id).replace("<br/>", "\\n")),
    };
    match output {
        OutputFormat::Human => print!("{text}"),
        // The graph's text, in a document that says what it is.
        OutputFormat::Json => println!(
            "{:#}",
            serde_json::json!({
                "command": "graph",
                "format": format.to_possible_value().map(|v| v.get_name().to_owned()),
                "graph": text,
            })
        ),
    }
    Ok(ExitCode::SUCCESS)
}
