//! How this program writes its own commands in what it tells the user:
//! with the name the user ran it by (the stack binary's, also inside
//! `cicd-dsl-aws`, which gets that name with the hand-over) and the flags
//! that chose the stack and the account, so that a suggested command acts
//! on the same stack as the one that printed it.

use super::Settings;
use super::aws_args::AwsFlags;
use super::hand_over::PROGRAM_ENV;
use std::ffi::OsStr;
use std::path::Path;

/// The program name and the user's flags that select the same stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCommandLine {
    program: String,
    /// `--config`, `--env`, `--stack-name`, `--region`, `--name-prefix`, `--tag`:
    /// every command takes them, and the last two change what a deploy
    /// deploys (a suggested `deploy` without them would rename or retag).
    settings_flags: Vec<String>,
    /// `--profile`, `--local`: only the AWS commands take them.
    aws_flags: Vec<String>,
    region: Option<String>,
    profile: Option<String>,
    local: bool,
}

impl UserCommandLine {
    pub fn new(program: &str, settings: &Settings, aws: Option<&AwsFlags>) -> Self {
        let mut settings_flags = Vec::new();
        let mut flag = |name: &str, value: Option<&OsStr>| {
            if let Some(value) = value {
                settings_flags.push(format!("{name} {}", shell_word(&value.to_string_lossy())));
            }
        };
        flag("--config", settings.config.as_deref().map(Path::as_os_str));
        flag("--env", settings.env.as_deref().map(OsStr::new));
        flag(
            "--stack-name",
            settings.stack_name.as_deref().map(OsStr::new),
        );
        flag("--region", settings.region.as_deref().map(OsStr::new));
        flag(
            "--name-prefix",
            settings.name_prefix.as_deref().map(OsStr::new),
        );
        for (key, value) in &settings.tags {
            flag("--tag", Some(OsStr::new(&format!("{key}={value}"))));
        }
        let mut aws_flags = Vec::new();
        let profile = aws.and_then(|a| a.profile.clone());
        if let Some(profile) = &profile {
            aws_flags.push(format!("--profile {}", shell_word(profile)));
        }
        if aws.is_some_and(|a| a.local) {
            aws_flags.push("--local".to_owned());
        }
        UserCommandLine {
            program: shell_word(program),
            settings_flags,
            aws_flags,
            region: settings.region.clone(),
            profile,
            local: aws.is_some_and(|a| a.local),
        }
    }

    /// `<program> <subcommand> <flags>`; `aws_command` says whether the
    /// subcommand takes `--profile` and `--local`.
    pub fn spell_subcommand(&self, subcommand: &str, aws_command: bool) -> String {
        let mut words = vec![self.program.clone(), subcommand.to_owned()];
        words.extend(self.settings_flags.iter().cloned());
        if aws_command {
            words.extend(self.aws_flags.iter().cloned());
        }
        words.join(" ")
    }
}

#[cfg(feature = "deploy")]
impl cicd_dsl_deploy::CommandLine for UserCommandLine {
    fn spell(&self, command: cicd_dsl_deploy::ToolCommand) -> String {
        let aws_command = command != cicd_dsl_deploy::ToolCommand::Synth;
        self.spell_subcommand(command.subcommand(), aws_command)
    }

    fn aws(&self, arguments: &str) -> String {
        let mut line = format!("aws {arguments}");
        if let Some(region) = &self.region {
            line.push_str(&format!(" --region {}", shell_word(region)));
        }
        if let Some(profile) = &self.profile {
            line.push_str(&format!(" --profile {}", shell_word(profile)));
        }
        // Without it the AWS CLI would act on a stack of the same name in
        // the real account.
        if self.local {
            let url = super::local_cmd::running_endpoint_url()
                .unwrap_or_else(|| "<the address `local status` prints>".to_owned());
            line.push_str(&format!(" --endpoint-url {url}"));
        }
        line
    }
}

/// The name this program was started by: the stack binary's, which it
/// hands to `cicd-dsl-aws` in [`PROGRAM_ENV`].
pub fn program_name() -> String {
    if let Some(name) = std::env::var(PROGRAM_ENV).ok().filter(|n| !n.is_empty()) {
        return name;
    }
    own_name()
}

