//! Every CLI row of docs/bad-input.md, run as written: the real binary, the
//! table's command, the row's setup. Each must exit with the row's code and
//! print exactly the row's one line on stderr (nothing on stdout), and the
//! local endpoint the AWS rows point at must hold no stack, change set,
//! bucket or object afterwards.
//!
//! The endpoint enforces request signatures (moto's auth switch,
//! `/moto-api/reset-auth`) once an admin key is made, so the rejected-key
//! rows get the service's own answer, and every other AWS row carries the
//! admin key: had a local check let the command through, it could have
//! created things, and the emptiness check would see them.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use cicd_dsl_tests::bad_input_table::{Row, arguments, matches, message_lines, rows_checked_by};
use cicd_dsl_tests::clients::runtime;
use cicd_dsl_tests::endpoint::Endpoint;

use crate::folders::scratch;

const THIS_FILE: &str = "cicd-stack/tests/cicd-stack/bad_input.rs";

/// A key id the endpoint never issued.
const UNKNOWN_KEY_ID: &str = "AKIAUNKNOWNKEY000001";

/// How a row's command reaches AWS.
enum Aws {
    /// No AWS settings at all: the command must fail before needing them.
    None,
    /// The test endpoint, with the admin key unless the row says otherwise.
    Live,
    /// `AWS_ENDPOINT_URL` at a port nothing listens on.
    Closed,
}

struct Case {
    aws: Aws,
    /// Extra environment (`None` removes the variable).
    env: Vec<(&'static str, Option<String>)>,
    /// Files written in the working folder first.
    files: Vec<(&'static str, &'static str)>,
    /// What the account holds before the command (made through the
    /// endpoint, with signature checks off for the while).
    before: Option<fn(&Endpoint)>,
    /// Something answers the instance metadata address (see
    /// [`answering_metadata_endpoint`]).
    metadata_answers: bool,
}

impl Case {
    fn offline() -> Case {
        Case {
            aws: Aws::None,
            env: Vec::new(),
            files: Vec::new(),
            before: None,
            metadata_answers: false,
        }
    }

    fn live() -> Case {
        Case {
            aws: Aws::Live,
            ..Case::offline()
        }
    }

    fn file(mut self, name: &'static str, text: &'static str) -> Case {
        self.files.push((name, text));
        self
    }

    fn metadata_answers(mut self) -> Case {
        self.metadata_answers = true;
        self
    }

    fn env(mut self, key: &'static str, value: Option<&str>) -> Case {
        self.env.push((key, value.map(str::to_owned)));
        self
    }

