use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdListener};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use crate::config::{FaultConfig, FaultKind};
use crate::dice::FaultDice;
use crate::error::FaultProxyError;
use crate::forward::{Forwarder, ProxyBody};
use crate::responses::{Protocol, bad_gateway, fault_response};
use crate::stats::{Counters, FaultStats};
use crate::upstream::parse_upstream;

/// A running proxy on an ephemeral 127.0.0.1 port. It runs on a thread and
/// runtime of its own, so sync and async tests can use it alike; dropping
/// it stops it (and cuts any open connection).
#[derive(Debug)]
pub struct FaultProxy {
    addr: SocketAddr,
    counters: Arc<Counters>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FaultProxy {
    /// Starts a proxy in front of `upstream` (`http://127.0.0.1:PORT`).
    pub fn start(upstream: &str, config: FaultConfig) -> Result<FaultProxy, FaultProxyError> {
        let upstream = parse_upstream(upstream)?;
        if !(0.0..=1.0).contains(&config.rate) {
            return Err(FaultProxyError::InvalidRate(config.rate));
        }
        if config.rate > 0.0 && config.kinds.is_empty() {
            return Err(FaultProxyError::NoKinds(config.rate));
        }
        let listener =
            StdListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(FaultProxyError::Bind)?;
        listener
            .set_nonblocking(true)
            .map_err(FaultProxyError::Bind)?;
        let addr = listener.local_addr().map_err(FaultProxyError::Bind)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(FaultProxyError::Runtime)?;
        let counters = Arc::new(Counters::default());
        let state = Arc::new(State {
            dice: FaultDice::new(&config),
            delay: config.delay,
            counters: counters.clone(),
            forwarder: Forwarder::new(upstream),
        });
        let (shutdown, stop) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name(format!("fault-proxy-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(accept_until_stopped(listener, state, stop));
                // Dropping the runtime cancels the connection tasks.
            })
            .map_err(FaultProxyError::Runtime)?;
        Ok(FaultProxy {
            addr,
            counters,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`, for the SDK's endpoint URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn stats(&self) -> FaultStats {
        self.counters.snapshot()
    }

    /// Stops the proxy and returns its final counts.
    pub fn stop(mut self) -> FaultStats {
        self.shut_down();
        self.stats()
    }

    fn shut_down(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shut_down();
    }
}

#[derive(Debug)]
struct State {
    dice: FaultDice,
    delay: Duration,
    counters: Arc<Counters>,
    forwarder: Forwarder,
}

/// What a service error means here: close the connection unanswered.
#[derive(Debug, thiserror::Error)]
#[error("connection reset injected by fault-proxy")]
struct ResetInjected;

async fn accept_until_stopped(
    listener: StdListener,
    state: Arc<State>,
    mut stop: oneshot::Receiver<()>,
) {
    let listener = match TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(_) => return,
    };
    loop {
        tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(serve_connection(stream, state.clone()));
                }
                // Out of file descriptors and the like: give the system a
                // moment instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
        }
    }
}

async fn serve_connection(stream: TcpStream, state: Arc<State>) {
    // With a zero linger, closing the socket sends a TCP reset, which is
    // what an injected reset must look like to the client. The proxy only
    // closes a connection first to inject a reset or when it stops, so no
    // answer is ever cut short by it.
    let _ = stream.set_zero_linger();
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request| handle(request, state.clone()));
    // Errors here are resets (injected or the client's) and clients that
    // hang up; neither is the proxy's to report.
    let _ = http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

async fn handle(
    request: Request<Incoming>,
    state: Arc<State>,
) -> Result<Response<ProxyBody>, ResetInjected> {
    let number = state.counters.request();
    let Some(kind) = state.dice.roll() else {
        return Ok(forward(request, &state).await);
    };
    state.counters.fault(kind);
    match kind {
        FaultKind::Delay => {
            tokio::time::sleep(state.delay).await;
            Ok(forward(request, &state).await)
        }
        FaultKind::ConnectionReset => Err(ResetInjected),
        _ => {
            // S3 signs its payload hash into x-amz-content-sha256, which
            // the other services of the stack do not send; awsquery
            // services (CloudFormation, IAM, STS) post forms; the rest
            // (awsJson and restJson) read their errors from JSON.
            let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
            let protocol = if header("x-amz-content-sha256").is_some() {
                Protocol::S3RestXml
            } else if header("content-type")
                .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"))
            {
                Protocol::AwsQuery
            } else {
                Protocol::AwsJson
            };
            // Reading the body first keeps the connection reusable: an
            // unread body would make hyper close it after the answer.
            let _ = request.into_body().collect().await;
            Ok(fault_response(kind, number, protocol).expect("error kinds have an answer"))
        }
    }
}

async fn forward(request: Request<Incoming>, state: &State) -> Response<ProxyBody> {
    match state.forwarder.forward(request).await {
        Ok(response) => {
            state.counters.forwarded();
            response
        }
        Err(reason) => {
            state.counters.upstream_error();
            bad_gateway(reason)
        }
    }
}
