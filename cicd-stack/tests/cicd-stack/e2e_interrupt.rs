//! Ctrl-C during a deploy, and a second deploy while one runs, through a
//! proxy that holds every request back so there is time to act: the
//! interrupted deploy exits 130 saying where the stack is and what to run,
//! and leaves no change set; the second deploy waits, then finds nothing
//! to do.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use cicd_dsl_tests::clients::runtime;
use cicd_dsl_tests::endpoint::Endpoint;
use fault_proxy::{FaultConfig, FaultKind, FaultProxy};

use crate::cli::Cli;
use crate::folders::out_dir;

const STACK: &str = "cicd-pipeline";

/// A bootstrapped endpoint, and deploys of the real binary that reach it
/// through a proxy holding every request back, sharing one synth folder
/// and one lock folder.
struct SlowDeploys {
    // Dropped first: the proxy stops before the endpoint behind it.
    proxy: FaultProxy,
    endpoint: Endpoint,
    out: PathBuf,
    locks: PathBuf,
}

impl SlowDeploys {
    /// Every request waits `millis` in the proxy before it is forwarded.
    fn new(test: &str, millis: u64) -> SlowDeploys {
        let endpoint = Endpoint::start();
        let out = out_dir(test);
        Cli::against(&endpoint, &out)
            .run(&["bootstrap"])
            .expect_ok();
        let proxy = FaultProxy::start(
            &endpoint.url(),
            FaultConfig::only(FaultKind::Delay, 1.0, 7).with_delay(Duration::from_millis(millis)),
        )
        .expect("the proxy starts");
        SlowDeploys {
            proxy,
            endpoint,
            locks: out.join("locks"),
            out,
        }
    }

    fn spawn_deploy(&self) -> Child {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cicd-stack"));
        command
            .args(["deploy", "--yes", "--output", "json", "--out"])
            .arg(&self.out)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("AWS_PROFILE")
            .env("NO_COLOR", "1")
            .env("CICD_DSL_LOCK_DIR", &self.locks)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in self.endpoint.env_vars() {
            command.env(key, value);
        }
        command.env("AWS_ENDPOINT_URL", self.proxy.url());
        command.spawn().expect("cicd-stack starts")
    }
}

/// Reads stderr until a line contains `marker`; returns what was read and
/// the reader for the rest.
fn read_until(
    child: &mut Child,
    marker: &str,
) -> (Vec<String>, BufReader<std::process::ChildStderr>) {
    let mut reader = BufReader::new(child.stderr.take().unwrap());
    let mut seen = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            panic!("stderr ended before `{marker}`:\n{}", seen.join(""));
        }
        seen.push(line.clone());
        if line.contains(marker) {
            return (seen, reader);
        }
    }
}

fn rest(reader: BufReader<std::process::ChildStderr>) -> String {
    reader.lines().map(|l| l.unwrap() + "\n").collect()
}

/// This tool's change sets on the stack, read from the endpoint directly.
fn change_sets(endpoint: &Endpoint) -> (Option<String>, Vec<String>) {
    runtime().block_on(async {
        let cfn = aws_sdk_cloudformation::Client::new(&endpoint.sdk_config().await);
        let status = match cfn.describe_stacks().stack_name(STACK).send().await {
            Ok(out) => out
                .stacks()
                .first()
                .and_then(|s| s.stack_status())
                .map(|s| s.as_str().to_owned()),
            Err(_) => None,
        };
        let names = match status {
            Some(_) => cfn
                .list_change_sets()
                .stack_name(STACK)
                .send()
                .await
                .unwrap()
                .summaries()
                .iter()
                .filter(|c| {
                    !matches!(
                        c.execution_status().map(|e| e.as_str()),
                        Some("EXECUTE_COMPLETE" | "OBSOLETE")
                    )
                })
                .filter_map(|c| c.change_set_name().map(str::to_owned))
                .collect(),
            None => Vec::new(),
        };
        (status.filter(|s| s != "DELETE_COMPLETE"), names)
    })
}

#[test]
fn ctrl_c_during_a_deploy_removes_its_change_set_and_says_what_to_run() {
    let deploys = SlowDeploys::new("interrupt", 1000);
    let mut deploy = deploys.spawn_deploy();
    // The change set exists and is shown; with --yes its execution is the
    // next call, which the proxy holds for a second: press Ctrl-C now.
    let (mut seen, reader) = read_until(&mut deploy, &format!("Changes to {STACK}"));
    let sent = Command::new("kill")
        .args(["-INT", &deploy.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    seen.push(rest(reader));
    let stderr = seen.concat();
    let status = deploy.wait().unwrap();
    let stdout = std::io::read_to_string(deploy.stdout.take().unwrap()).unwrap();

    assert_eq!(status.code(), Some(130), "stderr:\n{stderr}");
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("interrupted: "))
        .unwrap_or_else(|| panic!("no summary line:\n{stderr}"));
    assert!(summary.contains(" Next: "), "{summary}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(json["interrupted"], summary);

    // The endpoint's truth, read around the proxy.
    let (stack_status, left) = change_sets(&deploys.endpoint);
    assert!(left.is_empty(), "change sets left behind: {left:?}");
    match stack_status {
        // The execution never reached CloudFormation: the change set and
        // the empty stack it had created are gone.
        None => assert!(
            summary.contains("removed the change set cicd-dsl-")
                && summary.contains("and the empty stack it had created"),
            "{summary}"
        ),
        Some(status) => assert!(
            summary.contains(&format!("{STACK} is {status}")),
            "{summary}"
        ),
    }
    eprintln!("{summary}");
}

#[test]
fn a_second_deploy_waits_for_the_first_and_then_finds_nothing_to_do() {
    // The first deploy has at least six calls to make after it uploads the
    // asset (3 s here), so the second one reaches the lock while it runs.
    let deploys = SlowDeploys::new("concurrent", 500);
    let mut first = deploys.spawn_deploy();
    let (_, first_rest) = read_until(&mut first, "uploaded asset");
    let mut second = deploys.spawn_deploy();
    let (_, second_rest) = read_until(&mut second, "is running on this machine");

    let first_stderr = rest(first_rest);
    assert!(first.wait().unwrap().success(), "{first_stderr}");
    let second_stderr = rest(second_rest);
    assert!(second.wait().unwrap().success(), "{second_stderr}");
    let second_json: serde_json::Value =
        serde_json::from_reader(second.stdout.take().unwrap()).unwrap();
    assert_eq!(second_json["status"], "NoChanges", "{second_json:#}");
    assert_eq!(change_sets(&deploys.endpoint).1, Vec::<String>::new());
}
