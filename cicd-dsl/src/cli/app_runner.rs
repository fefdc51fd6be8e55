//! The AWS commands of an app: one `cicd-dsl-aws` per stack, each running
//! the command for its stack exactly as a one-stack binary would (its own
//! review, events and outputs). `deploy` and `diff` go in dependency order
//! and `destroy` in reverse; stacks that do not import from each other run
//! at the same time (`--concurrency`), their lines prefixed by the stack's
//! name. When a deploy or destroy may ask a question at a terminal, the
//! stacks go one at a time with the terminal their own. With `--output
//! json` each process's stdout is kept, and the app prints one document
//! ([`super::app_json`]).

use super::app_json::{StackResult, app_document};
use super::app_member::Model;
use super::command_line::own_name;
use super::hand_over::{MODEL_ENV, PROGRAM_ENV, locate_preparing, write_model_json};
use super::local_venv;
use super::{Cli, CliError, Command, OutputFormat};
use crate::AppDef;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::Path;
use std::process::{Child, ExitCode, Stdio};
use std::sync::mpsc;

/// The stacks a `deploy` with stack names takes to be deployed already
/// (comma-separated), for each stack's process to say so.
pub const ASSUMED_ENV: &str = "CICD_DSL_APP_ASSUMED";

/// How the stacks of one command are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Producers first (deploy, diff).
    Dependencies,
    /// Consumers first (destroy).
    Reverse,
    /// One after the other in declaration order, no waiting (ls, outputs, drift).
    Each,
}

pub fn run(app: &AppDef, cli: &Cli, chosen: &[String]) -> Result<ExitCode, CliError> {
    let (order, yes, concurrency) = match &cli.command {
        Command::Deploy { yes, stacks, .. } => (Order::Dependencies, *yes, stacks.concurrency),
        Command::Diff { stacks, .. } => (Order::Dependencies, true, stacks.concurrency),
        Command::Destroy { yes, stacks, .. } => (Order::Reverse, *yes, stacks.concurrency),
        // Bootstrap and the local endpoint do not depend on the stack.
        Command::Bootstrap { .. } | Command::Local { .. } => {
            return run_one(app, cli, &chosen[..1]);
        }
        Command::PushSource { .. } => return run_one(app, cli, &[pipeline_stack(app)?]),
        _ => (Order::Each, true, 1),
    };
    let plan = Plan::new(app, chosen, order)?;
    plan.announce_assumptions();
    // A question at a terminal needs the terminal: one stack at a time.
    let interactive = !yes && std::io::stdin().is_terminal();
    let concurrency = if interactive || order == Order::Each {
        1
    } else {
        usize::from(concurrency)
    };
    let binary = locate_preparing(local_venv::wanted_by(&cli.command))?;
    let prefixed = !interactive && concurrency > 1 && plan.stacks.len() > 1;
    let capture = cli.settings.output == OutputFormat::Json;
    let (results, stdouts) = plan.run(app, &binary, concurrency, prefixed, capture)?;
    let code = summarize(&plan, &results, cli);
    if capture {
        let documents: Vec<StackResult> = plan
            .stacks
            .iter()
            .map(|stack| StackResult {
                stack: stack.clone(),
                exit: match &results[stack] {
                    Outcome::Finished(exit) => Some(*exit),
                    _ => None,
                },
                skipped_because: match &results[stack] {
                    Outcome::Skipped(failed) => Some(failed.clone()),
                    _ => None,
                },
                stdout: stdouts.get(stack).cloned().unwrap_or_default(),
            })
            .collect();
        print_document(&app_document(cli.command.name(), &documents));
    }
    Ok(code)
}

/// A command that concerns one stack (bootstrap, local, push-source).
fn run_one(app: &AppDef, cli: &Cli, stacks: &[String]) -> Result<ExitCode, CliError> {
    let binary = locate_preparing(local_venv::wanted_by(&cli.command))?;
    let mut child = spawn(app, &stacks[0], &binary, false, false, "")?;
    let status = child
        .wait()
        .map_err(|e| CliError::Io(format!("waiting for {}: {e}", binary.display())))?;
    Ok(ExitCode::from(exit_code(status.code())))
}

/// The stack that declares a pipeline (push-source uploads its source).
fn pipeline_stack(app: &AppDef) -> Result<String, CliError> {
    app.stacks
        .iter()
        .find(|s| {
            s.items.iter().any(|item| {
                app.merged
                    .resource(item)
                    .is_some_and(|r| r.kind() == crate::Kind::Pipeline)
            })
        })
        .map(|s| s.name.clone())
        .ok_or_else(|| {
            CliError::Io("push-source: no stack of this app declares a pipeline".to_owned())
        })
}