    fn before(mut self, setup: fn(&Endpoint)) -> Case {
        self.before = Some(setup);
        self
    }
}

/// A stack `other-stack` holding the bucket `other-bucket`, made with
/// signature checks off (moto's re-signing of a create body does not match
/// the SDK's) and on again after.
fn other_stack_holds_a_bucket(endpoint: &Endpoint) {
    endpoint.reset_auth("inf");
    runtime().block_on(async {
        let cfn = aws_sdk_cloudformation::Client::new(&endpoint.sdk_config().await);
        cfn.create_stack()
            .stack_name("other-stack")
            .template_body(
                r#"{"Resources":{"Data":{"Type":"AWS::S3::Bucket","DeletionPolicy":"Retain","Properties":{"BucketName":"other-bucket"}}}}"#,
            )
            .send()
            .await
            .unwrap();
    });
    endpoint.reset_auth("0");
}

/// The setup column of each row, in code.
fn case(id: &str, admin: &AdminKey) -> Case {
    match id {
        "unknown-flag" => Case::offline(),
        "unknown-subcommand" => Case::offline(),
        "bad-flag-value" => Case::offline(),
        "missing-flag-value" => Case::offline(),
        "bad-stack-name-flag" => Case::offline(),
        "profile-with-local" => Case::offline(),
        "role-arn-not-a-role" => Case::offline(),
        "outputs-file-unwritable" => Case::offline(),
        "execute-stale-plan" => Case::live(),
        "config-file-missing" => Case::offline(),
        "function-build-unknown" => Case::offline().env("CICD_DSL_FUNCTION_BUILD", Some("debug")),
        "config-syntax" => Case::offline().file("cicd.toml", "region = \"eu-west-1\"\n[tags\n"),
        "config-unknown-key" => {
            Case::offline().file("cicd.toml", "region = \"eu-west-1\"\nstak_name = \"x\"\n")
        }
        "config-wrong-type" => Case::offline().file("cicd.toml", "name_prefix = 3\n"),
        "config-bad-stack-name" => Case::offline().file("cicd.toml", "stack_name = \"jobs_dev\"\n"),
        "config-bad-region" => Case::live().file("cicd.toml", "region = \"eu-west\"\n"),
        "env-unknown" => Case::live().file(
            "cicd.toml",
            "[environments.dev]\naccount = \"111111111111\"\n",
        ),
        "env-account-not-12-digits" => {
            Case::live().file("cicd.toml", "[environments.prod]\naccount = \"12345\"\n")
        }
        "env-unknown-key" => Case::offline().file(
            "cicd.toml",
            "[environments.prod]\naccount = \"222222222222\"\nprotect = true\n",
        ),
        // The admin key belongs to moto's default account, 123456789012.
        "env-wrong-account" => Case::live().file(
            "cicd.toml",
            "[environments.prod]\naccount = \"222222222222\"\n",
        ),
        "stackset-assets-not-bootstrapped" => Case::live(),
        "stackset-assets-no-targets" => Case::offline(),
        "stackset-account-not-12-digits" => Case::offline(),
        "stackset-no-targets" => Case::offline(),
        "stackset-bad-tolerance" => Case::offline(),
        "region-not-a-region" => Case::live(),
        "region-typo" => Case::live(),
        "region-empty" => Case::live(),
        "region-type-not-offered" => Case::offline(),
        "region-from-environment" => Case::live().env("AWS_REGION", Some("moon-1")),
        "no-credentials" => Case::live()
            .env("AWS_ACCESS_KEY_ID", None)
            .env("AWS_SECRET_ACCESS_KEY", None),
        "unknown-profile" => Case::live()
            .env("AWS_ACCESS_KEY_ID", None)
            .env("AWS_SECRET_ACCESS_KEY", None)
            .file("aws-config", "[default]\nregion = us-east-1\n")
            .env("AWS_CONFIG_FILE", Some("aws-config")),
        "no-credentials-metadata-answers" => case("no-credentials", admin).metadata_answers(),
        "unknown-profile-metadata-answers" => case("unknown-profile", admin).metadata_answers(),
        "unknown-access-key" => Case::live()
            .env("AWS_ACCESS_KEY_ID", Some(UNKNOWN_KEY_ID))
            .env("AWS_SECRET_ACCESS_KEY", Some(&admin.secret)),
        "wrong-secret" => Case::live().env(
            "AWS_SECRET_ACCESS_KEY",
            Some("not-the-secret-of-this-key-000000000000"),
        ),
        "drift-no-stack" => Case::live(),
        "import-missing" => Case::live(),
        "import-in-another-stack" => Case::live().before(other_stack_holds_a_bucket),
        "unreachable-endpoint" => Case {
            aws: Aws::Closed,
            ..Case::offline()
        },
        other => {
            panic!("docs/bad-input.md names {other} for {THIS_FILE}, which has no case for it")
        }
    }
}

/// The key the test makes before the endpoint starts checking signatures.
struct AdminKey {
    id: String,
    secret: String,
}

#[test]
fn every_cli_row_of_the_table_is_one_line_nonzero_and_changes_nothing() {
    let rows = rows_checked_by(THIS_FILE);
    assert!(rows.len() >= 15, "only {} rows for {THIS_FILE}", rows.len());
    let endpoint = Endpoint::start();
    let admin = make_admin_and_enforce_auth(&endpoint);
    let root = scratch("bad-input");
    let closed_port = closed_port();
    // Rows that get as far as synth must not be timed on building the
    // function's release asset (minutes on a fresh machine, or a wait for
    // another test's build); once built, a synth into a new folder reuses it.
    let warm = Command::new(env!("CARGO_BIN_EXE_cicd-stack"))
        .args(["synth", "--out"])
        .arg(root.join("warm-up"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cicd-stack runs");
    assert!(
        warm.status.success(),
        "warm-up synth: {}",
        String::from_utf8_lossy(&warm.stderr)
    );

    let mut timings = Vec::new();
    for row in &rows {
        let case = case(&row.id, &admin);
        let dir = root.join(&row.id);
        std::fs::create_dir_all(&dir).unwrap();
        if let Some(setup) = case.before {
            setup(&endpoint);
        }
        let held_before = account_changes(&endpoint);
        let started = Instant::now();
        let (code, stdout, stderr) = run(row, &case, &dir, &endpoint, &admin, closed_port);
        let elapsed = started.elapsed();
        timings.push(format!("{} {:.2} s", row.id, elapsed.as_secs_f64()));

        assert_eq!(code, row.exit, "{}: exit code; stderr: {stderr}", row.id);
        assert!(stdout.is_empty(), "{}: stdout: {stdout}", row.id);
        let lines = message_lines(&stderr);
        assert_eq!(lines.len(), 1, "{}: one line on stderr:\n{stderr}", row.id);
        assert!(
            matches(&row.message, lines[0]),
            "{}: stderr does not match the table\n table: {}\nstderr: {}",
            row.id,
            row.message,
            lines[0]
        );
        if !matches!(case.aws, Aws::None) {
            assert_eq!(
                account_changes(&endpoint),
                held_before,
                "{}: the endpoint holds something new",
                row.id
            );
        }
        // No check may wait for the network: every row is refused fast.
        assert!(
            elapsed < Duration::from_secs(60),
            "{}: took {elapsed:?}",
            row.id
        );
    }
    eprintln!("timings: {}", timings.join(", "));

    // The emptiness check sees what a command that gets through creates.
    // Signature checks go off first: moto's re-signing of a CreateChangeSet
    // body does not match the SDK's, so under them even the admin key is
    // refused there (DescribeStacks, the call the rejected rows make, is fine).
    endpoint.reset_auth("inf");
    let bootstrap = Row {
        id: "positive-control".to_owned(),
        setup: String::new(),
        command: "cicd-stack bootstrap".to_owned(),
        exit: 0,
        message: String::new(),
        checked_by: String::new(),
    };
    let dir = root.join("positive-control");
    std::fs::create_dir_all(&dir).unwrap();
    let held_before = account_changes(&endpoint);
    let (code, _, stderr) = run(
        &bootstrap,
        &Case::live(),
        &dir,
        &endpoint,
        &admin,
        closed_port,
    );
    assert_eq!(code, 0, "bootstrap with the admin key works: {stderr}");
    let changes: Vec<String> = account_changes(&endpoint)
        .into_iter()
        .filter(|c| !held_before.contains(c))
        .collect();
    assert!(
        changes.iter().any(|c| c.starts_with("cloudformation/"))
            && changes.iter().any(|c| c.starts_with("s3/")),
        "after bootstrap the endpoint shows one more stack and bucket: {changes:?}"
    );
}

#[test]
fn an_unreachable_endpoint_is_reported_within_seconds() {
    // Measured separately from the table so the number is in the output.
    let dir = scratch("bad-input-unreachable");
    let port = closed_port();
    aws_binary();
    let destroy = || {
        base_command(&dir)
            .args(["destroy", "--yes"])
            .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}"))
            .env("AWS_REGION", "us-east-1")
            .env("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
            .env("AWS_SECRET_ACCESS_KEY", "secret")
            .output()
            .unwrap()
    };
    let started = Instant::now();
    let output = destroy();
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("unreachable endpoint reported after {elapsed:?}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("http://127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

fn run(
    row: &Row,
    case: &Case,
    dir: &Path,
    endpoint: &Endpoint,
    admin: &AdminKey,
    closed_port: u16,
) -> (i32, String, String) {
    for (name, text) in &case.files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let mut command = base_command(dir);
    command.args(arguments(&row.command));
    let url = match case.aws {
        Aws::None => None,
        Aws::Live => Some(endpoint.url()),
        Aws::Closed => Some(format!("http://127.0.0.1:{closed_port}")),
    };
    if let Some(url) = url {
        command
            .env("AWS_ENDPOINT_URL", url)
            .env("AWS_REGION", cicd_local::REGION)
            .env("AWS_ACCESS_KEY_ID", &admin.id)
            .env("AWS_SECRET_ACCESS_KEY", &admin.secret);
    }
    if case.metadata_answers {
        command.env("AWS_EC2_METADATA_DISABLED", "false").env(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            answering_metadata_endpoint(),
        );
    }
    for (key, value) in &case.env {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    let output = command.output().expect("cicd-stack runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `cicd-dsl-aws`, which runs the AWS commands, built once for this test
/// run. Under cargo the stack binary otherwise runs `cargo build` for it on
/// every AWS command, which waits for the target folder's lock whenever
/// another build holds it: minutes of the measured time would be cargo's.
fn aws_binary() -> &'static Path {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let output = Command::new(env!("CARGO_BIN_EXE_cicd-stack"))
            .args(["destroy", "--yes", "--region=", "--out"])
            .arg(std::env::temp_dir())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("invalid AWS region"), "{stderr}");
        let path = Path::new(env!("CARGO_BIN_EXE_cicd-stack"))
            .with_file_name(format!("cicd-dsl-aws{}", std::env::consts::EXE_SUFFIX));
        assert!(path.is_file(), "{} was built", path.display());
        path
    })
}

/// The binary in `dir`, with no AWS setting of whoever runs the tests: empty
/// config and credentials files, no instance metadata probe.
fn base_command(dir: &Path) -> Command {
    let empty = dir.join("empty-aws-file");
    std::fs::write(&empty, "").unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_cicd-stack"));
    command
        .current_dir(dir)
        .env("CICD_DSL_AWS_BIN", aws_binary());
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") {
            command.env_remove(key);
        }
    }
    command
        .args(["--out".as_ref(), dir.join("out").as_os_str()])
        .env("AWS_CONFIG_FILE", &empty)
        .env("AWS_SHARED_CREDENTIALS_FILE", &empty)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("CICD_LOCAL_STATE_DIR", dir.join("local-state"))
        .env("NO_COLOR", "1");
    command
}

/// Makes an IAM user with every permission and a key for it, then turns on
/// signature checks for every later request.
fn make_admin_and_enforce_auth(endpoint: &Endpoint) -> AdminKey {
    let key = runtime().block_on(async {
        let iam = aws_sdk_iam::Client::new(&endpoint.sdk_config().await);
        iam.create_user().user_name("admin").send().await.unwrap();
        iam.put_user_policy()
            .user_name("admin")
            .policy_name("everything")
            .policy_document(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            )
            .send()
            .await
            .unwrap();
        let key = iam
            .create_access_key()
            .user_name("admin")
            .send()
            .await
            .unwrap()
            .access_key
            .unwrap();
        AdminKey {
            id: key.access_key_id,
            secret: key.secret_access_key,
        }
    });
    endpoint.reset_auth("0");
    key
}

/// How many CloudFormation or S3 items of each kind are stored, as
/// `service/Model N`.
fn account_changes(endpoint: &Endpoint) -> Vec<String> {
    let data = endpoint.stored_data();
    let mut found = Vec::new();
    for service in ["cloudformation", "s3"] {
        let Some(models) = data[service].as_object() else {
            continue;
        };
        for (model, items) in models {
            // moto's own models are `Fake*`, local-aws's CloudFormation
            // engine keeps `Stack` and `ChangeSet`; events, ACLs and the
            // like exist only with one of these.
            let count = items.as_array().map_or(0, Vec::len);
            if count > 0
                && matches!(
                    model.as_str(),
                    "Stack"
                        | "ChangeSet"
                        | "FakeStack"
                        | "FakeChangeSet"
                        | "FakeBucket"
                        | "FakeKey"
                )
            {
                found.push(format!("{service}/{model} {count}"));
            }
        }
    }
    found
}

/// The address of something that answers on the instance metadata address
/// without being a usable instance metadata service, as a proxy or a
/// container runtime on 169.254.169.254 does: every request, the session
/// token call included, gets `200 OK` with a body and no TTL header.
/// Started once, it serves until the test process ends.
fn answering_metadata_endpoint() -> String {
    static URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    URL.get_or_init(|| {
        use std::io::{BufRead, BufReader, Write};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                // The request's head; these requests have no body.
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let _ = (&stream).write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                );
            }
        });
        url
    })
    .clone()
}

