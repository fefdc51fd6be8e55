use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::config::FaultKind;

/// Live counters, shared by the connections.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    requests: AtomicU64,
    forwarded: AtomicU64,
    upstream_errors: AtomicU64,
    faults: [AtomicU64; FaultKind::ALL.len()],
}

impl Counters {
    /// Counts a request and returns its 1-based sequence number.
    pub(crate) fn request(&self) -> u64 {
        self.requests.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub(crate) fn fault(&self, kind: FaultKind) {
        self.faults[kind.index()].fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn forwarded(&self) {
        self.forwarded.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn upstream_error(&self) {
        self.upstream_errors.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> FaultStats {
        FaultStats {
            requests: self.requests.load(Ordering::Relaxed),
            forwarded: self.forwarded.load(Ordering::Relaxed),
            upstream_errors: self.upstream_errors.load(Ordering::Relaxed),
            faults: FaultKind::ALL
                .iter()
                .map(|k| (*k, self.faults[k.index()].load(Ordering::Relaxed)))
                .collect(),
        }
    }
}

/// What the proxy has done so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultStats {
    /// Requests received (each retry of a call is a request of its own).
    pub requests: u64,
    /// Requests the upstream answered, delayed ones included.
    pub forwarded: u64,
    /// Forwarded requests the upstream did not answer (answered 502).
    pub upstream_errors: u64,
    /// Faults injected, by kind; every kind is present.
    pub faults: BTreeMap<FaultKind, u64>,
}

impl FaultStats {
    pub fn faults_of(&self, kind: FaultKind) -> u64 {
        self.faults.get(&kind).copied().unwrap_or(0)
    }

    pub fn total_faults(&self) -> u64 {
        self.faults.values().sum()
    }

    /// Faulted requests as a share of all requests.
    pub fn fault_share(&self) -> f64 {
        if self.requests == 0 {
            0.0
        } else {
            self.total_faults() as f64 / self.requests as f64
        }
    }
}

impl fmt::Display for FaultStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} requests, {} forwarded, {} upstream errors, {} faults ({:.1}%):",
            self.requests,
            self.forwarded,
            self.upstream_errors,
            self.total_faults(),
            self.fault_share() * 100.0
        )?;
        for (kind, count) in &self.faults {
            write!(f, " {kind}={count}")?;
        }
        Ok(())
    }
}