/// The stacks to run, each with the chosen stacks it must wait for.
struct Plan {
    order: Order,
    /// The chosen stacks in the order they start.
    stacks: Vec<String>,
    waits_for: BTreeMap<String, BTreeSet<String>>,
    /// Stacks not chosen that a chosen one depends on, with the ones that do.
    assumed: BTreeMap<String, BTreeSet<String>>,
}

impl Plan {
    fn new(app: &AppDef, chosen: &[String], order: Order) -> Result<Plan, CliError> {
        let all = app
            .deploy_order()
            .map_err(|cycle| CliError::Synth(crate::SynthError::StackCycle(cycle)))?;
        let mut stacks: Vec<String> = match order {
            Order::Each => app
                .stacks
                .iter()
                .map(|s| s.name.clone())
                .filter(|s| chosen.contains(s))
                .collect(),
            _ => all.into_iter().filter(|s| chosen.contains(s)).collect(),
        };
        if order == Order::Reverse {
            stacks.reverse();
        }
        let mut waits_for = BTreeMap::new();
        let mut assumed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for stack in &stacks {
            let mut waits = BTreeSet::new();
            let related: Vec<String> = match order {
                Order::Dependencies => app.dependencies_of(stack),
                Order::Reverse => dependents_of(app, stack),
                Order::Each => Vec::new(),
            };
            for other in related {
                if stacks.contains(&other) {
                    waits.insert(other);
                } else {
                    assumed.entry(other).or_default().insert(stack.clone());
                }
            }
            waits_for.insert(stack.clone(), waits);
        }
        Ok(Plan {
            order,
            stacks,
            waits_for,
            assumed,
        })
    }

    /// `destroy A` says which stacks it leaves that import from A.
    fn announce_assumptions(&self) {
        for (other, chosen) in &self.assumed {
            let chosen: Vec<&str> = chosen.iter().map(String::as_str).collect();
            match self.order {
                // Said by the stack's own process once it has found the
                // producer's exports (see `app_exports`), so that a
                // producer that is not deployed is one error line.
                Order::Dependencies => {}
                Order::Reverse => eprintln!(
                    "not destroying stack {other}, which imports from {}: its imports keep {} from being destroyed",
                    chosen.join(", "),
                    chosen.join(", ")
                ),
                Order::Each => {}
            }
        }
    }

    /// Runs every stack once the stacks it waits for have succeeded, at
    /// most `concurrency` at a time; a stack whose dependency failed is
    /// skipped.
    fn run(
        &self,
        app: &AppDef,
        binary: &Path,
        concurrency: usize,
        prefixed: bool,
        capture: bool,
    ) -> Result<(BTreeMap<String, Outcome>, Stdouts), CliError> {
        let width = self.stacks.iter().map(String::len).max().unwrap_or(0);
        let (done_tx, done_rx) = mpsc::channel::<(String, Option<i32>, String)>();
        let mut stdouts = BTreeMap::new();
        let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
        let mut running = 0usize;
        loop {
            for stack in &self.stacks {
                if outcomes.contains_key(stack) {
                    continue;
                }
                let waits = &self.waits_for[stack];
                if let Some(failed) = waits
                    .iter()
                    .find(|w| outcomes.get(*w).is_some_and(Outcome::failed))
                {
                    outcomes.insert(stack.clone(), Outcome::Skipped(failed.clone()));
                    continue;
                }
                let ready = waits
                    .iter()
                    .all(|w| outcomes.get(w).is_some_and(Outcome::succeeded));
                if ready && running < concurrency {
                    if !prefixed && self.stacks.len() > 1 {
                        eprintln!("== stack {stack} ==");
                    }
                    let child = spawn(app, stack, binary, prefixed, capture, &self.assumed_list())?;
                    outcomes.insert(stack.clone(), Outcome::Running);
                    running += 1;
                    watch(child, stack, width, prefixed, capture, done_tx.clone());
                }
            }
            if running == 0 {
                break;
            }
            let (stack, code, stdout) = done_rx
                .recv()
                .map_err(|_| CliError::Io("lost track of a stack's process".to_owned()))?;
            running -= 1;
            stdouts.insert(stack.clone(), stdout);
            outcomes.insert(stack, Outcome::Finished(exit_code(code)));
        }
        Ok((outcomes, stdouts))
    }
}

impl Plan {
    /// The stacks not named that named ones import from, for each stack's
    /// process to mention.
    fn assumed_list(&self) -> String {
        let names: Vec<&str> = self.assumed.keys().map(String::as_str).collect();
        names.join(",")
    }
}

fn dependents_of(app: &AppDef, stack: &str) -> Vec<String> {
    app.stacks
        .iter()
        .map(|s| s.name.clone())
        .filter(|other| app.dependencies_of(other).iter().any(|d| d == stack))
        .collect()
}

/// What each stack's process printed on stdout, when it was kept.
type Stdouts = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Running,
    Finished(u8),
    /// Not run: the stack it waits for failed.
    Skipped(String),
}

