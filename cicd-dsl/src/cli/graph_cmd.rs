//! `graph`: the deployment graph as Mermaid or DOT.

use super::{CliError, GraphFormat};
use crate::StackDef;
use std::process::ExitCode;

pub fn run(stack: &StackDef, format: GraphFormat) -> Result<ExitCode, CliError> {
    let graph = stack.graph();
    let label = |id: &str| match stack.resource(id) {
        Some(resource) => format!("{id}<br/>{}", resource.cfn_type()),
        None => id.to_owned(),
    };
    let text = match format {
        GraphFormat::Mermaid => graph.to_mermaid(label),
        GraphFormat::Dot => graph.to_dot(|id| label(id).replace("<br/>", "\\n")),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
