//! The report job rolled out as a StackSet by its own binary, against the
//! local endpoint (which runs StackSet operations for real: roles checked,
//! a stack per account and region, operation preferences followed):
//! 3 target accounts x 2 regions with a failure tolerance of 1, where one
//! instance fails because its account and region already hold the job's
//! log group; then a fourth account without the execution role and a
//! tolerance of 0, which fails the operation and exits non-zero; then
//! `stackset destroy`.

use serde_json::Value;

const ADMIN: &str = "111111111111";
const T1: &str = "222222222222";
const T2: &str = "333333333333";
const T3: &str = "444444444444";
/// Never bootstrapped: no execution role.
const BARE: &str = "555555555555";

const CONFIG: &str = r#"[environments.admin]
account = "111111111111"

[environments.t1]
account = "222222222222"

[environments.t2]
account = "333333333333"

[environments.t3]
account = "444444444444"

[stackset]
accounts = ["222222222222", "333333333333", "444444444444"]
regions = ["us-east-1", "eu-west-1"]
max_concurrent = 2
failure_tolerance = 1
"#;

fn instance<'a>(outcome: &'a Value, account: &str, region: &str) -> &'a Value {
    outcome["instances"]
        .as_array()
        .expect("instances")
        .iter()
        .find(|i| i["account"] == account && i["region"] == region)
        .unwrap_or_else(|| panic!("no instance {account}/{region}: {outcome:#}"))
}

