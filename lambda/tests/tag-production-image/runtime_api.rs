//! A Lambda Runtime API endpoint served by the test, as documented
//! (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html): it hands
//! out queued events on `GET /2018-06-01/runtime/invocation/next`, records
//! what the runtime posts to `.../invocation/{id}/response`, `.../error` and
//! `/runtime/init/error`, and holds the next poll open once the queue is
//! empty, as Lambda does while no event is waiting.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const FUNCTION_ARN: &str =
    "arn:aws:lambda:us-east-1:123456789012:function:tag-production-image";

/// One POST from the runtime.
#[derive(Debug)]
pub struct Posted {
    pub path: String,
    pub body: serde_json::Value,
}

pub struct RuntimeApi {
    pub address: String,
    posted: Receiver<Posted>,
}

struct Request {
    method: String,
    path: String,
    body: Vec<u8>,
}

impl RuntimeApi {
    /// Serves `events` as (request id, payload), in order.
    pub fn serve(events: Vec<(String, serde_json::Value)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let queue = Arc::new(Mutex::new(VecDeque::from(events)));
        let (sender, posted) = channel();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let queue = Arc::clone(&queue);
                let sender = sender.clone();
                std::thread::spawn(move || serve_connection(stream, &queue, &sender));
            }
        });
        RuntimeApi { address, posted }
    }

    /// The next POST, or `None` after `timeout`.
    pub fn next_post(&self, timeout: Duration) -> Option<Posted> {
        self.posted.recv_timeout(timeout).ok()
    }
}

/// One keep-alive connection: requests in sequence until the client closes.
fn serve_connection(
    stream: TcpStream,
    queue: &Mutex<VecDeque<(String, serde_json::Value)>>,
    posted: &Sender<Posted>,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    while let Some(request) = read_request(&mut reader) {
        let response = if request.method == "GET"
            && request.path == "/2018-06-01/runtime/invocation/next"
        {
            let next = queue.lock().unwrap().pop_front();
            let Some((request_id, event)) = next else {
                // Nothing queued: hold the poll open until the test ends.
                loop {
                    std::thread::sleep(Duration::from_secs(3600));
                }
            };
            let deadline =
                SystemTime::now().duration_since(UNIX_EPOCH).unwrap() + Duration::from_secs(60);
            let body = event.to_string();
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: {request_id}\r\nLambda-Runtime-Deadline-Ms: {}\r\nLambda-Runtime-Invoked-Function-Arn: {FUNCTION_ARN}\r\nLambda-Runtime-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0\r\nContent-Length: {}\r\n\r\n{body}",
                deadline.as_millis(),
                body.len()
            )
        } else if request.method == "POST" && request.path.starts_with("/2018-06-01/runtime/") {
            let body = serde_json::from_slice(&request.body).unwrap_or_else(|_| {
                serde_json::Value::String(String::from_utf8_lossy(&request.body).into_owned())
            });
            let _ = posted.send(Posted {
                path: request.path,
                body,
            });
            let ok = r#"{"status":"OK"}"#;
            format!(
                "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{ok}",
                ok.len()
            )
        } else {
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_owned()
        };
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// Reads one HTTP/1.1 request; handles Content-Length and chunked bodies.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut content_length = 0usize;
    let mut chunked = false;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        if name.eq_ignore_ascii_case("content-length") {
            content_length = value.trim().parse().ok()?;
        } else if name.eq_ignore_ascii_case("transfer-encoding")
            && value.to_ascii_lowercase().contains("chunked")
        {
            chunked = true;
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size_line = String::new();
            reader.read_line(&mut size_line).ok()?;
            let size = usize::from_str_radix(size_line.trim().split(';').next()?, 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        body.resize(content_length, 0);
        reader.read_exact(&mut body).ok()?;
    }
    Some(Request { method, path, body })
}
