//! The shipped artifact itself: the `bootstrap` inside the asset zip that
//! `cicd-dsl-assets` builds, checked for Amazon Linux 2023 compatibility and
//! run as Lambda runs it, against a Runtime API endpoint served here and the
//! project's local endpoint for ECR and CodePipeline (a pipeline execution
//! waiting at its Invoke action).
//!
//! Which build is the one a deploy of this run would ship, as the CLI
//! decides it: the release build (stripped), or with
//! `CICD_DSL_FUNCTION_BUILD=dev` (`scripts/test`, whose tests deploy dev
//! builds) the dev build on the crates `cicd-dsl-aws` compiled. `.ci/run`
//! runs these tests on the release build as well.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use aws_sdk_codepipeline::types::{ActionExecutionStatus, PipelineExecutionStatus};
use cicd_dsl_assets::{BuildProfile, CargoAssetRequest, SharedBuild, build_cargo_asset};
use cicd_dsl_tests::paths::workspace_root;
use serde_json::json;

use crate::images::*;
use crate::local::Local;
use crate::runtime_api::RuntimeApi;

/// Amazon Linux 2023 ships glibc 2.34.
const AL2023_GLIBC: (u32, u32) = (2, 34);
/// Shared libraries present on every `provided.al2023` image (glibc and libgcc).
const AL2023_LIBRARIES: [&str; 8] = [
    "libc.so.6",
    "libm.so.6",
    "libgcc_s.so.1",
    "ld-linux-x86-64.so.2",
    "libpthread.so.0",
    "libdl.so.2",
    "librt.so.1",
    "libutil.so.1",
];
const REPO: &str = "docker-image-repo";

/// The build a deploy ships (cicd-dsl/src/cli/function_build.rs): the
/// dev one is this package's dev profile and target folder, resolved with
/// `cicd-dsl-aws` as `--local` resolves it.
fn shipped_profile() -> BuildProfile {
    match std::env::var("CICD_DSL_FUNCTION_BUILD").as_deref() {
        Ok("dev") => BuildProfile::Shared(
            SharedBuild::of_executable(
                Path::new(env!("CARGO_BIN_EXE_bootstrap")),
                vec!["cicd-dsl-aws".to_owned()],
            )
            .expect("the test's own bootstrap is in a cargo target folder"),
        ),
        _ => BuildProfile::Release,
    }
}

/// Builds the asset once per test run (warm when nothing changed) and
/// unpacks its `bootstrap` with Python's zipfile, applying the mode stored
/// in the zip: the binary under test is exactly what Lambda would unpack.
fn shipped_bootstrap() -> &'static Path {
    static BOOTSTRAP: OnceLock<PathBuf> = OnceLock::new();
    BOOTSTRAP.get_or_init(|| {
        let root = workspace_root();
        let started = Instant::now();
        let request = CargoAssetRequest::new(
            &root,
            "tag-production-image",
            root.join("target/assets/out"),
        )
        .with_profile(shipped_profile());
        let asset = build_cargo_asset(&request)
            .unwrap_or_else(|e| panic!("{}", aws_sdk_ecr::error::DisplayErrorContext(&e)));
        eprintln!(
            "asset {} ({} bytes, from cache: {}) in {:?}",
            asset.zip_path.display(),
            asset.size,
            asset.from_cache,
            started.elapsed()
        );
        let dir = root.join(format!("target/assets/unzipped/{}", asset.sha256));
        let unzip = "import os, sys, zipfile\n\
z = zipfile.ZipFile(sys.argv[1])\n\
[info] = z.infolist()\n\
assert info.filename == 'bootstrap', info.filename\n\
path = z.extract(info, sys.argv[2])\n\
os.chmod(path, (info.external_attr >> 16) & 0o7777)\n";
        let status = Command::new("python3")
            .args(["-c", unzip])
            .arg(&asset.zip_path)
            .arg(&dir)
            .status()
            .expect("python3 runs");
        assert!(status.success(), "unzipping {}", asset.zip_path.display());
        dir.join("bootstrap")
    })
}