/// The stack name of an instance, from its stack id (`...:stack/NAME/uuid`).
fn stack_name(instance: &Value) -> String {
    let id = instance["stack_id"].as_str().expect("a stack id");
    id.split(":stack/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn a_stack_set_over_3_accounts_x_2_regions_with_one_failure_and_a_tolerance_of_1() {
    let local = cicd_dsl_tests::local_run!("example-scheduled-job", "stackset");
    let folder = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("stackset");
    std::fs::create_dir_all(&folder).unwrap();
    let config_path = folder.join("cicd.toml");
    std::fs::write(&config_path, CONFIG).unwrap();
    let config = config_path.to_str().unwrap();
    let with = |env: &str, rest: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
        args.extend(["--config", config, "--env", env, "--local"].map(String::from));
        args
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        local.run(&args)
    };
    let ok = |args: Vec<String>| {
        let (success, json, stderr) = run(args.clone());
        assert!(success, "{args:?} failed: {json:#}\n{stderr}");
        (json, stderr)
    };

    // The roles: administration in the admin account, execution (scoped
    // to the report job's resource types) in each target account.
    let (admin, _) = ok(with("admin", &["bootstrap", "--stackset-admin"]));
    assert_eq!(
        admin["stackset_role_stacks"][0]["stack_name"],
        "CicdDslStackSetAdministration"
    );
    for env in ["t1", "t2", "t3"] {
        let (target, _) = ok(with(env, &["bootstrap", "--stackset-target", ADMIN]));
        assert_eq!(
            target["stackset_role_stacks"][0]["stack_name"],
            "CicdDslStackSetExecution"
        );
    }

    // Account 333333333333 already runs the job in eu-west-1 (a plain
    // deploy): the stack set's instance there clashes with its log group.
    ok(with("t2", &["deploy", "--region", "eu-west-1", "--yes"]));

    let (plan, _) = ok(with("admin", &["stackset", "diff"]));
    assert_eq!(plan["exists"], false);
    let verdicts: Vec<&str> = plan["instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["new"; 6]);

    // 3 x 2 with a tolerance of 1 (from cicd.toml): one failure per region
    // is tolerated, so the operation succeeds and the command exits 0.
    let (deployed, stderr) = ok(with("admin", &["stackset", "deploy"]));
    assert_eq!(deployed["succeeded"], true, "{deployed:#}");
    assert_eq!(deployed["operations"][0]["status"], "SUCCEEDED");
    assert_eq!(deployed["instances"].as_array().unwrap().len(), 6);
    let failed = instance(&deployed, T2, "eu-west-1");
    assert_eq!(failed["status"], "OUTDATED");
    assert_eq!(failed["detailed_status"], "FAILED");
    let reason = failed["reason"].as_str().unwrap();
    assert!(reason.starts_with("ResourceLogicalId:"), "{reason}");
    for (account, region) in [
        (T1, "us-east-1"),
        (T1, "eu-west-1"),
        (T2, "us-east-1"),
        (T3, "us-east-1"),
        (T3, "eu-west-1"),
    ] {
        assert_eq!(instance(&deployed, account, region)["status"], "CURRENT");
    }
    assert!(
        stderr.contains(&format!("  {T2} {:<15} FAILED", "eu-west-1")),
        "progress per instance: {stderr}"
    );
    assert!(
        stderr.contains("warning: 1 instance(s) failed within the failure tolerance"),
        "{stderr}"
    );

    // The instance's stack is a real stack in its own account and region.
    let in_t1 = stack_name(instance(&deployed, T1, "eu-west-1"));
    let (outputs, _) = ok(with(
        "t1",
        &["outputs", "--region", "eu-west-1", "--stack-name", &in_t1],
    ));
    let arn = outputs["outputs"]["reportFunctionArn"]
        .as_str()
        .unwrap_or_default();
    assert!(arn.contains(&format!(":eu-west-1:{T1}:")), "{outputs:#}");

    let (plan, _) = ok(with("admin", &["stackset", "diff"]));
    assert_eq!(plan["exists"], true);
    for planned in plan["instances"].as_array().unwrap() {
        let expected = if planned["account"] == T2 && planned["region"] == "eu-west-1" {
            "outdated"
        } else {
            "current"
        };
        assert_eq!(planned["verdict"], expected, "{planned}");
    }

    // The clash removed, a fourth account without the execution role and a
    // tolerance of 0, eu-west-1 first: the retry of the failed instance
    // succeeds, the new account fails, the operation stops and us-east-1 is
    // cancelled; the command exits non-zero with one line naming it.
    ok(with("t2", &["destroy", "--region", "eu-west-1", "--yes"]));
    let accounts = format!("{T1},{T2},{T3},{BARE}");
    let (success, outcome, stderr) = run(with(
        "admin",
        &[
            "stackset",
            "deploy",
            "--accounts",
            &accounts,
            "--failure-tolerance",
            "0",
            "--max-concurrent",
            "1",
            "--region-order",
            "eu-west-1",
        ],
    ));
    assert!(
        !success,
        "beyond the tolerance must fail: {outcome:#}\n{stderr}"
    );
    assert_eq!(outcome["succeeded"], false);
    assert_eq!(instance(&outcome, T2, "eu-west-1")["status"], "CURRENT");
    let bare = instance(&outcome, BARE, "eu-west-1");
    assert_eq!(bare["detailed_status"], "FAILED");
    let role_reason = format!(
        "Account {BARE} should have 'AWSCloudFormationStackSetExecutionRole' role with trust relationship to Role 'AWSCloudFormationStackSetAdministrationRole'."
    );
    assert_eq!(bare["reason"], role_reason.as_str());
    assert_eq!(
        instance(&outcome, BARE, "us-east-1")["detailed_status"],
        "CANCELLED"
    );
    let last = stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: stack set report-job: CREATE operation ")
            && last.contains("FAILED")
            && last.contains(&format!("{BARE}/eu-west-1: {role_reason}")),
        "{stderr}"
    );

    // Instances first (their stacks with them), then the set.
    let (destroyed, _) = ok(with("admin", &["stackset", "destroy", "--yes"]));
    assert_eq!(destroyed["deleted"], true, "{destroyed:#}");
    assert_eq!(destroyed["instances"].as_array().unwrap().len(), 0);
    let (gone, _, stderr) = run(with(
        "t1",
        &["outputs", "--region", "eu-west-1", "--stack-name", &in_t1],
    ));
    assert!(!gone, "the instance's stack is deleted: {stderr}");
    let (success, _, stderr) = run(with("admin", &["stackset", "diff"]));
    assert!(success, "{stderr}");
}
