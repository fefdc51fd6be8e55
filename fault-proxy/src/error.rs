use std::io;

#[derive(Debug, thiserror::Error)]
pub enum FaultProxyError {
    #[error("upstream `{upstream}` is not an http://HOST:PORT address: {reason}")]
    InvalidUpstream { upstream: String, reason: String },
    #[error(
        "upstream `{upstream}` is not on the loopback interface; the fault proxy only talks to 127.0.0.1"
    )]
    NotLoopback { upstream: String },
    #[error("fault rate {0} is not between 0.0 and 1.0")]
    InvalidRate(f64),
    #[error("fault rate is {0} but no fault kinds are configured")]
    NoKinds(f64),
    #[error("cannot listen on 127.0.0.1: {0}")]
    Bind(#[source] io::Error),
    #[error("cannot start the proxy's runtime: {0}")]
    Runtime(#[source] io::Error),
}
