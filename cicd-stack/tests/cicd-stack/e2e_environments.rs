//! Environments in two accounts on one local endpoint: `--env dev` and
//! `--env prod` from one cicd.toml each land in their own account (the
//! endpoint keeps a backend per account; `--local` signs with the
//! environment's account id, which the endpoint reads as that account), and
//! credentials of one account with the other's environment are refused
//! before anything is touched.

use cicd_dsl_tests::clients::{loader_in_account, runtime};
use cicd_dsl_tests::local_run::LocalRun;

use crate::folders::{out_dir, scratch};

const DEV: &str = "111111111111";
const PROD: &str = "222222222222";
/// moto's account for any other key.
const DEFAULT_ACCOUNT: &str = "123456789012";

const CONFIG: &str = r#"[environments.dev]
account = "111111111111"
name_prefix = "dev-"
tags = { Environment = "dev" }

[environments.prod]
account = "222222222222"
name_prefix = "prod-"
protected = true
tags = { Environment = "production" }
"#;

/// What one account holds: its stacks (name and id) and ECR repositories.
struct AccountView {
    stacks: Vec<(String, String)>,
    repositories: Vec<String>,
}

fn view(endpoint: &str, account: &str) -> AccountView {
    runtime().block_on(async {
        let sdk = loader_in_account(endpoint, Some(account)).load().await;
        let cfn = aws_sdk_cloudformation::Client::new(&sdk);
        let stacks = cfn
            .describe_stacks()
            .send()
            .await
            .unwrap()
            .stacks()
            .iter()
            .map(|s| {
                (
                    s.stack_name().unwrap_or_default().to_owned(),
                    s.stack_id().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let ecr = aws_sdk_ecr::Client::new(&sdk);
        let repositories = ecr
            .describe_repositories()
            .send()
            .await
            .unwrap()
            .repositories()
            .iter()
            .map(|r| r.repository_name().unwrap_or_default().to_owned())
            .collect();
        AccountView {
            stacks,
            repositories,
        }
    })
}

fn names(view: &AccountView) -> Vec<&str> {
    let mut names: Vec<&str> = view.stacks.iter().map(|(n, _)| n.as_str()).collect();
    names.sort();
    names
}

#[test]
fn two_environments_land_in_their_own_accounts_and_the_wrong_account_is_refused() {
    let folder = scratch("e2e-environments");
    let config = folder.join("cicd.toml");
    std::fs::write(&config, CONFIG).unwrap();
    let config = config.to_str().unwrap();
    let cli = LocalRun::with_temp_state(
        env!("CARGO_BIN_EXE_cicd-stack"),
        env!("CARGO_MANIFEST_DIR"),
        out_dir("environments"),
    );

    let (dev, stderr) = cli.ok(&[
        "deploy", "--config", config, "--env", "dev", "--local", "--yes",
    ]);
    assert_eq!(dev["status"], "Created", "{dev:#}");
    assert!(
        stderr.contains("environment dev: account 111111111111"),
        "{stderr}"
    );
    let endpoint = dev["local"]["endpoint"].as_str().unwrap().to_owned();
    let (prod, stderr) = cli.ok(&[
        "deploy", "--config", config, "--env", "prod", "--local", "--yes",
    ]);
    assert_eq!(prod["status"], "Created", "{prod:#}");
    assert!(
        stderr.contains("environment prod: account 222222222222 (protected)"),
        "{stderr}"
    );

    // Each account holds its own copy (and its own asset bucket's toolkit
    // stack), under its own prefix; the default account holds nothing.
    let in_dev = view(&endpoint, DEV);
    let in_prod = view(&endpoint, PROD);
    assert_eq!(names(&in_dev), ["CicdDslToolkit", "cicd-pipeline"]);
    assert_eq!(names(&in_prod), ["CicdDslToolkit", "cicd-pipeline"]);
    assert!(
        in_dev
            .stacks
            .iter()
            .all(|(_, id)| id.contains(":111111111111:stack/"))
    );
    assert!(
        in_prod
            .stacks
            .iter()
            .all(|(_, id)| id.contains(":222222222222:stack/"))
    );
    assert_eq!(in_dev.repositories, ["dev-docker-image-repo"]);
    assert_eq!(in_prod.repositories, ["prod-docker-image-repo"]);
    let in_default = view(&endpoint, DEFAULT_ACCOUNT);
    assert!(in_default.stacks.is_empty() && in_default.repositories.is_empty());
    assert!(
        dev["outputs"]["ecrRepositoryUrl"]
            .as_str()
            .unwrap()
            .starts_with("111111111111.dkr.ecr."),
        "{dev:#}"
    );

    // Credentials of dev's account, prod's environment: refused by name,
    // for a change (deploy), a removal (destroy) and a read (diff).
    let as_dev = [
        ("AWS_ENDPOINT_URL", endpoint.as_str()),
        ("AWS_ACCESS_KEY_ID", DEV),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_REGION", "us-east-1"),
    ];
    for command in ["deploy", "destroy", "diff"] {
        let mut args = vec![command, "--config", config, "--env", "prod"];
        if command != "diff" {
            args.push("--yes");
        }
        let (ok, json, stderr) = cli.run_with_env(&args, &as_dev);
        assert!(!ok, "{command}: {json:#}");
        assert_eq!(
            stderr.trim_end(),
            "error: the credentials belong to account 111111111111, but environment prod is account 222222222222; nothing was touched: use credentials of account 222222222222 (the environment's profile, or --profile), or pick the environment of account 111111111111",
            "{command}"
        );
    }
    // Nothing moved in either account.
    let after_dev = view(&endpoint, DEV);
    let after_prod = view(&endpoint, PROD);
    assert_eq!(after_dev.stacks, in_dev.stacks);
    assert_eq!(after_prod.stacks, in_prod.stacks);
    assert_eq!(after_dev.repositories, in_dev.repositories);
    assert_eq!(after_prod.repositories, in_prod.repositories);

    // The right credentials pass the same check.
    let (diff, _) = cli.ok(&["diff", "--config", config, "--env", "dev", "--local"]);
    assert_eq!(diff["diff"]["resources"], serde_json::json!([]), "{diff:#}");
}

/// `destroy` in a protected environment, on a terminal (util-linux
/// `script` gives the command one): `y` is not enough, the stack name is.
/// The toolkit stack `bootstrap` makes stands in for any stack.
#[test]
fn a_protected_environment_needs_the_stack_name_typed_to_destroy() {
    let folder = scratch("e2e-environments-protected");
    let config = folder.join("cicd.toml");
    std::fs::write(&config, CONFIG).unwrap();
    let config = config.to_str().unwrap().to_owned();
    let state = folder.join("state");
    let binary = env!("CARGO_BIN_EXE_cicd-stack");
    let cli = LocalRun::new(
        binary,
        env!("CARGO_MANIFEST_DIR"),
        state.clone(),
        folder.join("out"),
    );
    let (bootstrapped, _) = cli.ok(&["bootstrap", "--config", &config, "--env", "prod", "--local"]);
    let endpoint = bootstrapped["local"]["endpoint"]
        .as_str()
        .unwrap()
        .to_owned();

    let destroy_typing = |answer: &str| {
        let command = format!(
            "{binary} destroy --stack-name CicdDslToolkit --config {config} --env prod --local"
        );
        let mut child = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("CICD_LOCAL_STATE_DIR", &state)
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("util-linux `script` runs");
        // The answer waits for the question, as a user's would.
        let mut stdin = child.stdin.take().unwrap();
        let answer = answer.to_owned();
        std::thread::spawn(move || {
            use std::io::Write;
            std::thread::sleep(std::time::Duration::from_secs(5));
            let _ = writeln!(stdin, "{answer}");
        });
        let output = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        (output.status.success(), text)
    };
    let (ok, text) = destroy_typing("y");
    assert!(!ok, "{text}");
    assert!(
        text.contains(
            "This is a protected environment: type the stack name (CicdDslToolkit) to go ahead"
        ),
        "{text}"
    );
    assert!(text.contains("cancelled: nothing was changed"), "{text}");
    assert_eq!(names(&view(&endpoint, PROD)), ["CicdDslToolkit"]);

    let (ok, text) = destroy_typing("CicdDslToolkit");
    assert!(ok, "{text}");
    assert!(text.contains("CicdDslToolkit: DELETE_COMPLETE"), "{text}");
    assert!(view(&endpoint, PROD).stacks.is_empty());
}

/// `ls` lists the environments cicd.toml declares, with what `--env`
/// would use, whether AWS answers or not (here nothing listens).
#[test]
fn ls_shows_the_declared_environments() {
    let folder = scratch("ls-environments");
    let config = folder.join("cicd.toml");
    std::fs::write(
        &config,
        format!("stack_name = \"pipeline\"\nregion = \"eu-west-1\"\n{CONFIG}"),
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let cli = LocalRun::with_temp_state(
        env!("CARGO_BIN_EXE_cicd-stack"),
        env!("CARGO_MANIFEST_DIR"),
        out_dir("ls-environments"),
    );
    let nowhere = [
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_MAX_ATTEMPTS", "1"),
    ];
    let (ok, listed, stderr) =
        cli.run_with_env(&["ls", "--config", config, "--env", "prod"], &nowhere);
    assert!(ok, "{listed:#}\n{stderr}");
    assert_eq!(
        listed["environments"],
        serde_json::json!([
            {"name": "dev", "account": DEV, "region": "eu-west-1", "profile": null,
             "stack_name": "pipeline", "name_prefix": "dev-", "protected": false, "selected": false},
            {"name": "prod", "account": PROD, "region": "eu-west-1", "profile": null,
             "stack_name": "pipeline", "name_prefix": "prod-", "protected": true, "selected": true},
        ]),
        "{listed:#}"
    );
    let human = cli
        .command(&["ls", "--config", config], "human")
        .envs(nowhere)
        .output()
        .unwrap();
    assert!(human.status.success());
    let stdout = String::from_utf8_lossy(&human.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[1..],
        [
            format!("environments ({config}):").as_str(),
            "  dev   account 111111111111  region eu-west-1  stack pipeline  prefix dev-",
            "  prod  account 222222222222  region eu-west-1  stack pipeline  prefix prod-  protected",
        ],
        "{stdout}"
    );
    assert!(lines[0].starts_with("pipeline  "), "{stdout}");
}
