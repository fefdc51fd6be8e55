//! Getting the pipeline stack out of each stuck or failed state with the
//! real `cicd-stack` binary against the local endpoint, following the
//! `Next:` the binary printed.
//!
//! How each state is reached: REVIEW_IN_PROGRESS by killing a deploy at its
//! confirmation prompt (run on a terminal through util-linux `script`), which
//! leaves its CREATE change set unexecuted;
//! ROLLBACK_COMPLETE by a CodeBuild project of the stack's name made
//! outside it (see `blocking_project`); UPDATE_ROLLBACK_FAILED by the endpoint's test fault (nothing real
//! makes putting a resource back fail there); DELETE_FAILED by a managed
//! policy attached to the build role outside the stack (IAM's DeleteConflict).

use std::io::{BufReader, Read};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use cicd_dsl_tests::clients::runtime;
use cicd_dsl_tests::endpoint::Endpoint;
use cicd_dsl_tests::routes::Fault;
use serde_json::Value;

use crate::blocking_project;
use crate::cli::{Cli, Run};
use crate::folders::out_dir;

const STACK: &str = "cicd-pipeline";

/// The error a failed run printed: one line on stderr, the same in the JSON.
fn error_of(run: &Run) -> String {
    assert!(!run.success, "expected a failure:\n{}", run.stdout);
    let error = run.json()["error"].as_str().expect("an error").to_owned();
    assert_eq!(
        run.stderr.lines().last().unwrap(),
        format!("error: {error}"),
        "one line on stderr"
    );
    error
}

/// Starts `deploy` on a terminal (so it asks before executing its change
/// set) and kills it at the question: what a user's Ctrl-C or a lost SSH
/// session leaves behind.
fn kill_deploy_at_its_prompt(cli: &Cli) {
    let mut command_line = format!(
        "exec '{}' deploy --out '{}'",
        env!("CARGO_BIN_EXE_cicd-stack"),
        cli.out.display()
    );
    command_line.push_str(" 2>&1");
    let mut command = cli.on_terminal(&command_line);
    let mut child = command.spawn().expect("util-linux `script` runs");
    let stdout = child.stdout.take().unwrap();
    let screen = Arc::new(Mutex::new(String::new()));
    let (seen, asked) = mpsc::channel();
    let written = Arc::clone(&screen);
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut byte = [0u8; 1];
        // The question has no newline after it: read byte by byte.
        while reader.read(&mut byte).is_ok_and(|n| n == 1) {
            let mut text = written.lock().unwrap();
            text.push(byte[0] as char);
            // Any question ends in `[y/N] `; one other than the expected
            // one would wait for an answer that never comes.
            if text.ends_with("[y/N] ") {
                let _ = seen.send(text.contains("Deploy these changes to cicd-pipeline?"));
                return;
            }
        }
        let _ = seen.send(false);
    });
    // A first build of the function's release binary can take many minutes.
    let answer = asked.recv_timeout(Duration::from_secs(900));
    if answer != Ok(true) {
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "deploy did not ask to deploy its changes ({answer:?}); its screen:\n{}",
            screen.lock().unwrap()
        );
    }
    child.kill().expect("kill");
    child.wait().expect("wait");
    // The deploy dies with its terminal; give it a moment to be gone.
    std::thread::sleep(Duration::from_secs(1));
}

/// The physical name of one of the stack's IAM roles.
fn role_name(rt: &tokio::runtime::Runtime, iam: &aws_sdk_iam::Client, logical_id: &str) -> String {
    let roles = rt.block_on(iam.list_roles().send()).expect("ListRoles");
    roles
        .roles()
        .iter()
        .map(|r| r.role_name().to_owned())
        .find(|name| name.contains(logical_id))
        .unwrap_or_else(|| panic!("no role for {logical_id}"))
}

