//! The queue worker, whose function is built from a cargo package, rolled
//! out as a stack set to 2 accounts x 2 regions by its own binary against
//! the local endpoint. The function's zip reaches every target region:
//! `bootstrap --stackset-admin` makes an asset bucket per target region in
//! the administration account, readable by the target accounts;
//! `stackset deploy` uploads the zip to each and sends a template whose
//! code bucket each stack instance resolves in its own region. The local
//! endpoint refuses a function whose code bucket is in another region, or
//! in another account without a grant, as Lambda does, so a function that
//! exists in every instance got its code from its own region's bucket.

use cicd_dsl_tests::boto3;

const ADMIN: &str = "111111111111";
const T1: &str = "222222222222";
const T2: &str = "333333333333";
const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

const CONFIG: &str = r#"[environments.admin]
account = "111111111111"

[environments.t1]
account = "222222222222"

[environments.t2]
account = "333333333333"

[stackset]
accounts = ["222222222222", "333333333333"]
regions = ["us-east-1", "eu-west-1"]
max_concurrent = 2
"#;

/// Per account and region, the function's code hash (Lambda's base64 of
/// the zip's SHA-256), and per region whether the admin's bucket holds
/// the zip; printed as JSON.
const READ_BACK: &str = r#"
import base64, json, sys
import boto3
admin, accounts, regions, key = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(","), sys.argv[4]
def client(service, account, region):
    return boto3.client(service, region_name=region, aws_access_key_id=account, aws_secret_access_key="test")
functions = {}
for account in accounts:
    for region in regions:
        config = client("lambda", account, region).get_function_configuration(FunctionName="queue-worker")
        functions[f"{account}/{region}"] = {"sha": config["CodeSha256"], "arn": config["FunctionArn"]}
buckets = {}
for region in regions:
    bucket = f"cicd-dsl-stackset-assets-{admin}-{region}"
    head = client("s3", admin, region).head_object(Bucket=bucket, Key=key)
    buckets[region] = head["ContentLength"]
# Lambda's CodeSha256 is the base64 of the zip's SHA-256, which the key holds in hex.
expected = base64.b64encode(bytes.fromhex(key[len("assets/"):-len(".zip")])).decode()
print(json.dumps({"functions": functions, "buckets": buckets, "expected": expected}))
"#;

#[test]
fn the_functions_code_reaches_every_target_region_of_a_stack_set() {
    let local = cicd_dsl_tests::local_run!("example-queue-worker", "stackset-assets");
    let folder = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("stackset-assets-config");
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

    // The roles, but no asset buckets yet: deploy refuses before anything
    // starts, naming the region and what to run.
    ok(with(
        "admin",
        &[
            "bootstrap",
            "--stackset-admin",
            "--accounts",
            T1,
            "--regions",
            "us-east-1",
        ],
    ));
    for env in ["t1", "t2"] {
        ok(with(env, &["bootstrap", "--stackset-target", ADMIN]));
    }
    // eu-west-1 has no bucket.
    let (refused, _, stderr) = run(with(
        "admin",
        &["stackset", "deploy", "--regions", "eu-west-1"],
    ));
    assert!(!refused, "{stderr}");
    assert!(
        stderr.contains("eu-west-1 has none (stack CicdDslStackSetAssets)")
            && stderr.contains("bootstrap --stackset-admin"),
        "{stderr}"
    );
    // us-east-1's bucket lets only T1 read: refused too, naming T2.
    let (refused, _, stderr) = run(with("admin", &["stackset", "deploy"]));
    assert!(!refused, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "us-east-1 does not let account {T2} read the code"
        )),
        "{stderr}"
    );

    // The buckets of both regions, readable by both targets (the grant to
    // T1 made above is kept).
    let (admin, _) = ok(with("admin", &["bootstrap", "--stackset-admin"]));
    let buckets = admin["stackset_asset_buckets"].as_array().unwrap();
    assert_eq!(buckets.len(), 2, "{admin:#}");
    for (made, region) in buckets.iter().zip(REGIONS) {
        assert_eq!(made["region"], region);
        assert_eq!(
            made["bucket"],
            format!("cicd-dsl-stackset-assets-{ADMIN}-{region}")
        );
        assert_eq!(made["readers"], serde_json::json!([T1, T2]));
    }

    let (deployed, stderr) = ok(with("admin", &["stackset", "deploy"]));
    assert_eq!(deployed["succeeded"], true, "{deployed:#}\n{stderr}");
    let instances = deployed["instances"].as_array().unwrap();
    assert_eq!(instances.len(), 4, "{deployed:#}");
    for instance in instances {
        assert_eq!(instance["status"], "CURRENT", "{deployed:#}");
    }
    // The zip was uploaded once per region, under its content hash.
    let assets = deployed["assets"].as_array().unwrap();
    assert_eq!(assets.len(), 2, "{deployed:#}");
    let key = assets[0]["uploaded"][0].as_str().unwrap().to_owned();
    for (uploaded, region) in assets.iter().zip(REGIONS) {
        assert_eq!(uploaded["region"], region);
        assert_eq!(uploaded["uploaded"], serde_json::json!([key.clone()]));
    }

    // Each instance's function holds exactly that zip, in its own account
    // and region.
    let endpoint = deployed["local"]["endpoint"].as_str().unwrap().to_owned();
    let found = boto3::run_script(
        &endpoint,
        "the read-back",
        READ_BACK,
        &[ADMIN, &format!("{T1},{T2}"), &REGIONS.join(","), &key],
        |_| {},
    );
    let expected = found["expected"].as_str().unwrap();
    for account in [T1, T2] {
        for region in REGIONS {
            let function = &found["functions"][format!("{account}/{region}")];
            assert_eq!(function["sha"], expected, "{found:#}");
            assert!(
                function["arn"]
                    .as_str()
                    .unwrap()
                    .contains(&format!(":{region}:{account}:")),
                "{found:#}"
            );
        }
    }

    // Again, unchanged: nothing uploaded, no operation.
    let (again, _) = ok(with("admin", &["stackset", "deploy"]));
    assert_eq!(again["operations"], serde_json::json!([]), "{again:#}");
    for present in again["assets"].as_array().unwrap() {
        assert_eq!(present["uploaded"], serde_json::json!([]));
        assert_eq!(present["already_present"], serde_json::json!([key.clone()]));
    }
    let (plan, _) = ok(with("admin", &["stackset", "diff"]));
    for instance in plan["instances"].as_array().unwrap() {
        assert_eq!(instance["verdict"], "current", "{plan:#}");
    }

    let (destroyed, _) = ok(with("admin", &["stackset", "destroy", "--yes"]));
    assert_eq!(destroyed["deleted"], true, "{destroyed:#}");
}
