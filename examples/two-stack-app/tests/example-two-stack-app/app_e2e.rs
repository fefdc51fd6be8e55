//! The two-stack app against the local endpoint, through its binaries as a
//! user runs them: deployed in order with the reference resolved, the
//! consumer dropping its import without a deadly embrace, the producer's
//! destroy refused while imported, and the destroy of the app in reverse.

use cicd_dsl_tests::boto3::run_script;
use cicd_dsl_tests::endpoint::Endpoint;
use serde_json::Value;
use std::process::Command;

const LINKED: &str = env!("CARGO_BIN_EXE_example-two-stack-app");
const UNLINKED: &str = env!("CARGO_BIN_EXE_example-two-stack-app-unlinked");
const EXPORT: &str = "demo-artifacts-Store-Arn";

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn run(endpoint: &Endpoint, binary: &str, args: &[&str]) -> Run {
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("two-stack-e2e");
    let output = Command::new(binary)
        .args(args)
        .arg("--out")
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env("NO_COLOR", "1")
        .envs(endpoint.env_vars())
        .output()
        .expect("the app binary runs");
    Run {
        ok: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn ok(endpoint: &Endpoint, binary: &str, args: &[&str]) -> Run {
    let run = run(endpoint, binary, args);
    assert!(run.ok, "{args:?} failed\n{}\n{}", run.stdout, run.stderr);
    run
}

/// What CloudFormation and IAM say: stacks, exports, importers of the
/// export, and the jobs role's policy documents.
fn read_back(endpoint: &Endpoint) -> Value {
    run_script(
        &endpoint.url(),
        "reading the app back",
        r#"
import json, sys, boto3
cfn = boto3.client("cloudformation", region_name="us-east-1")
iam = boto3.client("iam", region_name="us-east-1")
stacks = {s["StackName"]: s["StackStatus"] for s in cfn.describe_stacks()["Stacks"]}
exports = {e["Name"]: e["Value"] for e in cfn.list_exports()["Exports"]}
try:
    importers = cfn.list_imports(ExportName=sys.argv[1])["Imports"]
except cfn.exceptions.ClientError:
    importers = []
policies = []
if "demo-jobs" in stacks:
    role = cfn.describe_stack_resource(StackName="demo-jobs", LogicalResourceId="Reader")["StackResourceDetail"]["PhysicalResourceId"]
    for name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        policies.append(iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"])
print(json.dumps({"stacks": stacks, "exports": exports, "importers": importers, "policies": policies}, default=str))
"#,
        &[EXPORT],
        |_| {},
    )
}

#[test]
fn the_app_deploys_in_order_drops_an_import_without_a_deadly_embrace_and_destroys_in_reverse() {
    let endpoint = Endpoint::start();
    ok(&endpoint, LINKED, &["bootstrap"]);

    // The consumer alone, before its producer: one line naming the stack to
    // deploy first.
    let early = run(&endpoint, LINKED, &["deploy", "demo-jobs", "--yes"]);
    assert!(!early.ok);
    assert!(
        early.stderr.contains(
            "stack demo-jobs imports demo-artifacts-Store-Arn, which no deployed stack exports; deploy stack demo-artifacts first"
        ),
        "{}",
        early.stderr
    );

    // Every stack, in order: the producer finishes before the consumer
    // starts (its events, on stderr, all come first).
    let deployed = ok(&endpoint, LINKED, &["deploy", "--yes"]);
    let all = deployed.stderr;
    let last_artifacts = all.rfind("demo-artifacts | ").unwrap();
    let first_jobs = all.find("demo-jobs      | ").unwrap();
    assert!(last_artifacts < first_jobs, "{all}");
    let state = read_back(&endpoint);
    let bucket_arn = state["exports"][EXPORT]
        .as_str()
        .expect("the export exists")
        .to_owned();
    assert!(
        bucket_arn.starts_with("arn:aws:s3:::demo-artifacts-store"),
        "{state:#}"
    );
    assert_eq!(state["importers"], serde_json::json!(["demo-jobs"]));
    // The import resolved: the jobs role may read exactly that bucket.
    let policies = state["policies"].to_string();
    assert!(policies.contains(&format!("{bucket_arn}/*")), "{policies}");

    // The consumer alone, now that its producer is there: said, not asked.
    let alone = ok(&endpoint, LINKED, &["deploy", "demo-jobs", "--yes"]);
    assert!(
        alone.stderr.contains(
            "assuming stack demo-artifacts is deployed: demo-jobs imports from it and it is not among the stacks named"
        ),
        "{}",
        alone.stderr
    );

    // The producer cannot go while the consumer imports from it.
    let refused = run(&endpoint, LINKED, &["destroy", "demo-artifacts", "--yes"]);
    assert!(!refused.ok);
    assert!(
        refused.stderr.contains(
            "stack demo-artifacts exports demo-artifacts-Store-Arn, which stack demo-jobs imports; nothing was deleted"
        ),
        "{}",
        refused.stderr
    );
    assert_eq!(
        read_back(&endpoint)["stacks"]["demo-artifacts"],
        "CREATE_COMPLETE"
    );

    // The consumer stops importing: the producer keeps the export (and says
    // why) while it is imported, and the import goes.
    let unlinked = ok(
        &endpoint,
        UNLINKED,
        &["deploy", "--yes", "--concurrency", "1"],
    );
    assert!(
        unlinked.stderr.contains(
            "keeps export demo-artifacts-Store-Arn (output ExportStoreArn): stack demo-jobs still imports it"
        ),
        "{}",
        unlinked.stderr
    );
    let state = read_back(&endpoint);
    assert_eq!(state["importers"], serde_json::json!([]), "{state:#}");
    assert!(state["exports"].get(EXPORT).is_some(), "{state:#}");
    // The next deploy drops it.
    ok(&endpoint, UNLINKED, &["deploy", "--yes"]);
    assert!(read_back(&endpoint)["exports"].get(EXPORT).is_none());

    // Back to the linked app, then destroy it: the consumer goes first.
    ok(&endpoint, LINKED, &["deploy", "--yes"]);
    let destroyed = ok(&endpoint, LINKED, &["destroy", "--yes"]);
    let all = destroyed.stderr;
    assert!(
        all.rfind("demo-jobs      | ").unwrap() < all.find("demo-artifacts | ").unwrap(),
        "{all}"
    );
    assert!(
        all.contains("destroyed: demo-jobs, demo-artifacts"),
        "{all}"
    );
    let stacks = read_back(&endpoint)["stacks"].clone();
    assert!(
        stacks.get("demo-jobs").is_none() && stacks.get("demo-artifacts").is_none(),
        "{stacks:#}"
    );
}

/// `--output json` of an app command is one JSON document holding each
/// stack's own, in the order the stacks ran (here `ls` and a `deploy` of
/// both stacks, producer first).
#[test]
fn an_app_command_prints_one_json_document() {
    let endpoint = Endpoint::start();
    let listed = ok(&endpoint, LINKED, &["ls", "--output", "json"]);
    let document: Value = serde_json::from_str(&listed.stdout)
        .unwrap_or_else(|e| panic!("not one JSON document ({e}): {}", listed.stdout));
    assert_eq!(document["command"], "ls");
    assert_eq!(document["succeeded"], true);
    let stacks = document["stacks"].as_array().unwrap();
    let names: Vec<&str> = stacks
        .iter()
        .map(|s| s["stack"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["demo-artifacts", "demo-jobs"], "{document:#}");
    for stack in stacks {
        assert_eq!(stack["exit"], 0);
        assert_eq!(stack["result"]["stacks"][0]["stack_name"], stack["stack"]);
        assert_eq!(stack["result"]["stacks"][0]["deployed"], false);
    }

    ok(&endpoint, LINKED, &["bootstrap"]);
    let deployed = ok(&endpoint, LINKED, &["deploy", "--yes", "--output", "json"]);
    let document: Value = serde_json::from_str(&deployed.stdout)
        .unwrap_or_else(|e| panic!("not one JSON document ({e}): {}", deployed.stdout));
    assert_eq!(document["command"], "deploy");
    let results: Vec<(&str, &str)> = document["stacks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["stack"].as_str().unwrap(),
                s["result"]["status"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    assert_eq!(
        results,
        [("demo-artifacts", "Created"), ("demo-jobs", "Created")],
        "{document:#}"
    );
    ok(&endpoint, LINKED, &["destroy", "--yes"]);
}