fn recovery(outcome: &Value) -> String {
    outcome["recovery"]
        .as_array()
        .map(|notes| {
            notes
                .iter()
                .map(|n| n.as_str().unwrap_or_default())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .unwrap_or_default()
}

#[test]
fn every_stuck_state_has_a_way_out_that_the_message_names() {
    let endpoint = Endpoint::start();
    let cli = Cli::against(&endpoint, &out_dir("recovery"));
    let rt = runtime();
    let sdk = rt.block_on(endpoint.sdk_config());
    let iam = aws_sdk_iam::Client::new(&sdk);
    cli.run(&["bootstrap"]).expect_ok();

    // A stack in review only (nothing deployed): destroy deletes it. Done
    // first, while nothing a destroy kept is in the account (a deploy would
    // offer to import that before its review).
    kill_deploy_at_its_prompt(&cli);
    let destroyed = cli.destroy_ok();
    assert!(
        recovery(&destroyed).contains("REVIEW_IN_PROGRESS")
            && recovery(&destroyed).contains("cicd-dsl-"),
        "{destroyed:#}"
    );

    // REVIEW_IN_PROGRESS: a change set an interrupted deploy left, and a
    // CodeBuild project of the same name in the way of the first create.
    kill_deploy_at_its_prompt(&cli);
    rt.block_on(blocking_project::create(&sdk));
    let failed = cli.run(&["deploy", "--yes"]);
    let error = error_of(&failed);
    assert!(error.contains("ended in ROLLBACK_COMPLETE"), "{error}");
    assert!(
        error.contains("DockerBuild (AWS::CodeBuild::Project) CREATE_FAILED"),
        "{error}"
    );
    assert!(
        error.contains(blocking_project::PROJECT),
        "AWS's reason: {error}"
    );
    assert!(
        error.contains("Next: fix the cause and run `cicd-stack deploy` again"),
        "{error}"
    );
    assert!(
        failed
            .stderr
            .contains("was REVIEW_IN_PROGRESS (an earlier deploy stopped before executing its change set); removed the change set(s) it left: cicd-dsl-"),
        "{}",
        failed.stderr
    );

    // ROLLBACK_COMPLETE: the cause removed, the next deploy re-creates,
    // adopting the stateful items the rollback kept (DeletionPolicy Retain).
    rt.block_on(blocking_project::delete(&sdk));
    let created = cli.deploy_ok(&["--adopt-existing"], "Updated", "UPDATE_COMPLETE");
    assert!(
        recovery(&created).contains("was ROLLBACK_COMPLETE"),
        "{created:#}"
    );

    // UPDATE_ROLLBACK_FAILED: the tag update of the bucket fails, and so
    // does putting it back.
    endpoint.arm_fault(&Fault {
        stack: STACK,
        logical_id: "Artifacts",
        operation: "UPDATE",
        after: 0,
        times: 2,
    });
    let error = error_of(&cli.run(&["deploy", "--yes", "--tag", "CostCenter=1234"]));
    assert!(error.contains("ended in UPDATE_ROLLBACK_FAILED"), "{error}");
    assert!(error.contains("Artifacts (AWS::S3::Bucket)"), "{error}");
    assert!(
        // The command to run next keeps the flag that chose the tags.
        error.contains(
            "Next: run `cicd-stack deploy --tag CostCenter=1234` again: it offers to continue the rollback"
        ),
        "{error}"
    );
    let error = error_of(&cli.run(&["deploy", "--tag", "CostCenter=1234"]));
    assert!(error.contains("is UPDATE_ROLLBACK_FAILED"), "{error}");
    assert!(
        error.contains("Next: `cicd-stack deploy --yes --tag CostCenter=1234` for cicd-pipeline"),
        "{error}"
    );
    let updated = cli.deploy_ok(&["--tag", "CostCenter=1234"], "Updated", "UPDATE_COMPLETE");
    assert!(
        recovery(&updated).contains("continued the rollback"),
        "{updated:#}"
    );

    // DELETE_FAILED: a policy attached to the build role outside the stack.
    let role = role_name(&rt, &iam, "BuildRole");
    let document = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#;
    let policy = rt
        .block_on(
            iam.create_policy()
                .policy_name("added-by-hand")
                .policy_document(document)
                .send(),
        )
        .expect("CreatePolicy");
    let policy_arn = policy.policy().and_then(|p| p.arn()).unwrap().to_owned();
    rt.block_on(
        iam.attach_role_policy()
            .role_name(&role)
            .policy_arn(&policy_arn)
            .send(),
    )
    .expect("AttachRolePolicy");
    let error = error_of(&cli.run(&["destroy", "--yes"]));
    assert!(error.contains("ended in DELETE_FAILED"), "{error}");
    assert!(
        error.contains("BuildRole (AWS::IAM::Role) DELETE_FAILED"),
        "{error}"
    );
    assert!(error.contains("DeleteConflict"), "AWS's reason: {error}");
    assert!(
        error.contains("run `cicd-stack destroy` for cicd-pipeline again"),
        "{error}"
    );
    let destroyed = cli.destroy_ok();
    let kept = &destroyed["kept_after_failed_delete"];
    assert_eq!(kept[0]["logical_id"], "BuildRole", "{destroyed:#}");
    assert_eq!(kept[0]["physical_id"], role.as_str(), "{destroyed:#}");
    rt.block_on(iam.get_role().role_name(&role).send())
        .expect("the kept role stays in the account");
}
