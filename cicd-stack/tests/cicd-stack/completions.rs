//! `completions bash` prints a script bash accepts and that registers the
//! completion of `cicd-stack`, with its subcommands.

use std::process::Command;

use crate::folders::scratch;

#[test]
fn the_bash_script_registers_completion_for_the_binary() {
    let output = Command::new(env!("CARGO_BIN_EXE_cicd-stack"))
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let script = scratch("completions").join("cicd-stack.bash");
    std::fs::write(&script, &output.stdout).unwrap();
    let sourced = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p cicd-stack",
            script.display()
        ))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&sourced.stdout);
    assert!(
        sourced.status.success(),
        "{}",
        String::from_utf8_lossy(&sourced.stderr)
    );
    assert!(said.contains("cicd-stack"), "{said}");
    let text = String::from_utf8_lossy(&output.stdout);
    for subcommand in ["deploy", "push-source", "completions"] {
        assert!(text.contains(subcommand), "no {subcommand}");
    }
}
