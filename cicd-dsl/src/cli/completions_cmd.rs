//! `completions <shell>`: the shell's completion script for this stack
//! binary, generated from the same command tree clap parses, so every
//! subcommand and flag (and the values of `--output`, `--format`) complete.

use super::{CliError, command_line, usage};
use clap_complete::Shell;
use std::io::Write;
use std::process::ExitCode;

pub fn run(shell: Shell) -> Result<ExitCode, CliError> {
    let program = command_line::own_name();
    let mut script = Vec::new();
    write_script(shell, &program, &mut script);
    std::io::stdout()
        .write_all(&script)
        .map_err(|e| CliError::Io(format!("cannot write the completion script: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// The completion script of `shell` for the program named `program`.
fn write_script(shell: Shell, program: &str, out: &mut dyn Write) {
    let mut command = usage::command(program);
    clap_complete::generate(shell, &mut command, program, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shell_gets_a_script_naming_the_program_and_its_commands() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let mut script = Vec::new();
            write_script(shell, "my-stack", &mut script);
            let script = String::from_utf8(script).unwrap();
            for word in ["my-stack", "push-source", "allow-replace", "mermaid"] {
                assert!(script.contains(word), "{shell}: no `{word}`");
            }
        }
    }
}
