//! Asking before anything changes.

use std::io::{self, IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crate::error::DeployError;
use crate::reporter::Reporter;
use crate::stop_signal::StopSignal;

/// How a command gets the user's go-ahead.
#[derive(Debug, Clone)]
pub enum Confirm {
    /// `--yes`: proceed without asking.
    Yes,
    /// Ask on the terminal; a stop request ends the question as
    /// [`DeployError::Interrupted`].
    Prompt(StopSignal),
    /// No terminal and no `--yes`: refuse, because nobody can be asked.
    NoTerminal,
    /// As `Prompt`, for a protected environment: what [`Confirm::ask_hard`]
    /// asks needs the stack name typed, not a y.
    PromptForName(StopSignal),
}

impl Confirm {
    /// What the CLI should use for a given `--yes` flag: ask only when both
    /// stdin and stderr are a terminal; `stop` cuts a question short.
    pub fn from_flag(yes: bool, stop: &StopSignal) -> Self {
        if yes {
            Confirm::Yes
        } else if io::stdin().is_terminal() && io::stderr().is_terminal() {
            Confirm::Prompt(stop.clone())
        } else {
            Confirm::NoTerminal
        }
    }

    /// As [`Confirm::from_flag`] for a protected environment: a terminal
    /// asks for the stack name where [`Confirm::ask_hard`] is used.
    pub fn protected_from_flag(yes: bool, stop: &StopSignal) -> Self {
        match Confirm::from_flag(yes, stop) {
            Confirm::Prompt(stop) => Confirm::PromptForName(stop),
            other => other,
        }
    }

    /// As [`Confirm::ask`] for what cannot be undone (deleting a stack,
    /// a change the stateful guard flags): in a protected environment the
    /// user types `stack_name` instead of answering y.
    pub(crate) fn ask_hard(
        &self,
        reporter: &Reporter,
        question: &str,
        action: &str,
        stack_name: &str,
    ) -> Result<(), DeployError> {
        let Confirm::PromptForName(stop) = self else {
            return self.ask(reporter, question, action);
        };
        reporter.progress_finish();
        let answer = ask_for_name(question, stack_name, stop).map_err(prompt_error)?;
        if names_the_stack(&answer, stack_name) {
            Ok(())
        } else {
            Err(DeployError::Declined)
        }
    }

    /// `Ok(())` to go ahead; [`DeployError::NeedsYes`] or
    /// [`DeployError::Declined`] otherwise. `action` completes "pass --yes to …".
    pub(crate) fn ask(
        &self,
        reporter: &Reporter,
        question: &str,
        action: &str,
    ) -> Result<(), DeployError> {
        match self {
            Confirm::Yes => Ok(()),
            Confirm::NoTerminal => Err(DeployError::NeedsYes {
                action: action.to_owned(),
            }),
            Confirm::Prompt(stop) | Confirm::PromptForName(stop) => {
                reporter.progress_finish();
                let asked = std::time::Instant::now();
                let answer = ask_yes_no(question, stop);
                reporter.add_time_at_prompt(asked.elapsed());
                let answer = answer.map_err(prompt_error)?;
                if answer {
                    Ok(())
                } else {
                    Err(DeployError::Declined)
                }
            }
        }
    }
}

fn prompt_error(err: io::Error) -> DeployError {
    if err.kind() == io::ErrorKind::Interrupted {
        DeployError::Interrupted
    } else {
        DeployError::Prompt(err)
    }
}

/// Asks on the terminal for the stack name; returns the answer.
fn ask_for_name(question: &str, stack_name: &str, stop: &StopSignal) -> io::Result<String> {
    let mut stderr = io::stderr();
    write!(
        stderr,
        "{question} This is a protected environment: type the stack name ({stack_name}) to go ahead: "
    )?;
    stderr.flush()?;
    read_line_unless_stopped(stop)
}

/// Whether a typed answer is the stack name (surrounding blanks aside).
fn names_the_stack(answer: &str, stack_name: &str) -> bool {
    answer.trim() == stack_name
}

/// Asks on the terminal; `true` only for an explicit yes.
fn ask_yes_no(question: &str, stop: &StopSignal) -> io::Result<bool> {
    let mut stderr = io::stderr();
    write!(stderr, "{question} [y/N] ")?;
    stderr.flush()?;
    let answer = read_line_unless_stopped(stop)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// One line from stdin, or `Interrupted` once a stop is requested: the
/// blocking read runs on its own thread so that a prompt cannot hold up
/// Ctrl-C (the CLI keeps the process alive to clean up).
fn read_line_unless_stopped(stop: &StopSignal) -> io::Result<String> {
    let (sender, answer) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = io::stdin().read_line(&mut line).map(|_| line);
        let _ = sender.send(read);
    });
    loop {
        match answer.recv_timeout(Duration::from_millis(100)) {
            Ok(read) => return read,
            Err(RecvTimeoutError::Timeout) if stop.is_requested() => {
                return Err(io::Error::from(io::ErrorKind::Interrupted));
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("the terminal reader stopped"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_never_asks_and_no_terminal_names_the_flag() {
        assert!(matches!(
            Confirm::from_flag(true, &StopSignal::new()),
            Confirm::Yes
        ));
        let (reporter, _) = Reporter::capture();
        assert!(Confirm::Yes.ask(&reporter, "go?", "deploy").is_ok());
        let err = Confirm::NoTerminal
            .ask(&reporter, "go?", "deploy")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "not running on a terminal, so there is no one to confirm: pass --yes to deploy"
        );
    }

    #[test]
    fn a_protected_environment_needs_the_exact_stack_name() {
        assert!(names_the_stack("app-prod\n", "app-prod"));
        assert!(names_the_stack("  app-prod  \r\n", "app-prod"));
        assert!(!names_the_stack("y\n", "app-prod"));
        assert!(!names_the_stack("yes\n", "app-prod"));
        assert!(!names_the_stack("app-pro\n", "app-prod"));
        assert!(!names_the_stack("APP-PROD\n", "app-prod"));
        // `--yes` (with `--env` on the same command line) and no terminal
        // behave as anywhere else: yes goes ahead, no terminal is refused.
        let (reporter, _) = Reporter::capture();
        let stop = StopSignal::new();
        assert!(matches!(
            Confirm::protected_from_flag(true, &stop),
            Confirm::Yes
        ));
        assert!(
            Confirm::Yes
                .ask_hard(&reporter, "go?", "destroy", "app-prod")
                .is_ok()
        );
        assert!(matches!(
            Confirm::NoTerminal.ask_hard(&reporter, "go?", "destroy", "app-prod"),
            Err(DeployError::NeedsYes { .. })
        ));
    }
}
