use std::fmt;
use std::time::Duration;

/// One way of answering a request other than forwarding it promptly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FaultKind {
    /// HTTP 400 with the awsquery error code `Throttling`, as CloudFormation
    /// answers when its API rate is exceeded.
    Throttling,
    /// HTTP 429 with the error code `TooManyRequestsException`.
    TooManyRequests,
    /// HTTP 500 `InternalFailure`.
    InternalError,
    /// HTTP 503 `ServiceUnavailable`.
    ServiceUnavailable,
    /// The connection is closed with a TCP reset and no answer at all.
    ConnectionReset,
    /// The request is forwarded, but only after [`FaultConfig::delay`].
    Delay,
}

impl FaultKind {
    pub const ALL: [FaultKind; 6] = [
        FaultKind::Throttling,
        FaultKind::TooManyRequests,
        FaultKind::InternalError,
        FaultKind::ServiceUnavailable,
        FaultKind::ConnectionReset,
        FaultKind::Delay,
    ];

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FaultKind::Throttling => "400 Throttling",
            FaultKind::TooManyRequests => "429 TooManyRequests",
            FaultKind::InternalError => "500 InternalFailure",
            FaultKind::ServiceUnavailable => "503 ServiceUnavailable",
            FaultKind::ConnectionReset => "connection reset",
            FaultKind::Delay => "delay",
        })
    }
}

/// Which share of requests is faulted, how, and with which seed.
///
/// For each request, in arrival order, the proxy draws from a generator
/// seeded with [`seed`](Self::seed): with probability [`rate`](Self::rate)
/// the request is faulted, with a kind picked uniformly from
/// [`kinds`](Self::kinds) (list a kind twice to make it twice as likely).
/// The same seed and the same sequence of requests give the same faults.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultConfig {
    /// Share of requests to fault, from 0.0 to 1.0.
    pub rate: f64,
    pub seed: u64,
    pub kinds: Vec<FaultKind>,
    /// How late a [`FaultKind::Delay`] request is forwarded. Keep it below
    /// the client's attempt timeout: a client that gives up on a delayed
    /// request and retries would make the upstream run it twice.
    pub delay: Duration,
}

impl FaultConfig {
    /// Forward everything.
    pub fn none() -> Self {
        FaultConfig {
            rate: 0.0,
            seed: 0,
            kinds: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// Fault `rate` of the requests, spread evenly over every kind.
    pub fn mixed(rate: f64, seed: u64) -> Self {
        FaultConfig {
            rate,
            seed,
            kinds: FaultKind::ALL.to_vec(),
            delay: Duration::from_millis(300),
        }
    }

    /// Fault `rate` of the requests, all with one kind.
    pub fn only(kind: FaultKind, rate: f64, seed: u64) -> Self {
        FaultConfig {
            kinds: vec![kind],
            ..FaultConfig::mixed(rate, seed)
        }
    }

    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}
