//! The deploy engine speaks for whichever stack binary runs it: a failed
//! deploy of the report job, run with `--local` as a user runs it, names
//! `example-scheduled-job` (not the pipeline's binary) and the flags that
//! chose the stack in the command it suggests.
//!
//! The deploy fails through the local endpoint's test fault (see
//! local-aws/README.md): the first create of the bucket fails, so the
//! stack ends ROLLBACK_COMPLETE. The endpoint is the one `--local` starts,
//! with its state in a folder of this test's own.

use cicd_dsl_tests::routes::{Fault, arm_fault};

const STACK: &str = "report-job-next-step";

#[test]
fn a_failed_deploy_names_this_binary_and_its_flags_in_the_next_step() {
    let local = cicd_dsl_tests::local_run!("example-scheduled-job", "next-step");
    let (started, _) = local.ok(&["local", "start"]);
    let endpoint = started["endpoint"]
        .as_str()
        .expect("the endpoint's address")
        .to_owned();
    // The first create of the bucket fails once.
    arm_fault(
        &endpoint,
        &Fault {
            stack: STACK,
            logical_id: "Reports",
            operation: "CREATE",
            after: 0,
            times: 1,
        },
    );

    let (deployed, json, stderr) =
        local.run(&["deploy", "--local", "--yes", "--stack-name", STACK]);
    assert!(!deployed, "the deploy must fail: {json:#}\n{stderr}");
    let error = json["error"].as_str().expect("an error").to_owned();
    assert_eq!(
        stderr.lines().last(),
        Some(format!("error: {error}").as_str()),
        "one line on stderr, the same as in the JSON"
    );
    assert!(error.contains("ended in ROLLBACK_COMPLETE"), "{error}");
    assert!(error.contains("Reports (AWS::S3::Bucket)"), "{error}");
    assert!(
        error.contains(&format!(
            "Next: fix the cause and run `example-scheduled-job deploy --stack-name {STACK} --local` again"
        )),
        "{error}"
    );
    assert!(!error.contains("cicd-stack"), "{error}");
}
