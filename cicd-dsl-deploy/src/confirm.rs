//! Asking before anything changes.

use std::io::IsTerminal;

use crate::error::DeployError;
use crate::reporter::Reporter;

/// How a command gets the user's go-ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// `--yes`: proceed without asking.
    Yes,
    /// Ask on the terminal.
    Prompt,
    /// No terminal and no `--yes`: refuse, because nobody can be asked.
    NoTerminal,
}

impl Confirm {
    /// What the CLI should use for a given `--yes` flag: ask only when both
    /// stdin and stderr are a terminal.
    pub fn from_flag(yes: bool) -> Self {
        if yes {
            Confirm::Yes
        } else if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
            Confirm::Prompt
        } else {
            Confirm::NoTerminal
        }
    }

    /// `Ok(())` to go ahead; [`DeployError::NeedsYes`] or
    /// [`DeployError::Declined`] otherwise. `action` completes "pass --yes to …".
    pub(crate) fn ask(
        self,
        reporter: &Reporter,
        question: &str,
        action: &str,
    ) -> Result<(), DeployError> {
        match self {
            Confirm::Yes => Ok(()),
            Confirm::NoTerminal => Err(DeployError::NeedsYes {
                action: action.to_owned(),
            }),
            Confirm::Prompt => {
                let answer = reporter.ask_yes_no(question).map_err(|err| {
                    if err.kind() == std::io::ErrorKind::Interrupted {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_never_asks_and_no_terminal_names_the_flag() {
        assert_eq!(Confirm::from_flag(true), Confirm::Yes);
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
