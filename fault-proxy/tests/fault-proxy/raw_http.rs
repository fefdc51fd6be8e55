//! A minimal blocking HTTP/1.1 client, so that tests control the bytes on
//! the wire: keep-alive, chunked request bodies, and seeing a reset as one.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

pub struct Connection {
    reader: BufReader<TcpStream>,
}

#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

const HEAD: &str = "Content-Type: application/x-www-form-urlencoded\r\n\
    Authorization: AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/cloudformation/aws4_request, SignedHeaders=host, Signature=0\r\n";

impl Connection {
    pub fn open(addr: SocketAddr) -> Connection {
        let stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        Connection {
            reader: BufReader::new(stream),
        }
    }

    /// POST `/` with a `Content-Length` body.
    pub fn post(&mut self, body: &str) -> io::Result<RawResponse> {
        let request = format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{HEAD}Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.reader.get_mut().write_all(request.as_bytes())?;
        self.read_response()
    }

    /// POST `/` with the body sent in chunks of `chunk` bytes.
    pub fn post_chunked(&mut self, body: &str, chunk: usize) -> io::Result<RawResponse> {
        let mut request = format!(
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n{HEAD}Transfer-Encoding: chunked\r\n\r\n"
        );
        for piece in body.as_bytes().chunks(chunk) {
            request.push_str(&format!("{:x}\r\n", piece.len()));
            request.push_str(std::str::from_utf8(piece).expect("form bodies are ASCII"));
            request.push_str("\r\n");
        }
        request.push_str("0\r\n\r\n");
        self.reader.get_mut().write_all(request.as_bytes())?;
        self.read_response()
    }

    fn read_response(&mut self) -> io::Result<RawResponse> {
        let status_line = self.line()?;
        if status_line.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "closed without an answer",
            ));
        }
        let status = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| io::Error::other(format!("bad status line {status_line:?}")))?;
        let mut headers = Vec::new();
        loop {
            let line = self.line()?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap_or((line, ""));
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        let mut response = RawResponse {
            status,
            headers,
            body: String::new(),
        };
        let mut body = Vec::new();
        if let Some(len) = response.header("content-length") {
            let len: usize = len.parse().map_err(io::Error::other)?;
            body.resize(len, 0);
            self.reader.read_exact(&mut body)?;
        } else if response
            .header("transfer-encoding")
            .is_some_and(|te| te.eq_ignore_ascii_case("chunked"))
        {
            loop {
                let size =
                    usize::from_str_radix(self.line()?.trim(), 16).map_err(io::Error::other)?;
                let mut piece = vec![0; size + 2];
                self.reader.read_exact(&mut piece)?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&piece[..size]);
            }
        } else {
            self.reader.read_to_end(&mut body)?;
        }
        response.body = String::from_utf8_lossy(&body).into_owned();
        Ok(response)
    }

    fn line(&mut self) -> io::Result<String> {
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        Ok(line)
    }
}
