//! The engine rows of docs/bad-input.md: input the CLI cannot produce by
//! itself (a template over CloudFormation's 1 MB limit, an asset manifest
//! that went stale after synth), refused by the engine with the table's
//! line, before anything is written to the account.

use std::path::Path;

use cicd_dsl_deploy::{
    ASSET_MANIFEST_FILE, AwsClients, CommandLine, Confirm, DeployError, MAX_TEMPLATE_BYTES,
    Reporter, ToolCommand, asset_key, assets_for_template, bootstrap, deploy,
};
use cicd_dsl_tests::bad_input_table::{Row, matches, rows_checked_by};
use cicd_dsl_tests::endpoint::Endpoint;
use serde_json::json;

use crate::deploying::request;
use crate::engine;
use crate::readback::object_keys;

const THIS_FILE: &str = "cicd-dsl-deploy/tests/cicd-dsl-deploy/bad_input_engine.rs";

#[test]
fn every_engine_row_of_the_table_is_refused_with_its_line() {
    let rows = rows_checked_by(THIS_FILE);
    assert!(!rows.is_empty());
    for row in &rows {
        let error = match row.id.as_str() {
            "template-over-1mb" => template_over_the_limit(),
            "asset-zip-missing" => asset_zip_missing(),
            "asset-manifest-missing" => asset_manifest_missing(),
            other => panic!("docs/bad-input.md names {other} for {THIS_FILE}, which has no case"),
        };
        check(row, &error);
    }
}

/// The table's commands are the pipeline's binary, which spells its own
/// commands this way (the CLI's `UserCommandLine` without flags).
struct PipelineBinary;

impl CommandLine for PipelineBinary {
    fn spell(&self, command: ToolCommand) -> String {
        format!("cicd-stack {}", command.subcommand())
    }
}

/// The line the CLI prints for an engine error (exit code 1).
fn check(row: &Row, error: &DeployError) {
    let line = format!("error: {}", error.message(&PipelineBinary));
    assert_eq!(
        row.exit, 1,
        "{}: the CLI exits 1 for every engine error",
        row.id
    );
    assert!(!line.contains('\n'), "{}: {line}", row.id);
    assert!(
        matches(&row.message, &line),
        "{}: the error does not match the table\n table: {}\n error: {line}",
        row.id,
        row.message
    );
}

fn template_over_the_limit() -> DeployError {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let endpoint = Endpoint::start();
    runtime.block_on(async {
        let clients = engine::clients(&endpoint).await;
        let quiet = Reporter::quiet();
        // With the asset bucket in place, only the size can stop the deploy.
        let toolkit = bootstrap(&clients, &quiet).await.expect("bootstrap");
        let before = account(&clients, &toolkit.bucket).await;
        let calls_before = clients.api_calls();

        let padding = "x".repeat(MAX_TEMPLATE_BYTES + 100_000);
        let template = json!({
            "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
            "Metadata": {"Padding": padding}
        });
        let request = request("too-large", &template, Confirm::Yes);
        let error = deploy(&clients, &request, &quiet)
            .await
            .expect_err("a template over 1 MB is refused");

        assert_eq!(
            account(&clients, &toolkit.bucket).await,
            before,
            "no stack, change set or object appeared"
        );
        let calls = clients.api_calls().since(&calls_before);
        let writes: Vec<&String> = calls
            .0
            .keys()
            .filter(|op| {
                let op = op.split(':').nth(1).unwrap_or_default();
                !(op.starts_with("Describe")
                    || op.starts_with("List")
                    || op.starts_with("Get")
                    || op.starts_with("Head"))
            })
            .collect();
        assert!(writes.is_empty(), "only reads were sent: {calls:?}");
        error
    })
}

/// Stack names with their change sets, and the asset bucket's keys.
async fn account(clients: &AwsClients, bucket: &str) -> (Vec<String>, Vec<String>) {
    let cfn = &clients.cloudformation;
    let mut stacks = Vec::new();
    let listed = cfn.list_stacks().send().await.expect("ListStacks");
    for summary in listed.stack_summaries() {
        let name = summary.stack_name().unwrap_or_default().to_owned();
        let change_sets = cfn
            .list_change_sets()
            .stack_name(&name)
            .send()
            .await
            .map(|a| a.summaries().len())
            .unwrap_or(0);
        stacks.push(format!(
            "{name} {} ({change_sets} change sets)",
            summary.stack_status().map(|s| s.as_str()).unwrap_or("?")
        ));
    }
    (stacks, object_keys(clients, bucket).await)
}

/// A synth output folder with one asset, as synth writes it, and a
/// template naming that asset.
fn synth_output(name: &str) -> (std::path::PathBuf, String, String) {
    use sha2::Digest;
    let dir = std::env::temp_dir().join(format!("bad-input-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let bytes = b"function zip bytes";
    let sha: String = sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let file = format!("asset.{sha}.zip");
    std::fs::write(dir.join(&file), bytes).unwrap();
    std::fs::write(
        dir.join(ASSET_MANIFEST_FILE),
        json!({"assets": [{"sha256": sha, "file": file, "s3Key": asset_key(&sha)}]}).to_string(),
    )
    .unwrap();
    let template = json!({"Resources": {"Fn": {"Type": "AWS::Lambda::Function",
        "Properties": {"Code": {"S3Bucket": "b", "S3Key": asset_key(&sha)}}}}})
    .to_string();
    assert_eq!(
        assets_for_template(&dir, &template)
            .expect("a fresh synth output is fine")
            .len(),
        1
    );
    (dir, template, file)
}

fn asset_zip_missing() -> DeployError {
    let (dir, template, file) = synth_output("zip");
    std::fs::remove_file(dir.join(&file)).unwrap();
    let error = assets_for_template(&dir, &template).expect_err("the zip is gone");
    assert!(error.to_string().contains(&path_text(&dir.join(&file))));
    std::fs::remove_dir_all(&dir).unwrap();
    error
}

fn asset_manifest_missing() -> DeployError {
    let (dir, template, _) = synth_output("manifest");
    std::fs::remove_file(dir.join(ASSET_MANIFEST_FILE)).unwrap();
    let error = assets_for_template(&dir, &template).expect_err("the manifest is gone");
    assert!(
        error
            .to_string()
            .contains(&path_text(&dir.join(ASSET_MANIFEST_FILE)))
    );
    std::fs::remove_dir_all(&dir).unwrap();
    error
}

fn path_text(path: &Path) -> String {
    path.display().to_string()
}
