//! `destroy` keeps the bucket, the repository and the log groups (with
//! their names), so a `deploy` after it must take them back instead of
//! failing to create them: through an IMPORT change set, with the data in
//! them kept, into the same logical ids.

use std::collections::BTreeMap;

use cicd_dsl_tests::clients::runtime;
use cicd_dsl_tests::endpoint::Endpoint;
use serde_json::Value;

use crate::cli::Cli;
use crate::folders::out_dir;
use crate::readback::output;

const STACK: &str = "cicd-pipeline";
const KEPT: [&str; 4] = ["Artifacts", "BuildLogs", "FunctionLogs", "Images"];

#[test]
fn deploy_after_destroy_imports_what_destroy_kept_with_its_data() {
    let endpoint = Endpoint::start();
    let cli = Cli::against(&endpoint, &out_dir("adopt"));
    let rt = runtime();
    let sdk = rt.block_on(endpoint.sdk_config());
    let cfn = aws_sdk_cloudformation::Client::new(&sdk);
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&sdk)
            .force_path_style(true)
            .build(),
    );
    let ecr = aws_sdk_ecr::Client::new(&sdk);

    cli.run(&["bootstrap"]).expect_ok();
    let created = cli.deploy_ok(&[], "Created", "CREATE_COMPLETE");
    let bucket = output(&created, "artifactBucketName").to_owned();
    let before = rt.block_on(physical_ids(&cfn));
    rt.block_on(async {
        s3.put_object()
            .bucket(&bucket)
            .key("source.zip")
            .body(b"kept source".to_vec().into())
            .send()
            .await
            .unwrap();
        ecr.put_image()
            .repository_name("docker-image-repo")
            .image_tag("production")
            .image_manifest(
                r#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{},"layers":[]}"#,
            )
            .send()
            .await
            .unwrap();
    });
    cli.destroy_ok();

    // With --yes alone nothing is imported behind the user's back: one line
    // names what exists and the flag, and no stack is made.
    let refused = cli.run(&["deploy", "--yes"]);
    assert!(!refused.success, "{refused:#?}");
    let lines: Vec<&str> = refused.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", refused.stderr);
    assert!(lines[0].contains("pass --adopt-existing"), "{}", lines[0]);
    for item in KEPT {
        assert!(lines[0].contains(item), "{item} named: {}", lines[0]);
    }
    assert!(
        rt.block_on(cfn.describe_stacks().stack_name(STACK).send())
            .is_err(),
        "no stack was made"
    );

    let adopted = cli.deploy_ok(&["--adopt-existing"], "Updated", "UPDATE_COMPLETE");
    let mut imported: Vec<&str> = adopted["adopted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["logical_id"].as_str().unwrap())
        .collect();
    imported.sort();
    assert_eq!(imported, KEPT, "{adopted:#}");
    assert_eq!(
        adopted["outputs"], created["outputs"],
        "same bucket, same repository"
    );

    // The stack holds the very resources it held before the destroy, and
    // their data is still in them.
    let after = rt.block_on(physical_ids(&cfn));
    for item in KEPT {
        assert_eq!(after.get(item), before.get(item), "{item}");
    }
    assert_eq!(after.len(), before.len(), "every item is back: {after:?}");
    rt.block_on(async {
        let object = s3
            .get_object()
            .bucket(&bucket)
            .key("source.zip")
            .send()
            .await
            .expect("the object survived destroy and deploy");
        let body = object.body.collect().await.unwrap().into_bytes();
        assert_eq!(&body[..], b"kept source");
        let images = ecr
            .list_images()
            .repository_name("docker-image-repo")
            .send()
            .await
            .unwrap();
        let tags: Vec<&str> = images
            .image_ids()
            .iter()
            .filter_map(|i| i.image_tag())
            .collect();
        assert_eq!(tags, ["production"], "the image survived");
    });

    // From here it is an ordinary stack: no differences, and a second
    // deploy has nothing to import.
    let in_sync = cli.run(&["diff", "--fail"]);
    assert_eq!(in_sync.code, Some(0), "{in_sync:#?}");
    let again = cli.deploy_ok(&[], "NoChanges", "UPDATE_COMPLETE");
    assert_eq!(again["adopted"], Value::Array(Vec::new()));
}

/// Logical id -> physical id of every resource of the stack.
async fn physical_ids(cfn: &aws_sdk_cloudformation::Client) -> BTreeMap<String, String> {
    let listed = cfn
        .list_stack_resources()
        .stack_name(STACK)
        .send()
        .await
        .unwrap();
    listed
        .stack_resource_summaries()
        .iter()
        .map(|r| {
            (
                r.logical_resource_id().unwrap_or_default().to_owned(),
                r.physical_resource_id().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}