impl Outcome {
    fn succeeded(&self) -> bool {
        matches!(self, Outcome::Finished(0))
    }

    fn failed(&self) -> bool {
        matches!(self, Outcome::Finished(1..) | Outcome::Skipped(_))
    }
}

fn exit_code(code: Option<i32>) -> u8 {
    // A child killed by a signal has no code.
    code.map_or(1, |c| c.clamp(0, 255) as u8)
}

/// Starts `cicd-dsl-aws` for one stack of the app with this process's
/// arguments.
fn spawn(
    app: &AppDef,
    stack: &str,
    binary: &Path,
    prefixed: bool,
    capture: bool,
    assumed: &str,
) -> Result<Child, CliError> {
    let model = write_model_json(&Model::Member {
        app: app.clone(),
        member: stack.to_owned(),
    })?;
    let mut command = std::process::Command::new(binary);
    command
        .args(std::env::args_os().skip(1))
        .env(MODEL_ENV, &model)
        .env(PROGRAM_ENV, own_name())
        .env(ASSUMED_ENV, assumed);
    if prefixed {
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
    }
    if capture {
        command.stdout(Stdio::piped());
    }
    command.spawn().map_err(|e| {
        let _ = std::fs::remove_file(&model);
        CliError::Io(format!("cannot start {}: {e}", binary.display()))
    })
}

/// Copies the child's lines with the stack's name in front (its stdout
/// kept whole instead when `capture`) and reports its exit, with what it
/// printed on stdout, when both streams are done.
fn watch(
    mut child: Child,
    stack: &str,
    width: usize,
    prefixed: bool,
    capture: bool,
    done: mpsc::Sender<(String, Option<i32>, String)>,
) {
    let prefix = format!("{stack:<width$} | ");
    let kept = if capture {
        child.stdout.take().map(|mut out| {
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = out.read_to_string(&mut text);
                text
            })
        })
    } else {
        None
    };
    let copies: Vec<std::thread::JoinHandle<()>> = if prefixed {
        let out = child
            .stdout
            .take()
            .map(|s| copy_lines(s, prefix.clone(), false));
        let err = child.stderr.take().map(|s| copy_lines(s, prefix, true));
        out.into_iter().chain(err).collect()
    } else {
        Vec::new()
    };
    let stack = stack.to_owned();
    std::thread::spawn(move || {
        let code = child.wait().ok().and_then(|s| s.code());
        for copy in copies {
            let _ = copy.join();
        }
        let stdout = kept
            .and_then(|reader| reader.join().ok())
            .unwrap_or_default();
        let _ = done.send((stack, code, stdout));
    });
}

fn copy_lines(
    stream: impl Read + Send + 'static,
    prefix: String,
    to_stderr: bool,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line).is_ok_and(|n| n > 0) {
            let text = String::from_utf8_lossy(&line);
            // A progress bar redraws with `\r`: keep only its last state.
            let text = text.trim_end_matches(['\n', '\r']);
            let text = text.rsplit('\r').next().unwrap_or_default();
            let written = format!("{prefix}{text}\n");
            if to_stderr {
                let _ = std::io::stderr().lock().write_all(written.as_bytes());
            } else {
                let _ = std::io::stdout().lock().write_all(written.as_bytes());
            }
            line.clear();
        }
    })
}

/// One line per stack that did not succeed, and the exit code: the first
/// failing stack's, or 1 when a stack was skipped.
fn summarize(plan: &Plan, outcomes: &BTreeMap<String, Outcome>, cli: &Cli) -> ExitCode {
    let verb = match &cli.command {
        Command::Deploy { .. } => "deployed",
        Command::Destroy { .. } => "destroyed",
        _ => "done",
    };
    let mut code = 0u8;
    let mut succeeded = Vec::new();
    for stack in &plan.stacks {
        match &outcomes[stack] {
            Outcome::Finished(0) => succeeded.push(stack.as_str()),
            Outcome::Finished(exit) => {
                if plan.order != Order::Each && plan.stacks.len() > 1 {
                    eprintln!("stack {stack}: exit {exit}");
                }
                if code == 0 {
                    code = *exit;
                }
            }
            Outcome::Skipped(failed) => {
                // Only a stack with a dependency among the named is skipped,
                // so there are several.
                eprintln!("stack {stack}: not run, because stack {failed} did not succeed");
                if code == 0 {
                    code = 1;
                }
            }
            Outcome::Running => {}
        }
    }
    if plan.order != Order::Each && plan.stacks.len() > 1 && !succeeded.is_empty() {
        eprintln!("{verb}: {}", succeeded.join(", "));
    }
    ExitCode::from(code)
}

/// One JSON document on stdout, as every command's `--output json`.
fn print_document(value: &serde_json::Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{value:#}");
}
