//! What the user can do next, as a value. The engine decides which step
//! fits a stack's state; the program running the engine spells its own
//! commands ([`CommandLine`]), so a message names the binary the user
//! typed, with the flags that select the same stack, and the engine never
//! knows that binary's name.

use serde::Serialize;

use crate::status::Status;

/// A command of the program that runs the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ToolCommand {
    Bootstrap,
    Synth,
    Deploy,
    /// `deploy --yes`: accepts the recovery step it offers.
    DeployYes,
    Destroy,
    /// `destroy --yes`: accepts keeping what cannot be deleted.
    DestroyYes,
    /// `deploy --no-execute`: makes a saved plan.
    DeployNoExecute,
}

impl ToolCommand {
    /// The subcommand and its own flags, e.g. `deploy --yes`.
    pub fn subcommand(self) -> &'static str {
        match self {
            ToolCommand::Bootstrap => "bootstrap",
            ToolCommand::Synth => "synth",
            ToolCommand::Deploy => "deploy",
            ToolCommand::DeployYes => "deploy --yes",
            ToolCommand::Destroy => "destroy",
            ToolCommand::DestroyYes => "destroy --yes",
            ToolCommand::DeployNoExecute => "deploy --no-execute",
        }
    }
}

/// How the running program writes a command for the user to type.
pub trait CommandLine {
    /// E.g. `example-scheduled-job deploy --local` (without backticks).
    fn spell(&self, command: ToolCommand) -> String;

    /// An AWS CLI command with the arguments given, e.g.
    /// `aws cloudformation cancel-update-stack --stack-name app`, plus
    /// whatever selects the same account and region.
    fn aws(&self, arguments: &str) -> String {
        format!("aws {arguments}")
    }
}

/// Spells a command as its subcommand alone (`deploy --yes`), for text
/// written where no program is known (`Display`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Subcommand;

impl CommandLine for Subcommand {
    fn spell(&self, command: ToolCommand) -> String {
        command.subcommand().to_owned()
    }
}

/// What to do next, by the situation that calls for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NextStep {
    /// A stack operation failed and left the stack in `status`.
    AfterFailure { stack: String, status: Status },
    /// Ctrl-C stopped a command; `status` is `None` when there is no stack.
    AfterInterrupt {
        stack: String,
        status: Option<Status>,
    },
    /// A retried update rollback still cannot put these resources back.
    RollbackStillBlocked {
        stack: String,
        blockers: Vec<String>,
    },
    /// The user did not confirm continuing a failed update rollback.
    ContinueRollback { stack: String },
    /// A delete failed twice and the user did not agree to keep these
    /// resources in the account.
    DeleteStillBlocked {
        stack: String,
        blockers: Vec<String>,
    },
    /// Only deleting the stack ends its state; deploy afterwards.
    DestroyThenDeploy { stack: String },
    /// A failed first create must go before the stack is created again.
    DestroyOrRecreate,
    /// The asset bucket does not exist in this account and region.
    Bootstrap,
    /// The assets on disk are not the ones the template names.
    Synth { then_deploy: bool },
    /// The stack does not exist yet.
    DeployFirst,
    /// The deployed stack lacks something the code has.
    DeployToMatchCode,
    /// A change set this run made may still exist.
    DeployToCleanUp,
    /// A saved plan no longer matches the stack: make a new one.
    PlanAgain,
}

