//! `synth`: assets, then the template, written to the output folder with a
//! one-screen summary.

use super::assets::Packaging;
use super::{CliError, OutputFormat, Settings, assets, resolve};
use crate::{StackDef, Template};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// What `synth` wrote.
pub struct SynthOutput {
    pub template: Template,
    pub template_path: PathBuf,
    /// The template as written.
    pub json: String,
}

/// Builds assets and writes the template; shared with `deploy` and `diff`.
pub fn synth_to_disk(
    stack: &StackDef,
    settings: &Settings,
    packaging: Packaging,
) -> Result<SynthOutput, CliError> {
    let mut resolved = resolve(settings)?;
    // Before the asset build: a type the region does not offer would only
    // fail later, at CloudFormation, after minutes of building.
    if let Some(region) = &resolved.region {
        crate::check_region(stack, region)?;
    }
    let built = assets::build_all(stack, &resolved.out_dir, packaging)?;
    resolved.synth.assets = built
        .iter()
        .map(|(package, asset)| (package.clone(), asset.sha256.clone()))
        .collect();
    let template = super::app_member::synthesize(stack, &resolved.synth)?;
    let text = template.to_json();
    let template_path = resolved
        .out_dir
        .join(format!("{}.template.json", template.stack_name));
    write_if_changed(&template_path, text.as_bytes())?;
    Ok(SynthOutput {
        json: text,
        template,
        template_path,
    })
}

/// Leaves an identical file untouched, so its timestamp says when the
/// template last changed.
pub(super) fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::Io(format!("cannot create {}: {e}", dir.display())))?;
    }
    std::fs::write(path, bytes)
        .map_err(|e| CliError::Io(format!("cannot write {}: {e}", path.display())))
}

pub fn run(stack: &StackDef, settings: &Settings, stdout: bool) -> Result<ExitCode, CliError> {
    let started = Instant::now();
    let output = synth_to_disk(stack, settings, Packaging::ForAws)?;
    let elapsed = started.elapsed();
    if stdout {
        print!("{}", output.json);
        return Ok(ExitCode::SUCCESS);
    }
    let summary = summarize(&output);
    let mut out = std::io::stdout().lock();
    match settings.output {
        OutputFormat::Json => {
            let json = serde_json::json!({
                "stack": output.template.stack_name,
                "template": output.template_path,
                "bytes": output.json.len(),
                "resources": summary.by_type,
                "outputs": summary.outputs,
                "milliseconds": elapsed.as_secs_f64() * 1000.0,
            });
            writeln!(out, "{json:#}").ok();
        }
        OutputFormat::Human => {
            writeln!(
                out,
                "Synthesized stack {} in {:.1} ms",
                output.template.stack_name,
                elapsed.as_secs_f64() * 1000.0
            )
            .ok();
            writeln!(
                out,
                "  template  {} ({} bytes)",
                output.template_path.display(),
                output.json.len()
            )
            .ok();
            let total: usize = summary.by_type.values().sum();
            writeln!(out, "  resources {total}").ok();
            for (kind, count) in &summary.by_type {
                writeln!(out, "    {count:>3}  {kind}").ok();
            }
            writeln!(out, "  outputs   {}", summary.outputs.join(", ")).ok();
        }
    }
    Ok(ExitCode::SUCCESS)
}

struct Summary {
    by_type: BTreeMap<String, usize>,
    outputs: Vec<String>,
}

fn summarize(output: &SynthOutput) -> Summary {
    let mut by_type = BTreeMap::new();
    for resource in output.template.resources().values() {
        let kind = resource["Type"].as_str().unwrap_or("?").to_owned();
        *by_type.entry(kind).or_insert(0) += 1;
    }
    let outputs = output
        .template
        .outputs()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    Summary { by_type, outputs }
}
