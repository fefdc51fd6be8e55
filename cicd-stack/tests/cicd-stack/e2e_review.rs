//! The review `diff` and `deploy` show, through the real binary against the
//! local endpoint: a first deploy (broadening: it asks, and without a
//! terminal or --yes refuses; `--require-approval never` deploys), an IAM
//! statement the deployed stack lacks (the security section names it; the
//! same ask and refusal), a tag change (only the changed key; not
//! broadening, so no question), and a rename of stateful items, where
//! `diff` draws the same refusal `deploy` gives.

use std::time::Duration;

use aws_sdk_cloudformation::types::{Capability, StackStatus};
use cicd_dsl_tests::clients::runtime;
use cicd_dsl_tests::endpoint::Endpoint;
use serde_json::Value;

use crate::cli::{Cli, Run};
use crate::folders::out_dir;

const STACK: &str = "cicd-pipeline";

fn refused_for_want_of_a_terminal(run: &Run) {
    assert!(!run.success, "{run:#?}");
    let error = run.json()["error"].as_str().unwrap_or_default().to_owned();
    assert!(
        error.contains("there is no one to confirm: pass --yes to deploy"),
        "{error}"
    );
}

/// Lines of stderr that show a change (the review's body).
fn lines_with<'a>(run: &'a Run, text: &str) -> Vec<&'a str> {
    run.stderr.lines().filter(|l| l.contains(text)).collect()
}

