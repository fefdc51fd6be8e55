//! `deploy --hotswap` through the stack binary: after a deploy, a change of
//! the function's source alone updates the function in place (its
//! CodeSha256 changes, no change set, no stack event), and a change that is
//! not only code falls back to a change set, saying why.
//!
//! The function's source is edited in a copy of the workspace (the stack
//! binary finds the function's package from its current folder), built in
//! this workspace's target folder as a `--local` deploy builds it: cargo
//! rebuilds only the function's crates, and the test never touches the real
//! sources.

use cicd_dsl_tests::clients::{runtime, sdk_config};
use cicd_dsl_tests::local_run::LocalRun;
use serde_json::Value;

use super::workspace_copy::WorkspaceCopy;

/// The function's file the test edits, and the text it changes.
const EDITED: &str = "lambda/src/function.rs";
const ORIGINAL_TEXT: &str = "\"job succeeded\"";

#[test]
fn a_code_only_change_is_hotswapped_and_any_other_change_is_a_change_set() {
    let copy = WorkspaceCopy::new();
    let cli = LocalRun::with_temp_state(
        env!("CARGO_BIN_EXE_cicd-stack"),
        copy.path("cicd-stack").to_str().unwrap(),
        copy.path("cicd.out"),
    );
    // Nothing deployed yet: --hotswap deploys through a change set.
    let (created, stderr) = cli.ok(&["deploy", "--local", "--yes", "--hotswap"]);
    assert_eq!(created["status"], "Created", "{created:#}");
    assert_eq!(
        created["hotswap_fallback"], "the stack is not deployed yet",
        "{stderr}"
    );
    let endpoint = created["local"]["endpoint"].as_str().unwrap().to_owned();
    let stack = created["stack_name"].as_str().unwrap().to_owned();
    let before = read_back(&endpoint, &stack);

    copy.edit(
        EDITED,
        ORIGINAL_TEXT,
        "\"job succeeded (code changed by the hotswap test)\"",
    );
    let (swapped, stderr) = cli.ok(&["deploy", "--local", "--yes", "--hotswap"]);
    assert_eq!(swapped["status"], "hotswapped", "{swapped:#}\n{stderr}");
    // For the local endpoint, a debug build on what cicd-dsl-aws's build
    // compiled: the function's crates only, not the SDK in release.
    let rebuilt = stderr
        .lines()
        .find(|l| l.starts_with("building function TagProduction"))
        .unwrap_or_else(|| panic!("the edit rebuilds the function:\n{stderr}"));
    assert!(
        rebuilt.contains(
            "(dev build of package tag-production-image, on the crates cicd-dsl-aws compiled)"
        ),
        "{rebuilt}"
    );
    let compiled = stderr
        .lines()
        .find_map(|l| l.strip_prefix("built function TagProduction in "))
        .and_then(|rest| rest.split('(').nth(1))
        .and_then(|count| count.split(' ').next()?.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("a crate count:\n{stderr}"));
    assert!(
        compiled <= 3,
        "only the function's crates compile: {compiled}\n{stderr}"
    );
    assert_eq!(swapped["template_differs"], true);
    let functions = swapped["functions"].as_array().unwrap();
    assert_eq!(functions.len(), 1, "{swapped:#}");
    assert_eq!(functions[0]["logical_id"], "TagProduction");
    let after = read_back(&endpoint, &stack);
    assert_ne!(after.code_sha256, before.code_sha256, "the function's code");
    assert_eq!(
        functions[0]["code_sha256"].as_str(),
        Some(after.code_sha256.as_str())
    );
    assert_eq!(
        after.events, before.events,
        "a hotswap makes no stack event"
    );
    assert_eq!(after.change_sets, before.change_sets, "no change set");
    let calls = swapped["api_calls"].as_object().unwrap();
    assert_eq!(calls["lambda:UpdateFunctionCode"], 1, "{swapped:#}");
    assert!(
        !calls.contains_key("cloudformation:CreateChangeSet"),
        "{swapped:#}"
    );
    assert_eq!(
        after.template_key, before.template_key,
        "the stack's template still names the old code"
    );

    // `diff` still shows the code change: the template names the old key.
    let (diff, _) = cli.ok(&["diff", "--local"]);
    let changed = diff["diff"]["resources"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "{diff:#}");
    assert_eq!(changed[0]["logical_id"], "TagProduction");

    // A tag: not only code, so a change set, which also brings the
    // template up to date with the hotswapped code.
    let (full, stderr) = cli.ok(&[
        "deploy",
        "--local",
        "--yes",
        "--hotswap",
        "--tag",
        "Hotswap=no",
    ]);
    assert_eq!(full["status"], "Updated", "{full:#}\n{stderr}");
    assert_eq!(full["hotswap_fallback"], "the stack's tags change");
    assert!(
        stderr.contains("deploying through a change set"),
        "{stderr}"
    );
    let last = read_back(&endpoint, &stack);
    assert!(last.events > after.events, "the change set made events");
    assert_ne!(last.template_key, before.template_key);
    assert_eq!(last.code_sha256, after.code_sha256);
    let (diff, _) = cli.ok(&["diff", "--local", "--tag", "Hotswap=no"]);
    assert_eq!(diff["diff"]["resources"], serde_json::json!([]), "{diff:#}");
}

/// What the test reads back through the endpoint's own APIs.
#[derive(Debug)]
struct Deployed {
    code_sha256: String,
    events: usize,
    change_sets: usize,
    /// The function's `Code.S3Key` in the stack's template.
    template_key: String,
}

fn read_back(endpoint: &str, stack: &str) -> Deployed {
    runtime().block_on(async {
        let sdk = sdk_config(endpoint).await;
        let cfn = aws_sdk_cloudformation::Client::new(&sdk);
        let lambda = aws_sdk_lambda::Client::new(&sdk);
        let function = lambda
            .get_function_configuration()
            .function_name("tag-production-image")
            .send()
            .await
            .unwrap();
        let events = cfn
            .describe_stack_events()
            .stack_name(stack)
            .send()
            .await
            .unwrap()
            .stack_events()
            .len();
        let change_sets = cfn
            .list_change_sets()
            .stack_name(stack)
            .send()
            .await
            .unwrap()
            .summaries()
            .len();
        let template = cfn.get_template().stack_name(stack).send().await.unwrap();
        let template: Value = serde_json::from_str(template.template_body().unwrap()).unwrap();
        Deployed {
            code_sha256: function.code_sha256().unwrap().to_owned(),
            events,
            change_sets,
            template_key: template["Resources"]["TagProduction"]["Properties"]["Code"]["S3Key"]
                .as_str()
                .unwrap()
                .to_owned(),
        }
    })
}