impl NextStep {
    /// The step as a clause, with the commands spelled by `commands`.
    pub fn describe(&self, commands: &dyn CommandLine) -> String {
        let run = |command: ToolCommand| format!("`{}`", commands.spell(command));
        let (deploy, destroy) = (run(ToolCommand::Deploy), run(ToolCommand::Destroy));
        match self {
            NextStep::AfterFailure { stack, status } => after_failure(stack, status, commands),
            NextStep::AfterInterrupt { stack, status } => {
                after_interrupt(stack, status.as_ref(), commands)
            }
            NextStep::RollbackStillBlocked { stack, blockers } if blockers.is_empty() => {
                console(stack, &deploy)
            }
            NextStep::RollbackStillBlocked { stack, blockers } => format!(
                "fix what stops {} from going back and run {deploy} again, or give up on putting them back: `{}` (the stack then assumes their old state)",
                blockers.join(", "),
                commands.aws(&format!(
                    "cloudformation continue-update-rollback --stack-name {stack} --resources-to-skip {}",
                    blockers.join(" ")
                ))
            ),
            NextStep::ContinueRollback { stack } => format!(
                "{} for {stack} to continue the rollback and deploy",
                run(ToolCommand::DeployYes)
            ),
            NextStep::DeleteStillBlocked { stack, blockers } if blockers.is_empty() => {
                console(stack, &destroy)
            }
            NextStep::DeleteStillBlocked { blockers, .. } => format!(
                "remove what blocks {} and run {destroy} again, or run {} to delete the stack and keep {} in the account",
                blockers.join(", "),
                run(ToolCommand::DestroyYes),
                if blockers.len() == 1 { "it" } else { "them" }
            ),
            NextStep::DestroyThenDeploy { stack } => format!(
                "{destroy} for {stack} (it retries and offers to keep what cannot be deleted), then {deploy}"
            ),
            NextStep::DestroyOrRecreate => {
                format!("run {destroy} or deploy again and accept the re-create")
            }
            NextStep::Bootstrap => format!("run {} first", run(ToolCommand::Bootstrap)),
            NextStep::Synth { then_deploy } => format!(
                "run {} to rebuild the assets{}",
                run(ToolCommand::Synth),
                if *then_deploy { ", then deploy again" } else { "" }
            ),
            NextStep::DeployFirst => format!("run {deploy} first"),
            NextStep::DeployToMatchCode => {
                format!("run {deploy} so the deployed stack matches the code")
            }
            NextStep::DeployToCleanUp => {
                format!("run {deploy} again: it removes a change set this run left")
            }
            NextStep::PlanAgain => format!(
                "make a new plan with {} and review it again",
                run(ToolCommand::DeployNoExecute)
            ),
        }
    }
}

fn console(stack: &str, command: &str) -> String {
    format!("look at the events of {stack} in the CloudFormation console, then run {command} again")
}

/// What gets a stack out of the state a failed operation left.
fn after_failure(stack: &str, status: &Status, commands: &dyn CommandLine) -> String {
    let deploy = format!("`{}`", commands.spell(ToolCommand::Deploy));
    let destroy = format!("`{}`", commands.spell(ToolCommand::Destroy));
    match status {
        Status::RollbackComplete => format!(
            "fix the cause and run {deploy} again (it offers to delete the failed stack {stack} and create it again)"
        ),
        Status::RollbackFailed => format!(
            "run {destroy} for {stack} (it retries and offers to keep what cannot be deleted), then {deploy}"
        ),
        Status::UpdateRollbackComplete => {
            format!("the stack is back to its previous state; fix the cause and run {deploy} again")
        }
        Status::UpdateRollbackFailed => format!(
            "run {deploy} again: it offers to continue the rollback of {stack} (ContinueUpdateRollback), then deploys"
        ),
        Status::DeleteFailed => format!(
            "remove what blocks the deletion (e.g. empty the bucket) and run {destroy} for {stack} again; if it still fails, that run offers to delete the stack and keep those resources"
        ),
        _ => console(stack, &deploy),
    }
}

/// What to run after Ctrl-C, by the status the stack is in.
fn after_interrupt(stack: &str, status: Option<&Status>, commands: &dyn CommandLine) -> String {
    let deploy = format!("`{}`", commands.spell(ToolCommand::Deploy));
    let destroy = format!("`{}`", commands.spell(ToolCommand::Destroy));
    let Some(status) = status else {
        return format!("nothing was deployed; run {deploy} when ready");
    };
    match status {
        Status::ReviewInProgress => format!("nothing was deployed; run {deploy} when ready"),
        Status::CreateInProgress => format!(
            "CloudFormation goes on creating {stack}: {deploy} waits for it and then applies your template; {destroy} removes it once it settles"
        ),
        Status::UpdateInProgress | Status::UpdateCompleteCleanupInProgress => format!(
            "CloudFormation goes on updating {stack}: {deploy} waits for it and shows the result; to roll the update back now run `{}`",
            commands.aws(&format!(
                "cloudformation cancel-update-stack --stack-name {stack}"
            ))
        ),
        Status::DeleteInProgress => {
            format!("CloudFormation goes on deleting {stack}: {destroy} follows it to the end")
        }
        other if other.is_in_progress() => format!(
            "CloudFormation goes on with {stack} ({other}): {deploy} waits for it to settle"
        ),
        Status::RollbackComplete
        | Status::RollbackFailed
        | Status::UpdateRollbackFailed
        | Status::DeleteFailed => after_failure(stack, status, commands),
        _ => format!("nothing is running on the stack; run {deploy} again when ready"),
    }
}