#[test]
fn the_review_shows_security_changes_asks_when_access_widens_and_agrees_with_diff() {
    let endpoint = Endpoint::start();
    let cli = Cli::against(&endpoint, &out_dir("review"));
    cli.run(&["bootstrap"]).expect_ok();

    // A first deploy creates roles, trust and policies: broadening, so it
    // asks, and with no terminal and no --yes it refuses.
    let first = cli.run(&["deploy"]);
    refused_for_want_of_a_terminal(&first);
    assert!(
        first.stderr.contains("Changes to cicd-pipeline:"),
        "{}",
        first.stderr
    );
    assert!(
        first
            .stderr
            .contains("  [+] Add      AWS::IAM::Role                   BuildRole"),
        "{}",
        first.stderr
    );
    assert!(
        first.stderr.contains("IAM statement changes:"),
        "{}",
        first.stderr
    );
    assert!(
        first.stderr.contains(
            "  [+] Allow sts:AssumeRole for Service:codebuild.amazonaws.com  (BuildRole trust policy)"
        ),
        "{}",
        first.stderr
    );
    assert!(first.stderr.contains("These changes widen access"));

    let created = cli
        .run(&["deploy", "--require-approval", "never"])
        .expect_ok();
    assert_eq!(created["status"], "Created", "{created:#}");
    let review = &created["review"];
    assert_eq!(review["broadening"], true);
    assert_eq!(
        review["counts"]["added"],
        review["resources"].as_array().unwrap().len()
    );

    // The deployed stack loses one statement of the build role's policy
    // (as an older version of the code would have it): deploying the code
    // adds it back, which widens access.
    let (policy_id, missing) = narrow_the_build_policy(&endpoint);
    let diff_run = cli.run(&["diff"]);
    assert!(diff_run.success, "{diff_run:#?}");
    let diffed = diff_run.json();
    let statements = diffed["diff"]["security"]["statements"].as_array().unwrap();
    assert_eq!(statements.len(), 1, "{diffed:#}");
    let added = &statements[0];
    assert_eq!(added["sign"], "Added");
    assert_eq!(added["resource"], policy_id);
    assert_eq!(added["principals"], serde_json::json!(["AWS:${BuildRole}"]));
    assert_eq!(added["actions"], missing["actions"]);
    assert_eq!(added["broadens"], true);
    assert_eq!(diffed["diff"]["broadening"], true);
    let shown = lines_with(&diff_run, &format!("({policy_id} policy)"));
    assert_eq!(shown.len(), 1, "the statement is listed once: {shown:?}");
    assert!(shown[0].starts_with("  [+] Allow "), "{shown:?}");

    let asked = cli.run(&["deploy"]);
    refused_for_want_of_a_terminal(&asked);
    assert!(asked.stderr.contains("IAM statement changes:"));
    assert!(
        asked.stderr.contains(shown[0]),
        "deploy shows what diff showed"
    );
    assert!(
        asked
            .stderr
            .contains("        ~ PolicyDocument: see IAM statement changes"),
        "{}",
        asked.stderr
    );
    let updated = cli
        .run(&["deploy", "--require-approval", "never"])
        .expect_ok();
    assert_eq!(updated["status"], "Updated", "{updated:#}");
    assert_eq!(updated["review"]["security"], diffed["diff"]["security"]);

    // A tag: one line per resource naming the key, not the tag arrays;
    // nothing widens, so deploy goes ahead without a terminal or --yes.
    cli.deploy_ok(&["--tag", "CostCenter=1234"], "Updated", "UPDATE_COMPLETE");
    let retag = cli.run(&["diff", "--tag", "CostCenter=5678"]);
    let changed = lines_with(&retag, "~ Tags[CostCenter]: \"1234\" -> \"5678\"");
    let properties: Vec<Value> = retag.json()["diff"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["properties"].as_array().unwrap().clone())
        .collect();
    assert!(changed.len() > 5, "{}", retag.stderr);
    assert_eq!(changed.len(), properties.len(), "{}", retag.stderr);
    assert!(
        properties.iter().all(|p| p["path"] == "Tags[CostCenter]"),
        "{properties:#?}"
    );
    assert!(
        lines_with(&retag, "\"Key\"").is_empty(),
        "no whole tag array: {}",
        retag.stderr
    );
    let retagged = cli.run(&["deploy", "--tag", "CostCenter=5678"]).expect_ok();
    assert_eq!(retagged["status"], "Updated", "{retagged:#}");
    assert_eq!(retagged["review"]["broadening"], false);

    // A rename of stateful items: diff says what deploy then refuses.
    let renamed = ["--tag", "CostCenter=5678", "--name-prefix", "dev-"];
    let diffed = cli.run(&[&["diff"], &renamed[..]].concat());
    let analysis = diffed.json()["diff"].clone();
    let refused_by_diff: Vec<String> = analysis["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["guard"]["allowed"] == false)
        .map(|r| {
            format!(
                "{} {}",
                r["guard"]["what"].as_str().unwrap(),
                r["logical_id"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        refused_by_diff.contains(&"Replace Images".to_owned()),
        "{analysis:#}"
    );
    assert_eq!(analysis["counts"]["refused"], refused_by_diff.len());
    assert!(
        analysis["counts"]["replaced"].as_u64().unwrap() >= refused_by_diff.len() as u64,
        "{analysis:#}"
    );
    let verdict = lines_with(&diffed, "deploy would refuse this change set");
    assert_eq!(verdict.len(), 1, "{}", diffed.stderr);
    assert!(
        verdict[0].contains("--allow-replace Images"),
        "{}",
        verdict[0]
    );

    let refused = cli.run(&[&["deploy", "--yes"], &renamed[..]].concat());
    assert!(!refused.success);
    let error = refused.json()["error"].as_str().unwrap().to_owned();
    for what in &refused_by_diff {
        assert!(error.contains(what.as_str()), "{what} in {error}");
    }
    let named_by_deploy = error.matches("--allow-replace ").count();
    assert_eq!(named_by_deploy, refused_by_diff.len(), "{error}");
    // The flags diff suggests are the ones deploy asks for.
    let suggested = verdict[0]
        .split("pass `")
        .nth(1)
        .unwrap()
        .trim_end_matches('`');
    assert!(error.contains(suggested), "{suggested} in {error}");
}

/// Updates the deployed stack, outside the tool, to a template whose build
/// role policy lacks its last statement; returns that policy's logical id
/// and the statement (normalised as the analysis shows it).
fn narrow_the_build_policy(endpoint: &Endpoint) -> (String, Value) {
    let rt = runtime();
    let sdk = rt.block_on(endpoint.sdk_config());
    let cfn = aws_sdk_cloudformation::Client::new(&sdk);
    rt.block_on(async {
        let body = cfn
            .get_template()
            .stack_name(STACK)
            .send()
            .await
            .expect("GetTemplate")
            .template_body()
            .unwrap()
            .to_owned();
        let mut template: Value = serde_json::from_str(&body).unwrap();
        let policy_id = "BuildRolePolicy".to_owned();
        let statements =
            template["Resources"][&policy_id]["Properties"]["PolicyDocument"]["Statement"]
                .as_array_mut()
                .expect("the build role's policy has statements");
        let removed = statements.pop().unwrap();
        let mut actions: Vec<String> = match &removed["Action"] {
            Value::Array(items) => items
                .iter()
                .map(|a| a.as_str().unwrap().to_owned())
                .collect(),
            one => vec![one.as_str().unwrap().to_owned()],
        };
        actions.sort();
        cfn.update_stack()
            .stack_name(STACK)
            .template_body(template.to_string())
            .capabilities(Capability::CapabilityNamedIam)
            .send()
            .await
            .expect("UpdateStack");
        for _ in 0..600 {
            let stacks = cfn
                .describe_stacks()
                .stack_name(STACK)
                .send()
                .await
                .unwrap();
            let status = stacks.stacks()[0].stack_status().unwrap().clone();
            match status {
                StackStatus::UpdateComplete => {
                    return (policy_id, serde_json::json!({ "actions": actions }));
                }
                StackStatus::UpdateInProgress | StackStatus::UpdateCompleteCleanupInProgress => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                other => panic!("the narrowed stack ended {other:?}"),
            }
        }
        panic!("the narrowed stack did not finish updating");
    })
}