/// This process's own file name, as the user typed it (`argv[0]`), or its
/// executable's when there is none.
pub fn own_name() -> String {
    let from = |path: &Path| {
        let name = path.file_name()?.to_string_lossy().into_owned();
        let name = name
            .strip_suffix(std::env::consts::EXE_SUFFIX)
            .filter(|stem| !stem.is_empty())
            .map_or(name.clone(), str::to_owned);
        (!name.is_empty()).then_some(name)
    };
    std::env::args_os()
        .next()
        .and_then(|arg0| from(Path::new(&arg0)))
        .or_else(|| std::env::current_exe().ok().and_then(|exe| from(&exe)))
        .unwrap_or_else(|| "the stack binary".to_owned())
}

/// `word` as the shell reads it back: quoted when it holds anything but
/// letters, digits and `-_./:=@+,`.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@+,".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parsed(args: &[&str]) -> super::super::Cli {
        super::super::Cli::try_parse_from(args).expect("the arguments parse")
    }

    fn aws_flags(cli: &super::super::Cli) -> Option<&AwsFlags> {
        super::super::aws_flags(&cli.command)
    }

    #[test]
    fn commands_carry_the_flags_that_choose_the_stack() {
        let cli = parsed(&[
            "job",
            "deploy",
            "--yes",
            "--stack-name",
            "jobs-dev",
            "--config",
            "my dir/cicd.toml",
            "--region",
            "eu-west-1",
            "--profile",
            "dev",
            "--tag",
            "A=b",
            "--name-prefix",
            "dev-",
            "--tag",
            "Owner=team x",
            "--out",
            "elsewhere",
        ]);
        let line = UserCommandLine::new("job", &cli.settings, aws_flags(&cli));
        assert_eq!(
            line.spell_subcommand("destroy", true),
            "job destroy --config 'my dir/cicd.toml' --stack-name jobs-dev --region eu-west-1 --name-prefix dev- --tag A=b --tag 'Owner=team x' --profile dev"
        );
        assert_eq!(
            line.spell_subcommand("synth", false),
            "job synth --config 'my dir/cicd.toml' --stack-name jobs-dev --region eu-west-1 --name-prefix dev- --tag A=b --tag 'Owner=team x'"
        );
        // `--local` takes no profile (the local endpoint has its own
        // credentials), and is carried the same way.
        let local = parsed(&["job", "deploy", "--local", "--stack-name", "jobs-dev"]);
        let line = UserCommandLine::new("job", &local.settings, aws_flags(&local));
        assert_eq!(
            line.spell_subcommand("destroy", true),
            "job destroy --stack-name jobs-dev --local"
        );
        assert!(
            super::super::Cli::try_parse_from(["job", "deploy", "--local", "--profile", "dev"])
                .is_err()
        );
    }

    #[cfg(feature = "deploy")]
    #[test]
    fn aws_cli_commands_go_to_the_same_account_region_and_endpoint() {
        use cicd_dsl_deploy::CommandLine;
        let cli = parsed(&["job", "deploy", "--region", "eu-west-1", "--profile", "dev"]);
        let line = UserCommandLine::new("job", &cli.settings, aws_flags(&cli));
        assert_eq!(
            line.aws("cloudformation cancel-update-stack --stack-name app"),
            "aws cloudformation cancel-update-stack --stack-name app --region eu-west-1 --profile dev"
        );
        let cli = parsed(&["job", "deploy", "--local"]);
        let line = UserCommandLine::new("job", &cli.settings, aws_flags(&cli));
        let local = line.aws("cloudformation cancel-update-stack --stack-name app");
        assert!(local.contains(" --endpoint-url "), "{local}");
    }

    #[test]
    fn without_flags_the_program_stands_alone() {
        let cli = parsed(&["pipeline", "destroy"]);
        let line = UserCommandLine::new("pipeline", &cli.settings, aws_flags(&cli));
        assert_eq!(line.spell_subcommand("deploy", true), "pipeline deploy");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
