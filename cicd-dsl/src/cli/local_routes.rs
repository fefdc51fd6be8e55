//! The local endpoint's own routes (`/moto-api/cicd/...`, described in
//! local-aws/README.md), which no SDK knows: one plain HTTP/1.1 request to
//! 127.0.0.1, JSON in and out.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use super::CliError;

/// `GET` or `POST` `path` on the endpoint at `url` (`http://127.0.0.1:<port>`);
/// the JSON body of a 200 answer, else the route's error as one line.
pub fn call(
    url: &str,
    method: &str,
    path: &str,
    body: Option<&serde_json::Value>,
) -> Result<serde_json::Value, CliError> {
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let failed = |what: String| {
        CliError::Local(format!("local AWS endpoint {url}: {method} {path}: {what}"))
    };
    let mut stream =
        TcpStream::connect(address).map_err(|e| failed(format!("does not answer: {e}")))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| failed(e.to_string()))?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| failed(e.to_string()))?;
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .map_err(|e| failed(e.to_string()))?;
    let answer = String::from_utf8_lossy(&answer);
    let (head, content) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let content = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(content)
    } else {
        content.to_owned()
    };
    let status = head.lines().next().unwrap_or_default();
    let parsed: serde_json::Value =
        serde_json::from_str(&content).unwrap_or(serde_json::Value::Null);
    if status.get(9..12) != Some("200") {
        let reason = parsed["Error"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| status.to_owned());
        return Err(failed(reason));
    }
    if parsed.is_null() {
        return Err(failed(format!("the answer is not JSON: {content:?}")));
    }
    Ok(parsed)
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || after.len() < size {
            break;
        }
        out.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    out
}