/// A program named `job` for the tests' messages: `job <command>`, then the
/// flags it is run with (`" --local"`, or none).
#[cfg(test)]
pub(crate) struct Job(pub &'static str);

#[cfg(test)]
impl CommandLine for Job {
    fn spell(&self, command: ToolCommand) -> String {
        format!("job {}{}", command.subcommand(), self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `job` run with `--local`.
    const JOB: Job = Job(" --local");

    fn failure(status: Status) -> String {
        NextStep::AfterFailure {
            stack: "app".to_owned(),
            status,
        }
        .describe(&JOB)
    }

    #[test]
    fn every_failed_state_names_the_command_that_gets_out_of_it() {
        for (status, command) in [
            (Status::RollbackComplete, "`job deploy --local`"),
            (Status::RollbackFailed, "`job destroy --local`"),
            (Status::UpdateRollbackComplete, "`job deploy --local`"),
            (Status::UpdateRollbackFailed, "`job deploy --local`"),
            (Status::DeleteFailed, "`job destroy --local`"),
        ] {
            let next = failure(status.clone());
            assert!(next.contains(command), "{status}: {next}");
            assert!(!next.contains("aws cloudformation"), "{status}: {next}");
        }
    }

    #[test]
    fn every_status_an_interrupt_can_leave_names_a_command() {
        for status in [
            None,
            Some(Status::ReviewInProgress),
            Some(Status::CreateInProgress),
            Some(Status::UpdateInProgress),
            Some(Status::UpdateRollbackInProgress),
            Some(Status::DeleteInProgress),
            Some(Status::CreateComplete),
            Some(Status::UpdateRollbackFailed),
        ] {
            let step = NextStep::AfterInterrupt {
                stack: "app".to_owned(),
                status: status.clone(),
            }
            .describe(&JOB);
            assert!(
                step.contains("`job deploy --local`")
                    || step.contains("`job destroy --local`")
                    || step.contains("`aws cloudformation"),
                "{status:?}: {step}"
            );
        }
        let updating = NextStep::AfterInterrupt {
            stack: "app".to_owned(),
            status: Some(Status::UpdateInProgress),
        };
        assert!(
            updating
                .describe(&JOB)
                .contains("`aws cloudformation cancel-update-stack --stack-name app`")
        );
    }

    #[test]
    fn a_rollback_that_fails_again_names_the_skip_command_for_exactly_those_resources() {
        let next = NextStep::RollbackStillBlocked {
            stack: "app".to_owned(),
            blockers: vec!["Logs".to_owned(), "Data".to_owned()],
        }
        .describe(&JOB);
        assert!(next.contains("fix what stops Logs, Data"), "{next}");
        assert!(next.contains("run `job deploy --local` again"), "{next}");
        assert!(
            next.contains(
                "`aws cloudformation continue-update-rollback --stack-name app --resources-to-skip Logs Data`"
            ),
            "{next}"
        );
    }

    #[test]
    fn a_declined_keep_names_both_ways_out() {
        let keep = |blockers: &[&str]| {
            NextStep::DeleteStillBlocked {
                stack: "app".to_owned(),
                blockers: blockers.iter().map(|b| (*b).to_owned()).collect(),
            }
            .describe(&JOB)
        };
        assert_eq!(
            keep(&["Data"]),
            "remove what blocks Data and run `job destroy --local` again, or run `job destroy --yes --local` to delete the stack and keep it in the account"
        );
        assert!(keep(&["A", "B"]).contains("keep them"));
        assert!(keep(&[]).contains("CloudFormation console"));
    }

    #[test]
    fn without_a_program_the_subcommand_stands_alone() {
        assert_eq!(
            NextStep::Bootstrap.describe(&Subcommand),
            "run `bootstrap` first"
        );
        assert_eq!(
            NextStep::ContinueRollback {
                stack: "app".to_owned()
            }
            .describe(&Subcommand),
            "`deploy --yes` for app to continue the rollback and deploy"
        );
    }
}
