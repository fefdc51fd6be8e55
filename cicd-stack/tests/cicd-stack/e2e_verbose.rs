//! `-v`, `-vv` and `RUST_LOG`: what the tool does with AWS, on stderr,
//! through the real binary against the local endpoint, with a secret key
//! and a session token that must never appear.

use cicd_dsl_tests::endpoint::Endpoint;

use crate::cli::{Cli, Run};
use crate::folders::out_dir;

#[test]
fn verbose_logs_name_each_aws_call_and_never_a_secret() {
    let endpoint = Endpoint::start();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let secret = format!("VerboseSecretKey{nanos}");
    let token = format!("VerboseSessionToken{nanos}");
    let mut cli = Cli::against(&endpoint, &out_dir("verbose"));
    cli.env.retain(|(key, _)| key != "AWS_SECRET_ACCESS_KEY");
    cli.env
        .push(("AWS_SECRET_ACCESS_KEY".to_owned(), secret.clone()));
    cli.env
        .push(("AWS_SESSION_TOKEN".to_owned(), token.clone()));
    cli.env.push(("RUST_LOG".to_owned(), String::new()));

    let quiet = cli.run(&["diff"]);
    assert!(quiet.success, "{}", quiet.stderr);
    assert!(
        !quiet.stderr.contains("DescribeStacks"),
        "without -v no call is logged:\n{}",
        quiet.stderr
    );

    let no_secret = |label: &str, run: &Run| {
        for printed in [&run.stdout, &run.stderr] {
            assert!(!printed.contains(&secret), "{label} printed the secret key");
            assert!(
                !printed.contains(&token),
                "{label} printed the session token"
            );
        }
    };

    // -v: one line per call, with the service, operation, status,
    // attempts and time; the result on stdout is unchanged.
    let verbose = cli.run(&["diff", "-v"]);
    assert!(verbose.success, "{}", verbose.stderr);
    verbose.json();
    no_secret("-v", &verbose);
    let calls: Vec<&str> = verbose
        .stderr
        .lines()
        .filter(|l| l.contains("cicd_dsl::aws") && l.contains(" call "))
        .collect();
    assert!(
        calls.iter().any(|l| l.contains("service=CloudFormation")
            && l.contains("operation=DescribeStacks")
            && l.contains("status=")
            && l.contains("attempts=1")
            && l.contains("ms=")),
        "-v names each AWS call:\n{}",
        verbose.stderr
    );
    // A command that creates something: one line per call, each named.
    let bootstrap = cli.run(&["bootstrap", "-v"]);
    assert!(bootstrap.success, "{}", bootstrap.stderr);
    no_secret("bootstrap -v", &bootstrap);
    let operations: std::collections::BTreeSet<&str> = bootstrap
        .stderr
        .lines()
        .filter(|l| l.contains("cicd_dsl::aws") && l.contains(" call "))
        .filter_map(|l| l.split("operation=").nth(1))
        .filter_map(|rest| rest.split(' ').next())
        .collect();
    assert!(
        operations.len() >= 3 && operations.contains("DescribeStacks"),
        "bootstrap's calls are each logged: {operations:?}\n{}",
        bootstrap.stderr
    );
    assert!(
        !verbose.stderr.contains("aws_smithy_runtime"),
        "-v leaves the SDK's own logs out:\n{}",
        verbose.stderr
    );

    // -vv: the SDK's debug logs too (its orchestrator, the retry strategy).
    let very = cli.run(&["diff", "-vv"]);
    assert!(very.success, "{}", very.stderr);
    no_secret("-vv", &very);
    assert!(
        very.stderr.contains("aws_smithy_runtime"),
        "-vv adds the SDK's logs:\n{}",
        very.stderr
    );

    // RUST_LOG, all the way up, still prints neither secret, nor the
    // signature-bearing headers' values.
    cli.env.retain(|(key, _)| key != "RUST_LOG");
    cli.env.push(("RUST_LOG".to_owned(), "trace".to_owned()));
    let trace = cli.run(&["diff"]);
    assert!(trace.success, "{}", trace.stderr);
    no_secret("RUST_LOG=trace", &trace);
    assert!(
        trace.stderr.contains("operation=DescribeStacks"),
        "RUST_LOG turns logging on:\n{}",
        trace.stderr
    );
    for header in ["authorization", "x-amz-security-token"] {
        for line in trace.stderr.lines() {
            let lower = line.to_ascii_lowercase();
            if let Some(at) = lower.find(&format!("\"{header}\": \"")) {
                assert!(
                    lower[at..].contains("redacted"),
                    "{header} printed in clear: {line}"
                );
            }
        }
    }
}
