//! `watch` through the stack binary, against the local endpoint: after a
//! deploy, a save of the function's source rebuilds it and hotswaps the
//! function (its CodeSha256 changes), one line per cycle; a save that does
//! not compile prints the error and the watch goes on to the next save;
//! SIGINT (Ctrl-C) ends it with exit code 130. The source is edited in a
//! copy of the workspace, as in `e2e_hotswap`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use cicd_dsl_tests::clients::{runtime, sdk_config};
use cicd_dsl_tests::local_run::LocalRun;

use super::workspace_copy::WorkspaceCopy;

const EDITED: &str = "lambda/src/function.rs";
const ORIGINAL_TEXT: &str = "\"job succeeded\"";
/// A debug build of the function's crates, on dependencies already compiled;
/// generous for a machine busy with the rest of the suite.
const CYCLE: Duration = Duration::from_secs(600);

#[test]
fn a_save_rebuilds_and_hotswaps_a_build_error_waits_and_ctrl_c_stops() {
    let copy = WorkspaceCopy::new();
    let cli = LocalRun::with_temp_state(
        env!("CARGO_BIN_EXE_cicd-stack"),
        copy.path("cicd-stack").to_str().unwrap(),
        copy.path("cicd.out"),
    );
    let (created, _) = cli.ok(&["deploy", "--local", "--yes"]);
    let endpoint = created["local"]["endpoint"].as_str().unwrap().to_owned();
    let deployed = code_sha256(&endpoint);

    let mut child = cli
        .command(&["watch", "--local"], "human")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("watch starts");
    let mut watch = Watch {
        stdout: lines_of(child.stdout.take().unwrap()),
        stderr: lines_of(child.stderr.take().unwrap()),
        child,
    };
    let opening = watch.wait_for(Stream::Err, "watching", Duration::from_secs(120));
    assert!(opening.contains("tag-production-image"), "{opening}");

    // A save that changes the code: rebuilt and hotswapped.
    copy.edit(
        EDITED,
        ORIGINAL_TEXT,
        "\"job succeeded (watch, first save)\"",
    );
    let line = watch.wait_for(Stream::Out, "changed", CYCLE);
    eprintln!("watch printed: {line}");
    assert!(
        line.starts_with("lambda/src/function.rs changed: built in ")
            && line.contains(", hotswapped TagProduction in "),
        "{line}"
    );
    let first = code_sha256(&endpoint);
    assert_ne!(first, deployed, "the function runs the new code");

    // A save that does not compile: the error, a line, and the watch goes on.
    copy.edit(
        EDITED,
        "\"job succeeded (watch, first save)\"",
        "\"job succeeded (watch, broken save)\" +",
    );
    let line = watch.wait_for(Stream::Out, "changed", CYCLE);
    eprintln!("watch printed: {line}");
    assert!(
        line.contains("build failed after") && line.ends_with("waiting for the next save"),
        "{line}"
    );
    watch.wait_for(
        Stream::Err,
        "error: building the code asset",
        Duration::from_secs(5),
    );
    assert_eq!(code_sha256(&endpoint), first, "nothing deployed");

    // The next good save is hotswapped.
    copy.edit(
        EDITED,
        "\"job succeeded (watch, broken save)\" +",
        "\"job succeeded (watch, fixed save)\"",
    );
    let line = watch.wait_for(Stream::Out, "changed", CYCLE);
    eprintln!("watch printed: {line}");
    assert!(line.contains(", hotswapped TagProduction in "), "{line}");
    let fixed = code_sha256(&endpoint);
    assert!(fixed != first && fixed != deployed);

    // Ctrl-C: a clean stop, exit 130.
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &watch.child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = watch.child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{status}");
    watch.wait_for(Stream::Err, "stopped watching", Duration::from_secs(5));
}

/// The lines a child prints, as they come.
fn lines_of(stream: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (send, receive) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// The running `watch` and the lines it prints, as they come.
struct Watch {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

#[derive(Clone, Copy)]
enum Stream {
    Out,
    Err,
}

impl Watch {
    /// The first line of `stream` that contains `text`; the watch is
    /// stopped and the test fails, showing what both streams said, if none
    /// comes within `limit` (or the watch ends).
    fn wait_for(&mut self, stream: Stream, text: &str, limit: Duration) -> String {
        let deadline = std::time::Instant::now() + limit;
        let mut seen = Vec::new();
        loop {
            let lines = match stream {
                Stream::Out => &self.stdout,
                Stream::Err => &self.stderr,
            };
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(line) => seen.push(line),
                Err(_) => {
                    let _ = self.child.kill();
                    let status = self.child.wait();
                    std::thread::sleep(Duration::from_millis(200));
                    let rest: Vec<String> = self
                        .stdout
                        .try_iter()
                        .chain(self.stderr.try_iter())
                        .collect();
                    panic!(
                        "no line with {text:?} within {limit:?} (watch: {status:?}); saw:\n{}\nand:\n{}",
                        seen.join("\n"),
                        rest.join("\n")
                    );
                }
            }
        }
    }
}

fn code_sha256(endpoint: &str) -> String {
    runtime().block_on(async {
        let sdk = sdk_config(endpoint).await;
        let lambda = aws_sdk_lambda::Client::new(&sdk);
        lambda
            .get_function_configuration()
            .function_name("tag-production-image")
            .send()
            .await
            .unwrap()
            .code_sha256()
            .unwrap()
            .to_owned()
    })
}
