//! The subcommand's name as the user types it, for `--output json` errors.

use super::Command;

impl Command {
    /// `deploy`, `push-source`, ...
    pub fn name(&self) -> &'static str {
        match self {
            Command::Synth { .. } => "synth",
            Command::Graph { .. } => "graph",
            Command::Check { .. } => "check",
            Command::Bootstrap { .. } => "bootstrap",
            Command::Deploy { .. } => "deploy",
            Command::Diff { .. } => "diff",
            Command::Drift { .. } => "drift",
            Command::Destroy { .. } => "destroy",
            Command::Outputs { .. } => "outputs",
            Command::Ls { .. } => "ls",
            Command::Watch { .. } => "watch",
            Command::PushSource { .. } => "push-source",
            Command::Stackset { .. } => "stackset",
            Command::Local { .. } => "local",
            Command::Completions { .. } => "completions",
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Each name is the one clap parses, so a renamed subcommand cannot
    /// leave a stale name in the JSON errors.
    #[test]
    fn each_name_is_the_subcommand_clap_knows() {
        let cli = super::super::Cli::command();
        let known: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
        for args in [
            &["x", "synth"][..],
            &["x", "graph"],
            &["x", "check"],
            &["x", "bootstrap"],
            &["x", "deploy"],
            &["x", "diff"],
            &["x", "drift"],
            &["x", "destroy"],
            &["x", "outputs"],
            &["x", "ls"],
            &["x", "watch"],
            &["x", "push-source", "dir"],
            &["x", "local", "status"],
            &["x", "completions", "bash"],
        ] {
            let parsed = <super::super::Cli as clap::Parser>::try_parse_from(args).unwrap();
            assert_eq!(parsed.command.name(), args[1]);
            assert!(known.contains(&args[1]));
        }
    }
}
