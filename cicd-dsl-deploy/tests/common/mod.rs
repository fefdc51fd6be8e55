//! A real moto server per test, on a free port, killed when dropped.

#![allow(dead_code)] // each test binary uses a different part of this file

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cicd_dsl_deploy::{AwsClients, AwsOptions, LocalEndpoint, load_aws};
use serde_json::{Value, json};

pub struct Moto {
    child: Child,
    pub url: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn moto_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("CICD_MOTO_SERVER") {
        return PathBuf::from(path);
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.venv-local/bin/moto_server");
    assert!(
        path.exists(),
        "{} is missing: create it with `python3 -m venv .venv-local && .venv-local/bin/pip install -r python/requirements-local.txt` in the repository root (or set CICD_MOTO_SERVER)",
        path.display()
    );
    path
}

impl Moto {
    pub fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(moto_binary())
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "moto_server did not answer on port {port} within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    pub async fn clients(&self) -> AwsClients {
        load_aws(&AwsOptions {
            profile: None,
            region: Some("us-east-1".to_owned()),
            endpoint: Some(LocalEndpoint::with_test_credentials(&self.url)),
        })
        .await
        .expect("clients")
    }
}

/// A bucket (retained), a log group and a role, with a bucket-name output.
pub fn app_template(bucket: &str, tag: &str) -> Value {
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Data": {
                "Type": "AWS::S3::Bucket",
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": {
                    "BucketName": bucket,
                    "Tags": [{"Key": "Purpose", "Value": tag}]
                }
            },
            "Logs": {
                "Type": "AWS::Logs::LogGroup",
                "Properties": {"LogGroupName": format!("/test/{bucket}"), "RetentionInDays": 7}
            },
            "Runner": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole"
                        }]
                    }
                }
            }
        },
        "Outputs": {"DataBucket": {"Value": {"Ref": "Data"}}}
    })
}

pub async fn bucket_exists(clients: &AwsClients, bucket: &str) -> bool {
    clients.s3.head_bucket().bucket(bucket).send().await.is_ok()
}

pub async fn object_exists(clients: &AwsClients, bucket: &str, key: &str) -> bool {
    clients
        .s3
        .head_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .is_ok()
}

/// Change sets of a stack still waiting to be executed or deleted. (AWS
/// drops executed change sets; moto keeps them as `EXECUTE_COMPLETE`.)
pub async fn change_sets_left(clients: &AwsClients, stack: &str) -> usize {
    match clients
        .cloudformation
        .list_change_sets()
        .stack_name(stack)
        .send()
        .await
    {
        Ok(answer) => answer
            .summaries()
            .iter()
            .filter(|s| s.execution_status().map(|e| e.as_str()) != Some("EXECUTE_COMPLETE"))
            .count(),
        // The stack is gone, and its change sets with it.
        Err(_) => 0,
    }
}

/// Whether DescribeStacks finds the stack by name (deleted stacks are gone).
pub async fn stack_status(clients: &AwsClients, stack: &str) -> Option<String> {
    let answer = clients
        .cloudformation
        .describe_stacks()
        .stack_name(stack)
        .send()
        .await
        .ok()?;
    answer
        .stacks()
        .first()
        .and_then(|s| s.stack_status())
        .map(|s| s.as_str().to_owned())
}

pub async fn deployed_template(clients: &AwsClients, stack: &str) -> Value {
    let body = clients
        .cloudformation
        .get_template()
        .stack_name(stack)
        .send()
        .await
        .expect("GetTemplate")
        .template_body()
        .expect("a body")
        .to_owned();
    serde_json::from_str(&body).expect("JSON")
}
