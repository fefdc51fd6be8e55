//! The endpoint's routes beyond the AWS APIs: moto's own (`/moto-api/...`)
//! and the ones `local-aws/` adds (`/moto-api/cicd/...`, described in
//! local-aws/README.md).

use serde_json::{Value, json};

use crate::endpoint::Endpoint;
use crate::http::ok_body;

/// A test fault: after `after` matching operations succeed, the next
/// `times` `operation`s (`CREATE`, `UPDATE`, `DELETE`) on the stack's
/// `logical_id` fail with the error code `TestFault`.
#[derive(Debug, Clone)]
pub struct Fault<'a> {
    pub stack: &'a str,
    pub logical_id: &'a str,
    pub operation: &'a str,
    pub after: u32,
    pub times: u32,
}

/// Arms a test fault (`POST /moto-api/cicd/test-faults`) on the endpoint
/// at `url` (`http://127.0.0.1:<port>`), e.g. one `--local` started.
pub fn arm_fault(url: &str, fault: &Fault) {
    let port = url
        .strip_prefix("http://127.0.0.1:")
        .and_then(|port| port.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("{url} is not a local endpoint's address"));
    let body = json!({
        "stackName": fault.stack,
        "logicalId": fault.logical_id,
        "operation": fault.operation,
        "after": fault.after,
        "times": fault.times,
    });
    ok_body(
        port,
        "POST",
        "/moto-api/cicd/test-faults",
        &body.to_string(),
    );
}

impl Endpoint {
    /// Arms a test fault on this endpoint (see [`arm_fault`]).
    pub fn arm_fault(&self, fault: &Fault) {
        arm_fault(&self.url(), fault);
    }

    /// Every CodePipeline job the endpoint created, oldest first, with the
    /// event CodePipeline would have invoked the function with
    /// (`GET /moto-api/cicd/codepipeline/jobs`).
    pub fn codepipeline_jobs(&self) -> Vec<Value> {
        let body = ok_body(self.port(), "GET", "/moto-api/cicd/codepipeline/jobs", "");
        let parsed: Value = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("the jobs route answered {body:?}: {e}"));
        parsed["jobs"].as_array().expect("a jobs list").clone()
    }

    /// moto's signature checks (`POST /moto-api/reset-auth`): `"0"` checks
    /// every later request, `"inf"` none.
    pub fn reset_auth(&self, after_requests: &str) {
        let answer = ok_body(self.port(), "POST", "/moto-api/reset-auth", after_requests);
        assert!(answer.contains("\"ok\""), "reset-auth: {answer}");
    }

    /// Everything the endpoint stores, per service and model
    /// (`GET /moto-api/data.json`).
    pub fn stored_data(&self) -> Value {
        let body = ok_body(self.port(), "GET", "/moto-api/data.json", "");
        serde_json::from_str(&body).expect("data.json is JSON")
    }
}
