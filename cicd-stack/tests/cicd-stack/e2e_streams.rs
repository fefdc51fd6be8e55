//! Each result is said once, on stdout; stderr carries the progress of
//! getting there. A user piping a command's results (or reading both on
//! one terminal) must not see a result twice. Real runs of `cicd-stack`
//! with its human output against the local endpoint.

use cicd_dsl_tests::endpoint::Endpoint;

use crate::cli::{Cli, Run};
use crate::folders::out_dir;

/// Asserts that `run` succeeded and that each of `results` is on exactly
/// one line of stdout and on no line of stderr; returns stdout.
fn results_once_on_stdout(command: &str, run: &Run, results: &[&str]) -> String {
    assert!(
        run.success,
        "{command} failed:\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    for result in results {
        let on_stdout = run.stdout.lines().filter(|l| l.contains(result)).count();
        let on_stderr = run.stderr.lines().filter(|l| l.contains(result)).count();
        assert_eq!(
            (on_stdout, on_stderr),
            (1, 0),
            "{command}: `{result}` must be said once, on stdout\nstdout:\n{}\nstderr:\n{}",
            run.stdout,
            run.stderr
        );
    }
    run.stdout.clone()
}

#[test]
fn every_command_says_its_results_once_on_stdout() {
    let endpoint = Endpoint::start();
    let cli = Cli::against(&endpoint, &out_dir("streams"));

    let synth = cli.run_human(&["synth"]);
    results_once_on_stdout("synth", &synth, &["cicd-pipeline.template.json"]);

    let bootstrap = cli.run_human(&["bootstrap"]);
    results_once_on_stdout("bootstrap", &bootstrap, &["asset bucket cicd-dsl-assets-"]);

    let created = cli.run_human(&["deploy", "--yes"]);
    results_once_on_stdout(
        "deploy",
        &created,
        &[
            "cicd-pipeline: created (CREATE_COMPLETE)",
            "Outputs:",
            // The value's row (`  pipelineName    cicd-pipeline`); the
            // review's `+ pipelineName: {...}` is the output's definition
            // being added, not this result.
            "  pipelineName ",
        ],
    );

    let again = cli.run_human(&["deploy", "--yes"]);
    results_once_on_stdout("deploy (no changes)", &again, &["no changes"]);

    let diff = cli.run_human(&["diff"]);
    results_once_on_stdout("diff", &diff, &["0 to add, 0 to modify"]);

    let source = tempfile::tempdir().unwrap();
    std::fs::write(source.path().join("Dockerfile"), "FROM scratch\n").unwrap();
    let pushed = cli.run_human(&[
        "push-source",
        source.path().to_str().unwrap(),
        "--wait-seconds",
        "10",
    ]);
    results_once_on_stdout("push-source", &pushed, &["uploaded s3://", ": execution "]);

    let destroyed = cli.run_human(&["destroy", "--yes"]);
    // What stays is listed before the question too (the review); the
    // result lines say it once more, on stdout only.
    results_once_on_stdout(
        "destroy",
        &destroyed,
        &[
            "cicd-pipeline: DELETE_COMPLETE",
            "kept  AWS::ECR::Repository",
            "Left in the account",
        ],
    );

    let gone = cli.run_human(&["destroy", "--yes"]);
    results_once_on_stdout("destroy (no stack)", &gone, &["nothing to destroy"]);
}
