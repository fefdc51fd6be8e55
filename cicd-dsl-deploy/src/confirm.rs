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
            Confirm::Prompt(stop) => {
                reporter.progress_finish();
                let answer = ask_yes_no(question, stop).map_err(|err| {
                    if err.kind() == io::ErrorKind::Interrupted {
                        DeployError::Interrupted
                    } else {
                        DeployError::Prompt(err)
                    }
                })?;
                if answer {
                    Ok(())
                } else {
                    Err(DeployError::Declined)
                }
            }
        }
    }
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
}
