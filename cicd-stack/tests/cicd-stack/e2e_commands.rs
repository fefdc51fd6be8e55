//! The commands around a deploy, with the real `cicd-stack` binary against
//! the local endpoint: what `destroy` says it deletes and keeps, a stack
//! that never got any resource, termination protection, saved plans
//! (`--no-execute`, `--execute`), `ls`, `outputs`, `--outputs-file` and
//! `--role-arn`.

use cicd_dsl_tests::clients::runtime;
use cicd_dsl_tests::endpoint::Endpoint;

use crate::blocking_project;
use crate::cli::Cli;
use crate::folders::out_dir;

/// One test, so that both parts share one synth folder and the function's
/// zip is built once (each part has an endpoint of its own).
#[test]
fn commands_around_a_deploy() {
    destroy_counts_what_it_deletes_and_keeps_and_a_failed_create_is_nothing_to_destroy();
    saved_plans_run_as_reviewed_and_outputs_ls_and_outputs_file_read_the_stack();
}

fn destroy_counts_what_it_deletes_and_keeps_and_a_failed_create_is_nothing_to_destroy() {
    let endpoint = Endpoint::start();
    let cli = Cli::against(&endpoint, &out_dir("commands"));
    let rt = runtime();
    let sdk = rt.block_on(endpoint.sdk_config());
    cli.run(&["bootstrap"]).expect_ok();

    // A CodeBuild project of the same name makes the first create roll back: the
    // stack exists (ROLLBACK_COMPLETE) and holds nothing.
    rt.block_on(blocking_project::create(&sdk));
    assert!(!cli.run(&["deploy", "--yes"]).success);
    // No --yes and no terminal: nothing is lost, so nothing is asked.
    let run = cli.run(&["destroy"]);
    let empty = run.json();
    assert!(run.success, "{empty:#}\n{}", run.stderr);
    assert_eq!(empty["existed"], true, "{empty:#}");
    assert_eq!(empty["nothing_to_destroy"], true, "{empty:#}");
    assert_eq!(empty["deleted_count"], 0);
    assert_eq!(empty["kept_count"], 0);
    assert_eq!(empty["retained"], serde_json::json!([]), "{empty:#}");
    assert!(
        run.stderr
            .contains("is ROLLBACK_COMPLETE and holds no resources: nothing to destroy"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("not created"), "{}", run.stderr);
    let human = cli.run_human(&["destroy", "--yes"]);
    assert!(human.success);
    assert_eq!(
        human.stdout.trim(),
        "cicd-pipeline: does not exist; nothing to destroy"
    );
    rt.block_on(blocking_project::delete(&sdk));

    // A deployed stack: the four stateful items are kept, the rest deleted,
    // and the two numbers add up to what the stack held. The rolled-back
    // create kept its stateful items (DeletionPolicy Retain), so the deploy
    // adopts them (an import, then an update with the rest).
    let created = cli.deploy_ok(&["--adopt-existing"], "Updated", "UPDATE_COMPLETE");
    let cfn = aws_sdk_cloudformation::Client::new(&sdk);
    let held = rt
        .block_on(
            cfn.describe_stack_resources()
                .stack_name("cicd-pipeline")
                .send(),
        )
        .unwrap()
        .stack_resources()
        .len();

    // The stack holds a bucket, a repository and log groups: deploy turned
    // termination protection on, and CloudFormation itself refuses to
    // delete it.
    assert_eq!(created["protection_turned_on"], true, "{created:#}");
    let protected = || {
        rt.block_on(cfn.describe_stacks().stack_name("cicd-pipeline").send())
            .unwrap()
            .stacks()[0]
            .enable_termination_protection()
    };
    assert_eq!(protected(), Some(true));
    let refused = rt
        .block_on(cfn.delete_stack().stack_name("cicd-pipeline").send())
        .unwrap_err();
    assert!(
        format!("{refused:?}").contains("TerminationProtection is enabled"),
        "{refused:?}"
    );
    // destroy explains it and, with nobody to confirm, changes nothing.
    let unconfirmed = cli.run_human(&["destroy"]);
    assert!(!unconfirmed.success);
    assert!(
        unconfirmed
            .stderr
            .contains("cicd-pipeline has termination protection on (deploy turns it on for stacks that hold buckets, repositories or log groups)"),
        "{}",
        unconfirmed.stderr
    );
    assert!(
        unconfirmed.stderr.trim_end().ends_with(
            "error: not running on a terminal, so there is no one to confirm: pass --yes to turn off termination protection and destroy"
        ),
        "{}",
        unconfirmed.stderr
    );
    assert_eq!(protected(), Some(true), "still protected");
    // A second deploy leaves protection as it is (already on).
    let again = cli.run(&["deploy", "--yes"]).expect_ok();
    assert_eq!(again["protection_turned_on"], false, "{again:#}");

    let human = cli.run_human(&["destroy", "--yes"]);
    assert!(human.success, "{}", human.stderr);
    assert!(
        human.stderr.contains("has termination protection on"),
        "{}",
        human.stderr
    );
    let deleted = held - 4;
    assert!(
        human.stderr.contains(&format!(
            "Destroying cicd-pipeline deletes {deleted} resources and keeps 4."
        )),
        "{}",
        human.stderr
    );
    assert!(
        human.stdout.starts_with(&format!(
            "cicd-pipeline: DELETE_COMPLETE ({deleted} deleted, 4 kept)"
        )),
        "{}",
        human.stdout
    );
}

/// A saved plan, run as made and refused once the stack moved on; the
/// read-only commands before and after the stack exists.
fn saved_plans_run_as_reviewed_and_outputs_ls_and_outputs_file_read_the_stack() {
    let endpoint = Endpoint::start();
    let cli = Cli::against(&endpoint, &out_dir("commands"));
    let rt = runtime();
    let sdk = rt.block_on(endpoint.sdk_config());
    let cfn = aws_sdk_cloudformation::Client::new(&sdk);
    let files = tempfile::tempdir().unwrap();

    // Before any deploy: ls names the stack as not deployed; outputs is an error.
    let listed = cli.run(&["ls"]).expect_ok();
    assert_eq!(listed["stacks"][0]["stack_name"], "cicd-pipeline");
    assert_eq!(listed["stacks"][0]["deployed"], false, "{listed:#}");
    let human = cli.run_human(&["ls"]);
    assert_eq!(human.stdout.trim(), "cicd-pipeline  not deployed");
    let missing = cli.run(&["outputs"]);
    assert!(!missing.success);
    assert_eq!(
        missing.json()["error"],
        "stack cicd-pipeline is not deployed here; run `cicd-stack deploy` first"
    );
    // Without credentials or an endpoint, ls still lists the names.
    let offline = Cli {
        env: vec![
            (
                "AWS_ENDPOINT_URL".to_owned(),
                "http://127.0.0.1:9".to_owned(),
            ),
            ("AWS_ACCESS_KEY_ID".to_owned(), "test".to_owned()),
            ("AWS_SECRET_ACCESS_KEY".to_owned(), "test".to_owned()),
            ("AWS_MAX_ATTEMPTS".to_owned(), "1".to_owned()),
        ],
        out: cli.out.clone(),
    }
    .run(&["ls"])
    .expect_ok();
    assert_eq!(offline["stacks"][0]["stack_name"], "cicd-pipeline");
    assert!(offline["stacks"][0]["deployed"].is_null(), "{offline:#}");
    assert!(offline["stacks"][0]["unknown_because"].is_string());

    // A path that cannot be written is refused before anything happens.
    let nowhere = files.path().join("no-such-folder/outputs.json");
    let refused = cli.run(&[
        "deploy",
        "--yes",
        "--outputs-file",
        nowhere.to_str().unwrap(),
    ]);
    assert!(!refused.success);
    let error = refused.json()["error"].as_str().unwrap().to_owned();
    assert!(
        error.starts_with(&format!(
            "--outputs-file {}: cannot be written (",
            nowhere.display()
        )),
        "{error}"
    );
    assert!(!refused.stderr.contains("Changes to"), "{}", refused.stderr);
    cli.run(&["bootstrap"]).expect_ok();

    // --no-execute: reviewed, left in place, named; nothing is created.
    let role = "arn:aws:iam::123456789012:role/cfn-exec";
    let planned = cli
        .run(&["deploy", "--no-execute", "--role-arn", role])
        .expect_ok();
    assert_eq!(planned["status"], "Planned", "{planned:#}");
    let plan = planned["change_set"].as_str().unwrap().to_owned();
    assert!(plan.starts_with("cicd-dsl-plan-"), "{plan}");
    assert!(!planned["changes"].as_array().unwrap().is_empty());
    let stack = |rt: &tokio::runtime::Runtime| {
        rt.block_on(cfn.describe_stacks().stack_name("cicd-pipeline").send())
            .unwrap()
            .stacks()[0]
            .clone()
    };
    assert_eq!(
        stack(&rt).stack_status().unwrap().as_str(),
        "REVIEW_IN_PROGRESS"
    );
    // --execute runs exactly that change set and writes the outputs file.
    let outputs_path = files.path().join("outputs.json");
    let executed = cli
        .run(&[
            "deploy",
            "--execute",
            &plan,
            "--yes",
            "--outputs-file",
            outputs_path.to_str().unwrap(),
        ])
        .expect_ok();
    assert_eq!(executed["status"], "Created", "{executed:#}");
    assert_eq!(executed["stack_status"], "CREATE_COMPLETE");
    assert_eq!(executed["change_set"], plan.as_str());
    assert_eq!(
        executed["changes"], planned["changes"],
        "what was reviewed ran"
    );
    assert_eq!(stack(&rt).role_arn(), Some(role));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&outputs_path).unwrap()).unwrap();
    assert_eq!(
        written,
        serde_json::json!({"cicd-pipeline": executed["outputs"]})
    );
    assert_eq!(written["cicd-pipeline"].as_object().unwrap().len(), 4);

    // outputs and ls read the deployed stack.
    let outputs = cli.run(&["outputs"]).expect_ok();
    assert_eq!(outputs["outputs"], executed["outputs"]);
    assert_eq!(outputs["stack_status"], "CREATE_COMPLETE");
    let human = cli.run_human(&["outputs"]);
    assert!(human.stdout.starts_with("Outputs:\n"), "{}", human.stdout);
    assert!(
        human
            .stdout
            .contains(executed["outputs"]["artifactBucketName"].as_str().unwrap()),
        "{}",
        human.stdout
    );
    let listed = cli.run(&["ls"]).expect_ok();
    assert_eq!(listed["stacks"][0]["deployed"], true);
    assert_eq!(
        listed["stacks"][0]["stack"]["stack_status"],
        "CREATE_COMPLETE"
    );
    let human = cli.run_human(&["ls"]);
    assert_eq!(human.stdout.trim(), "cicd-pipeline  CREATE_COMPLETE");

    // A plan made before another deploy is refused, in one line, and the
    // stack keeps what that deploy made.
    let stale = cli
        .run(&["deploy", "--no-execute", "--tag", "CostCenter=1234"])
        .expect_ok()["change_set"]
        .as_str()
        .unwrap()
        .to_owned();
    cli.deploy_ok(&["--tag", "Owner=ops"], "Updated", "UPDATE_COMPLETE");
    let refused = cli.run(&["deploy", "--execute", &stale, "--yes"]);
    assert!(!refused.success);
    let error = refused.json()["error"].as_str().unwrap().to_owned();
    assert!(
        error.starts_with(&format!(
            "change set {stale} of cicd-pipeline cannot be executed: it no longer exists"
        )),
        "{error}"
    );
    assert!(
        error
            .ends_with("make a new plan with `cicd-stack deploy --no-execute` and review it again"),
        "{error}"
    );
    assert_eq!(
        refused.stderr.lines().last().unwrap(),
        format!("error: {error}")
    );
    let human = cli.run_human(&["ls"]);
    assert!(
        human
            .stdout
            .starts_with("cicd-pipeline  UPDATE_COMPLETE  last updated "),
        "{}",
        human.stdout
    );

    // A plan older than the stack's last update (made by someone else,
    // outside any change set) is refused by the dates CloudFormation reports.
    let older = cli
        .run(&["deploy", "--no-execute", "--tag", "CostCenter=1234"])
        .expect_ok()["change_set"]
        .as_str()
        .unwrap()
        .to_owned();
    let template = rt
        .block_on(cfn.get_template().stack_name("cicd-pipeline").send())
        .unwrap()
        .template_body()
        .unwrap()
        .to_owned();
    let mut by_hand: serde_json::Value = serde_json::from_str(&template).unwrap();
    by_hand["Description"] = "changed by hand".into();
    rt.block_on(
        cfn.update_stack()
            .stack_name("cicd-pipeline")
            .template_body(by_hand.to_string())
            .capabilities(aws_sdk_cloudformation::types::Capability::CapabilityNamedIam)
            .send(),
    )
    .unwrap();
    let refused = cli.run(&["deploy", "--execute", &older, "--yes"]);
    let error = refused.json()["error"].as_str().unwrap().to_owned();
    assert!(
        error.contains(&format!(
            "change set {older} of cicd-pipeline cannot be executed: the stack was updated at "
        )),
        "{error}"
    );
    assert!(
        error.contains("after the change set was made at"),
        "{error}"
    );

    // A role that is not an IAM role ARN is one line, before anything runs.
    let bad = cli.run(&["destroy", "--yes", "--role-arn", "cfn-exec"]);
    assert!(!bad.success);
    assert_eq!(bad.stderr.lines().count(), 1, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("is not an IAM role ARN"),
        "{}",
        bad.stderr
    );
    let destroyed = cli
        .run(&["destroy", "--yes", "--role-arn", role])
        .expect_ok();
    assert_eq!(destroyed["final_status"], "DELETE_COMPLETE");
    assert_eq!(destroyed["protection_turned_off"], true);
}
