//! A moto server for one test: spawned on a free 127.0.0.1 port, with
//! request recording on (so calls moto does not implement can still be read
//! back), killed on drop.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_ecr::config::Credentials;
use aws_sdk_ecr::config::retry::RetryConfig;
use base64::Engine;
use serde_json::Value;

pub const REGION: &str = "us-east-1";

pub struct Moto {
    child: Child,
    pub endpoint: String,
    recording: PathBuf,
    dir: tempfile::TempDir,
}

fn moto_server_path() -> PathBuf {
    if let Some(path) = std::env::var_os("MOTO_SERVER") {
        return path.into();
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.venv-local/bin/moto_server");
    assert!(
        path.exists(),
        "{} is missing: create it with `python3 -m venv .venv-local && .venv-local/bin/pip install -r python/requirements-local.txt` in the workspace root, or set MOTO_SERVER",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A raw HTTP GET, enough to ask moto whether it is up.
fn http_get_status(addr: &str, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response.lines().next().map(str::to_owned)
}

impl Moto {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let recording = dir.path().join("recording.jsonl");
        let log = File::create(dir.path().join("moto.log")).unwrap();
        let port = free_port();
        let child = Command::new(moto_server_path())
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .env("MOTO_ENABLE_RECORDING", "true")
            .env("PYTHONUNBUFFERED", "1")
            .env("MOTO_RECORDER_FILEPATH", &recording)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("moto_server starts");
        let moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            recording,
            dir,
        };
        let addr = format!("127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = http_get_status(&addr, "/moto-api/data.json")
                && status.contains(" 200 ")
            {
                return moto;
            }
            assert!(
                Instant::now() < deadline,
                "moto did not answer in 30 s: {}",
                moto.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// SDK configuration for this server: test credentials, us-east-1, and
    /// one attempt per call so moto's HTTP 500 for an unimplemented action
    /// comes back at once instead of after retries.
    pub async fn sdk_config(&self) -> SdkConfig {
        aws_config::defaults(BehaviorVersion::latest())
            .endpoint_url(&self.endpoint)
            .region(Region::new(REGION))
            .credentials_provider(Credentials::new("test", "test", None, None, "moto-test"))
            .retry_config(RetryConfig::standard().with_max_attempts(1))
            .load()
            .await
    }

    /// Waits up to 5 s for moto's log to contain `text` (werkzeug may log a
    /// traceback just after it has sent the response).
    pub fn log_contains(&self, text: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(5);
        while !self.log().contains(text) {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        true
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("moto.log")).unwrap_or_default()
    }

    /// JSON bodies of the recorded requests whose `X-Amz-Target` is `target`
    /// (e.g. `CodePipeline_20150709.PutJobSuccessResult`), oldest first.
    pub fn recorded_calls(&self, target: &str) -> Vec<Value> {
        let text = std::fs::read_to_string(&self.recording).unwrap_or_default();
        text.lines()
            .map(|line| serde_json::from_str::<Value>(line).expect("recording line is JSON"))
            .filter(|entry| {
                entry["headers"]
                    .as_object()
                    .and_then(|h| {
                        h.iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-target"))
                    })
                    .and_then(|(_, v)| v.as_str())
                    == Some(target)
            })
            .map(|entry| {
                let body = entry["body"].as_str().unwrap_or_default();
                let bytes = if entry["body_encoded"] == Value::Bool(true) {
                    base64::engine::general_purpose::STANDARD
                        .decode(body)
                        .unwrap()
                } else {
                    body.as_bytes().to_vec()
                };
                serde_json::from_slice(&bytes).expect("request body is JSON")
            })
            .collect()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