/// A port that refuses connections: bound once, then released.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Issue 7, point 6: a planted secret key never appears in what the binary
/// prints, on success paths (diff, destroy), on every kind of refusal above,
/// in both output formats, with Rust's logging and backtraces turned up and
/// with any verbosity flag the help lists.
#[test]
fn a_planted_secret_never_appears_in_any_output() {
    let marker = format!(
        "PlantedSecret{}x{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let endpoint = Endpoint::start();
    let dir = scratch("bad-input-secrets");
    let verbose = verbosity_flags(&dir);
    let mut runs = 0;
    let mut check = |label: &str, args: &[&str], env: &[(&str, String)]| {
        for format in ["human", "json"] {
            let mut command = base_command(&dir);
            command
                .args(["--output", format])
                .args(args)
                .args(&verbose)
                .env("AWS_REGION", cicd_local::REGION)
                .env("AWS_ACCESS_KEY_ID", cicd_local::ACCESS_KEY_ID)
                .env("AWS_SECRET_ACCESS_KEY", &marker)
                .env("AWS_SESSION_TOKEN", format!("{marker}Token"))
                .env("RUST_LOG", "trace")
                .env("RUST_BACKTRACE", "1");
            for (key, value) in env {
                command.env(key, value);
            }
            let output = command.output().unwrap();
            let printed = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(
                !printed.contains(&marker),
                "{label} ({format}) printed the secret:\n{printed}"
            );
            assert!(!printed.is_empty(), "{label} ({format}) printed nothing");
            runs += 1;
        }
    };
    let live = [("AWS_ENDPOINT_URL", endpoint.url())];
    check("diff", &["diff"], &live);
    check("destroy", &["destroy", "--yes"], &live);
    check(
        "bad region",
        &["deploy", "--yes", "--region", "us-east-1x"],
        &live,
    );
    check(
        "unknown profile",
        &["destroy", "--yes", "--profile", "nosuch"],
        &live,
    );
    check(
        "unreachable endpoint",
        &["destroy", "--yes"],
        &[(
            "AWS_ENDPOINT_URL",
            format!("http://127.0.0.1:{}", closed_port()),
        )],
    );
    // The service refuses: an unknown key, then a known key with the marker
    // as its (wrong) secret.
    let admin = make_admin_and_enforce_auth(&endpoint);
    check("unknown key", &["destroy", "--yes"], &live);
    let mut known_key = live.to_vec();
    known_key.push(("AWS_ACCESS_KEY_ID", admin.id.clone()));
    check("wrong secret", &["destroy", "--yes"], &known_key);
    assert_eq!(runs, 14);
}

/// Flags that make the binary say more, if its help offers any.
fn verbosity_flags(dir: &Path) -> Vec<String> {
    let mut flags = Vec::new();
    for args in [&["--help"][..], &["deploy", "--help"][..]] {
        let output = base_command(dir).args(args).output().unwrap();
        let help = String::from_utf8_lossy(&output.stdout).into_owned();
        for flag in ["--verbose", "--debug", "--trace"] {
            if help.contains(flag) && !flags.iter().any(|f| f == flag) {
                flags.push(flag.to_owned());
            }
        }
    }
    flags
}