/// Parses `GLIBC_x.y[.z]` version references out of `objdump -T` output.
fn glibc_versions(objdump_output: &str) -> BTreeSet<(u32, u32, u32)> {
    objdump_output
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .filter_map(|word| word.strip_prefix("GLIBC_"))
        .filter_map(|version| {
            let mut parts = version.split('.').map(|p| p.parse::<u32>().ok());
            Some((
                parts.next()??,
                parts.next()??,
                parts.next().flatten().unwrap_or(0),
            ))
        })
        .collect()
}

fn run_tool(tool: &str, args: &[&str], binary: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(binary)
        .output()
        .unwrap_or_else(|e| panic!("`{tool}` (binutils) is needed for this check: {e}"));
    assert!(
        output.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn glibc_version_parsing_reads_objdump_lines() {
    let sample = "0000000000000000      DF *UND*\t0000000000000000 (GLIBC_2.34) __libc_start_main\n\
                  0000000000000000      DF *UND*\t0000000000000000  GLIBC_2.2.5 memcpy\n";
    assert_eq!(
        glibc_versions(sample),
        BTreeSet::from([(2, 2, 5), (2, 34, 0)])
    );
}

#[test]
fn bootstrap_runs_on_amazon_linux_2023() {
    let bootstrap = shipped_bootstrap();
    let headers = run_tool(
        "readelf",
        &["--file-header", "--program-headers", "--wide"],
        bootstrap,
    );
    assert!(
        headers.contains("Advanced Micro Devices X86-64"),
        "built for x86_64 Lambda: {headers}"
    );
    if !headers.contains("INTERP") {
        // No dynamic loader: statically linked, nothing to resolve at run time.
        return;
    }
    let dynamic = run_tool("readelf", &["--dynamic", "--wide"], bootstrap);
    let needed: Vec<&str> = dynamic
        .lines()
        .filter(|l| l.contains("(NEEDED)"))
        .filter_map(|l| l.split('[').nth(1)?.split(']').next())
        .collect();
    for library in &needed {
        assert!(
            AL2023_LIBRARIES.contains(library),
            "`{library}` is not on provided.al2023"
        );
    }
    let versions = glibc_versions(&run_tool("objdump", &["-T"], bootstrap));
    let newest = versions
        .iter()
        .max()
        .copied()
        .expect("a dynamic binary references glibc");
    eprintln!(
        "needs {needed:?}; newest glibc symbol version GLIBC_{}.{}.{}",
        newest.0, newest.1, newest.2
    );
    assert!(
        (newest.0, newest.1) <= AL2023_GLIBC,
        "bootstrap needs GLIBC_{}.{} but Amazon Linux 2023 has glibc {}.{}; all: {versions:?}",
        newest.0,
        newest.1,
        AL2023_GLIBC.0,
        AL2023_GLIBC.1
    );
}

#[tokio::test]
async fn bootstrap_serves_codepipeline_jobs_through_the_runtime_api() {
    let bootstrap = shipped_bootstrap();
    let local = Local::start().await;
    let ecr = aws_sdk_ecr::Client::new(&local.config);
    create_repository(&ecr, REPO).await;
    let older = push(&ecr, REPO, "build-1", &docker_manifest("old"), DOCKER_V2).await;
    next_push_second().await;
    let newest = push(&ecr, REPO, "build-2", &oci_manifest("new"), OCI_MANIFEST).await;

    // The event the pipeline's execution would have invoked the function with.
    let job = local.start_job().await;
    let credentials = &job.event["CodePipeline.job"]["data"]["artifactCredentials"];
    let job_secret = credentials["secretAccessKey"].as_str().unwrap().to_owned();
    let job_session = credentials["sessionToken"].as_str().unwrap().to_owned();
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
    let api = RuntimeApi::serve(vec![
        (
            "req-not-a-job".into(),
            json!({"CodePipeline.job": {"data": {"artifactCredentials": {"secretAccessKey": SECRET}}}}),
        ),
        ("req-job".into(), job.event.clone()),
    ]);

    let logs = tempfile::tempdir().unwrap();
    let log_path = logs.path().join("bootstrap.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let endpoint = local.endpoint_url();
    // The environment Lambda gives a provided.al2023 function, plus the
    // local endpoint; nothing inherited from the test process.
    let mut child = Command::new(bootstrap)
        .env_clear()
        .envs([
            ("AWS_LAMBDA_RUNTIME_API", api.address.as_str()),
            ("AWS_LAMBDA_FUNCTION_NAME", "tag-production-image"),
            ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"),
            (
                "AWS_LAMBDA_LOG_GROUP_NAME",
                "/aws/lambda/tag-production-image",
            ),
            (
                "AWS_LAMBDA_LOG_STREAM_NAME",
                "2026/01/01/[$LATEST]0123456789abcdef",
            ),
            ("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"),
            ("AWS_LAMBDA_LOG_LEVEL", "TRACE"),
            ("_HANDLER", "bootstrap"),
            ("LAMBDA_TASK_ROOT", "/var/task"),
            ("LAMBDA_RUNTIME_DIR", "/var/runtime"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_DEFAULT_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("AWS_SESSION_TOKEN", "test"),
            ("TZ", ":UTC"),
            ("LANG", "en_US.UTF-8"),
            ("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin"),
            ("AWS_ENDPOINT_URL", endpoint.as_str()),
            ("AWS_MAX_ATTEMPTS", "1"),
            ("REPOSITORY_NAME", REPO),
        ])
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("bootstrap starts");

    let first = api.next_post(Duration::from_secs(60));
    let second = api.next_post(Duration::from_secs(60));
    let _ = child.kill();
    let _ = child.wait();
    let output = std::fs::read_to_string(&log_path).unwrap();
    let (first, second) = match (first, second) {
        (Some(a), Some(b)) => (a, b),
        other => panic!("expected two results, got {other:?}; bootstrap output:\n{output}"),
    };

    // An event without a job id is refused, and says why.
    assert_eq!(
        first.path,
        "/2018-06-01/runtime/invocation/req-not-a-job/error"
    );
    assert_eq!(first.body["errorType"], "InvalidEvent");
    let message = first.body["errorMessage"].as_str().unwrap();
    assert!(
        message.contains("no string `id`") && message.contains("no job to report"),
        "{message}"
    );

    // The job's report was accepted, so the invocation succeeded...
    assert_eq!(
        second.path, "/2018-06-01/runtime/invocation/req-job/response",
        "{second:?}\nbootstrap output:\n{output}"
    );
    assert_eq!(second.body["jobId"], job.id.as_str());
    assert_eq!(second.body["status"], "Succeeded");
    assert_eq!(second.body["imageDigest"], newest.as_str());
    assert_eq!(second.body["tagMoved"], true);
    // ...the tag moved to the newest image...
    assert_eq!(
        digest_of_tag(&ecr, REPO, "production").await.as_deref(),
        Some(newest.as_str())
    );
    assert_eq!(tags_of(&ecr, REPO, &older).await, ["build-1"]);
    // ...and the pipeline shows the job succeeded, naming the image.
    let shown = local.outcome(&job).await;
    assert_eq!(
        shown.execution,
        PipelineExecutionStatus::Succeeded,
        "{shown:?}"
    );
    assert_eq!(shown.action, Some(ActionExecutionStatus::Succeeded));
    assert_eq!(
        shown.external_execution_id.as_deref(),
        Some(newest.as_str())
    );

    // The payload's credentials never reach the logs, even at TRACE.
    assert!(
        output.contains(job.id.as_str()),
        "the job is logged by id:\n{output}"
    );
    for secret in [SECRET, job_secret.as_str(), job_session.as_str()] {
        assert!(
            !output.contains(secret),
            "credentials leaked into logs:\n{output}"
        );
    }
}
