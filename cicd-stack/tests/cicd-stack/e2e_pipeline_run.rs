//! The pipeline runs on the local endpoint past its first stage, through
//! the real binary as a user runs it: `deploy --local`, `push-source
//! --follow` (in the background, as it waits), `local complete-build`
//! standing in for the Docker build, and the Deploy stage running the
//! function's real `bootstrap`, which tags the image `production` in the
//! local ECR and reports its job result.

use std::io::Read;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use cicd_dsl_tests::clients::{runtime, sdk_config};
use cicd_dsl_tests::local_run::LocalRun;
use serde_json::Value;

use crate::folders::out_dir;

const REPOSITORY: &str = "docker-image-repo";

/// What a finished background run printed.
struct Finished {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// `push-source --local DIR --follow` in the background: it follows the
/// execution until it ends, which needs the build completed meanwhile.
fn follow_in_background(cli: &LocalRun, dir: &str, output: &str) -> Child {
    cli.command(&["push-source", "--local", dir, "--follow"], output)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cicd-stack starts")
}

fn finish(mut child: Child) -> Finished {
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("push-source --follow did not end within 180 s");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    Finished {
        code: status.code(),
        stdout,
        stderr,
    }
}

/// `local complete-build ARGS` once the upload's execution waits at its
/// build (the background push may not have uploaded yet).
fn complete_build(cli: &LocalRun, args: &[&str]) -> Value {
    let started = Instant::now();
    let mut command = vec!["local", "complete-build"];
    command.extend_from_slice(args);
    loop {
        let (success, json, stderr) = cli.run(&command);
        if success {
            return json;
        }
        assert!(
            stderr.contains("no pipeline build is waiting"),
            "complete-build failed otherwise: {stderr}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no build waited within 120 s: {stderr}"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// The digest the `production` tag points at, if any image has it.
fn production_digest(endpoint: &str) -> Option<String> {
    runtime().block_on(async {
        let ecr = aws_sdk_ecr::Client::new(&sdk_config(endpoint).await);
        let images = ecr
            .describe_images()
            .repository_name(REPOSITORY)
            .send()
            .await
            .unwrap();
        images
            .image_details()
            .iter()
            .find(|i| i.image_tags().iter().any(|t| t == "production"))
            .and_then(|i| i.image_digest().map(str::to_owned))
    })
}

#[test]
fn push_source_follows_the_pipeline_through_build_and_the_real_function() {
    let cli = LocalRun::with_temp_state(
        env!("CARGO_BIN_EXE_cicd-stack"),
        env!("CARGO_MANIFEST_DIR"),
        out_dir("pipeline-run"),
    );
    let (deployed, _) = cli.ok(&["deploy", "--local", "--yes"]);
    let endpoint = deployed["local"]["endpoint"].as_str().unwrap().to_owned();
    let source = tempfile::tempdir().unwrap();
    std::fs::write(source.path().join("Dockerfile"), "FROM alpine:3\n").unwrap();
    let dir = source.path().to_str().unwrap();

    // Nothing waits yet: complete-build says so in one line.
    let (success, _, stderr) = cli.run(&["local", "complete-build"]);
    assert!(!success);
    assert!(
        stderr.trim_end().ends_with(
            "error: local complete-build: no pipeline build is waiting; `push-source --local DIR` starts the pipeline"
        ),
        "{stderr}"
    );

    // A build that pushes nothing: the function finds no image, reports
    // its failure, and the execution ends Failed with the function's message.
    let running = follow_in_background(&cli, dir, "human");
    let completed = complete_build(&cli, &["--no-image"]);
    assert_eq!(completed["status"], "SUCCEEDED");
    assert!(completed["image"].is_null(), "{completed:#}");
    let failed = finish(running);
    assert_eq!(failed.code, Some(1), "{}\n{}", failed.stdout, failed.stderr);
    let message = "ECR repository `docker-image-repo` has no images, so there is nothing to tag `production`; the Build stage must push an image first";
    // Polling once a second may miss a short InProgress; the ends it sees.
    assert!(
        failed
            .stderr
            .contains("Build / DockerBuild: Succeeded (docker-build-project:"),
        "{}",
        failed.stderr
    );
    assert!(
        failed
            .stderr
            .contains(&format!("Deploy / TagProduction: Failed: {message}")),
        "{}",
        failed.stderr
    );
    let last_line = failed.stderr.lines().last().unwrap();
    assert!(
        last_line.starts_with(&format!(
            "error: pipeline cicd-pipeline Failed: Deploy / TagProduction failed: {message}"
        )),
        "{last_line}"
    );
    assert!(failed.stdout.contains(" Failed\n"), "{}", failed.stdout);
    assert_eq!(production_digest(&endpoint), None);

    // The build pushes an image: the function tags it `production` and the
    // execution ends Succeeded.
    let running = follow_in_background(&cli, dir, "json");
    let first = complete_build(&cli, &[]);
    let first_digest = first["image"]["digest"].as_str().unwrap().to_owned();
    assert_eq!(first["image"]["repository"], REPOSITORY);
    let tags: Vec<&str> = first["image"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tags[1], "latest");
    let run = finish(running);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let pushed: Value = serde_json::from_str(&run.stdout).unwrap();
    let followed = &pushed["follow"];
    assert_eq!(followed["status"], "Succeeded", "{pushed:#}");
    assert_eq!(followed["execution_id"], pushed["execution_id"]);
    assert!(followed["reason"].is_null());
    // The source tag is the uploaded object's version, as the buildspec makes it.
    let version = pushed["version_id"].as_str().unwrap();
    assert_eq!(
        tags[0],
        version.replace(
            |c: char| !(c.is_ascii_alphanumeric() || "_.-".contains(c)),
            "-"
        )
    );
    let last = followed["steps"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (
            last["stage"].as_str(),
            last["action"].as_str(),
            last["status"].as_str()
        ),
        (Some("Deploy"), Some("TagProduction"), Some("Succeeded"))
    );
    assert_eq!(
        last["summary"].as_str().unwrap(),
        format!("{REPOSITORY}@{first_digest} tagged `production`")
    );
    assert_eq!(
        production_digest(&endpoint).as_deref(),
        Some(first_digest.as_str())
    );

    // A new source, a new build, a new image: `production` moves to it.
    std::fs::write(source.path().join("app.sh"), "echo v2\n").unwrap();
    let running = follow_in_background(&cli, dir, "json");
    let second = complete_build(&cli, &[]);
    let second_digest = second["image"]["digest"].as_str().unwrap().to_owned();
    assert_ne!(second_digest, first_digest);
    let run = finish(running);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        production_digest(&endpoint).as_deref(),
        Some(second_digest.as_str())
    );
}
