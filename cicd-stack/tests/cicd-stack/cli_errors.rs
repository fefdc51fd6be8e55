//! A mistake on the command line or in the config file is one line that
//! says what and where, with a non-zero exit and nothing written.

use std::process::Command;

use crate::folders::scratch;

fn cicd_stack(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_cicd-stack"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn unknown_flag_value_and_subcommand_are_one_line_each() {
    let dir = scratch("cli-errors-flags");
    for (args, says) in [
        (&["--bogus", "synth"][..], "unexpected argument '--bogus'"),
        (
            &["synth", "--output", "yaml"][..],
            "invalid value 'yaml' for '--output",
        ),
        (&["frobnicate"][..], "unrecognized subcommand 'frobnicate'"),
        (
            &["deplyo"][..],
            "unrecognized subcommand 'deplyo'; a similar subcommand exists: 'deploy'",
        ),
        (
            &["graph", "--tag", "novalue"][..],
            "`novalue` is not KEY=VALUE",
        ),
    ] {
        let (code, stdout, stderr) = cicd_stack(&dir, args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    assert!(
        std::fs::read_dir(&dir).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn version_names_the_stack_binary() {
    let (code, stdout, stderr) = cicd_stack(&scratch("cli-version"), &["--version"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.trim(),
        format!("cicd-stack (cicd-dsl {})", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn bad_config_file_names_the_file_line_and_key() {
    let dir = scratch("cli-errors-config");
    std::fs::write(
        dir.join("cicd.toml"),
        "region = \"us-east-1\"\nstak_name = \"x\"\n",
    )
    .unwrap();
    let (code, _, stderr) = cicd_stack(&dir, &["synth", "--stdout"]);
    assert_ne!(code, 0);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cicd.toml:2:1"), "{stderr}");
    assert!(stderr.contains("stak_name"), "{stderr}");
    let entries: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(entries.len(), 1, "only the config file is there");

    std::fs::write(dir.join("cicd.toml"), "name_prefix = 3\n").unwrap();
    let (code, _, stderr) = cicd_stack(&dir, &["synth", "--stdout"]);
    assert_ne!(code, 0);
    assert!(stderr.starts_with("error: cicd.toml:1:"), "{stderr}");
}
