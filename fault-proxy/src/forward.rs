use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::BodyExt;
use http_body_util::combinators::BoxBody;
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderName};
use hyper::{Request, Response, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

/// The body of every answer: the upstream's, streamed, or a fault's.
pub(crate) type ProxyBody = BoxBody<Bytes, hyper::Error>;

/// Headers that describe one hop's connection, not the message; each side
/// of the proxy frames its own (hyper sets `content-length` or chunked
/// encoding from the body it is given).
const HOP_BY_HOP: [&str; 7] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Sends requests to the upstream over a keep-alive pool.
#[derive(Debug, Clone)]
pub(crate) struct Forwarder {
    upstream: SocketAddr,
    client: Client<HttpConnector, Incoming>,
}

impl Forwarder {
    pub(crate) fn new(upstream: SocketAddr) -> Self {
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .build_http();
        Forwarder { upstream, client }
    }

    /// The upstream's answer, or why there is none. The `Host` header is
    /// kept as the client sent it: it is part of the SigV4 signature.
    pub(crate) async fn forward(
        &self,
        request: Request<Incoming>,
    ) -> Result<Response<ProxyBody>, String> {
        let (mut parts, body) = request.into_parts();
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        parts.uri = format!("http://{}{path}", self.upstream)
            .parse::<Uri>()
            .map_err(|e| format!("cannot build the upstream URI: {e}"))?;
        strip_hop_by_hop(&mut parts.headers);
        let response = self
            .client
            .request(Request::from_parts(parts, body))
            .await
            .map_err(|e| format!("{e:?}"))?;
        let (mut parts, body) = response.into_parts();
        strip_hop_by_hop(&mut parts.headers);
        Ok(Response::from_parts(parts, body.boxed()))
    }
}

fn strip_hop_by_hop(headers: &mut HeaderMap) {
    for name in HOP_BY_HOP {
        headers.remove(HeaderName::from_static(name));
    }
}
