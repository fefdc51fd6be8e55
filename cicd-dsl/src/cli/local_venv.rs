//! The local endpoint's Python venv, made while cargo builds `cicd-dsl-aws`.
//!
//! On a fresh machine the first `--local` command needs both: the build
//! (minutes, CPU) and the venv (about a minute of pip, mostly download), and
//! neither waits for the other.

use super::workspace::workspace_root;
use super::{Command, LocalAction, aws_flags};
use cicd_local::LocalOptions;
use std::thread::JoinHandle;

/// Starts making the venv on its own thread. Its outcome is not reported
/// here: `cicd-dsl-aws` checks the venv again before it starts the endpoint
/// and reports a failure there, with the endpoint's other errors.
pub fn prepare_in_background() -> JoinHandle<()> {
    std::thread::spawn(|| {
        if let Ok(root) = workspace_root() {
            let _ = cicd_local::prepare_venv(&LocalOptions::new(root));
        }
    })
}

/// `--local` on an AWS command, or `local start`: what starts the endpoint
/// (`local status` and `local stop` never need the venv).
pub fn wanted_by(command: &Command) -> bool {
    matches!(
        command,
        Command::Local {
            action: LocalAction::Start
        }
    ) || aws_flags(command).is_some_and(|aws| aws.local)
}

#[cfg(test)]
mod tests {
    use super::super::usage::parse;
    use super::wanted_by;

    fn wanted(args: &str) -> bool {
        let cli = parse("stack", std::iter::once("stack").chain(args.split(' '))).unwrap();
        wanted_by(&cli.command)
    }

    #[test]
    fn commands_that_start_the_local_endpoint_want_its_venv() {
        assert!(wanted("deploy --local --yes"));
        assert!(wanted("diff --local"));
        assert!(wanted("local start"));
        assert!(!wanted("deploy --yes"), "a deploy to AWS needs no venv");
        assert!(!wanted("local stop"));
        assert!(!wanted("local status"));
        assert!(!wanted("synth"));
    }
}
