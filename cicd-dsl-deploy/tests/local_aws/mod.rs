//! The extended endpoint (moto + `local-aws/`) per test: per-resource
//! events, rollbacks, DELETE_FAILED and the test-fault route that plain moto
//! lacks. Killed when dropped.

#![allow(dead_code)] // each test binary uses a different part of this file

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cicd_dsl_deploy::{AwsClients, AwsOptions, LocalEndpoint, load_aws};
use serde_json::json;

pub struct LocalAws {
    child: Child,
    port: u16,
    pub url: String,
}

impl Drop for LocalAws {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

impl LocalAws {
    pub fn start() -> LocalAws {
        let python = repo_root().join(".venv-local/bin/python");
        assert!(
            python.exists(),
            "{} is missing: run scripts/setup-python",
            python.display()
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(python)
            .args(["-m", "cicd_local_aws.server", "--port", &port.to_string()])
            .env("PYTHONPATH", repo_root().join("local-aws"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the local endpoint starts");
        let server = LocalAws {
            child,
            port,
            url: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        while server.http("GET", "/moto-api/", "").is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the local endpoint did not answer on port {port} within 60 s"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        server
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

    /// Arms a test fault (see local-aws/README.md): after `after` matching
    /// operations succeed, the next `times` of `operation` on `logical_id` fail.
    pub fn arm_fault(
        &self,
        stack: &str,
        logical_id: &str,
        operation: &str,
        after: u32,
        times: u32,
    ) {
        let body = json!({
            "stackName": stack, "logicalId": logical_id, "operation": operation,
            "after": after, "times": times,
        });
        let answer = self
            .http("POST", "/moto-api/cicd/test-faults", &body.to_string())
            .expect("the fault route answers");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }

    /// One plain HTTP/1.1 request; the whole answer as text.
    fn http(&self, method: &str, path: &str, body: &str) -> std::io::Result<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        Ok(answer)
    }
}

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

/// The bucket's tags, as S3 reports them.
pub async fn bucket_tags(clients: &AwsClients, bucket: &str) -> Vec<(String, String)> {
    let answer = clients
        .s3
        .get_bucket_tagging()
        .bucket(bucket)
        .send()
        .await
        .expect("GetBucketTagging");
    answer
        .tag_set()
        .iter()
        .map(|t| (t.key().to_owned(), t.value().to_owned()))
        .collect()
}
