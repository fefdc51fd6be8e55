//! The command line as the user meets it: clap's parser named after the
//! stack binary (so `--version`, `--help` and errors say `cicd-stack`, not
//! the library's package name), and a mistake turned into one line that
//! keeps clap's "did you mean" tip.

use super::Cli;
use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches};
use std::ffi::OsString;
use std::process::ExitCode;

/// What `--version` prints after the program's name: the binary is the
/// user's stack, built with this version of cicd-dsl.
pub const VERSION: &str = concat!("(cicd-dsl ", env!("CARGO_PKG_VERSION"), ")");

/// clap's command tree, named `program`.
pub fn command(program: &str) -> clap::Command {
    Cli::command()
        .name(program.to_owned())
        .bin_name(program.to_owned())
        .version(VERSION)
}

/// Parses `args` (the first is the program itself) for `program`.
pub fn parse<I, T>(program: &str, args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    command(program)
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches))
}

/// [`parse`] of this process's arguments, for a binary's `main`, which
/// parses once: the command tree is left to the process's exit rather than
/// freed (its thousands of allocations, freed one by one, were a tenth of a
/// millisecond of every start of a debug build).
pub fn parse_process_args(program: &str) -> Result<Cli, clap::Error> {
    let mut command = command(program);
    let matches = command.try_get_matches_from_mut(std::env::args_os());
    std::mem::forget(command);
    matches.and_then(|matches| Cli::from_arg_matches(&matches))
}

/// Help and version print as clap lays them out; a mistake on the command
/// line is one line on stderr, exit 2.
pub fn usage_error(error: &clap::Error) -> ExitCode {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    eprintln!("{}", one_line(error));
    ExitCode::from(2)
}

/// clap's first line (what is wrong) with its tips (the similar subcommand,
/// flag or value) on the same line: clap puts the tips further down, after a
/// blank line, where a one-line error would drop them.
pub fn one_line(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let mut lines = text.lines().map(str::trim);
    let first = lines.next().unwrap_or("error: invalid command line");
    let tips: Vec<&str> = lines
        .filter_map(|line| line.strip_prefix("tip:"))
        .map(str::trim)
        .collect();
    if tips.is_empty() {
        format!("{first} (see --help)")
    } else {
        format!("{first}; {} (see --help)", tips.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_line(args: &[&str]) -> String {
        let error = parse("job", args).expect_err("the command line is wrong");
        one_line(&error)
    }

    #[test]
    fn a_mistyped_subcommand_keeps_the_suggestion_on_one_line() {
        let line = error_line(&["job", "deplyo"]);
        assert_eq!(
            line,
            "error: unrecognized subcommand 'deplyo'; a similar subcommand exists: 'deploy' (see --help)"
        );
        let line = error_line(&["job", "graph", "--formt", "dot"]);
        assert!(
            line.contains("a similar argument exists: '--format'"),
            "{line}"
        );
        assert_eq!(line.lines().count(), 1);
    }

    #[test]
    fn version_names_the_program_and_the_cicd_dsl_it_was_built_with() {
        let version = command("job").render_version();
        assert_eq!(
            version.trim(),
            format!("job (cicd-dsl {})", env!("CARGO_PKG_VERSION"))
        );
    }

    /// Every option and argument of every subcommand says what it is in
    /// `--help`; new flags (from any branch) must, too.
    #[test]
    fn every_argument_of_every_subcommand_has_help() {
        fn missing(command: &clap::Command, path: &str, out: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                // clap's own --help and --version carry their text.
                if matches!(id, "help" | "version") {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    out.push(format!("{path} {id}"));
                }
            }
            for sub in command.get_subcommands() {
                missing(sub, &format!("{path} {}", sub.get_name()), out);
            }
        }
        let mut command = command("job");
        command.build();
        let mut without_help = Vec::new();
        missing(&command, "job", &mut without_help);
        assert!(
            without_help.is_empty(),
            "arguments without help text: {without_help:?}"
        );
    }
}
