//! A request to stop, made by whoever runs a command (the CLI on Ctrl-C)
//! and seen by everyone holding a clone: a prompt gives up, a waiting
//! caller wakes up. A value passed in rather than a process-wide flag, so
//! two commands in one process (or two tests) never stop each other.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

#[derive(Debug, Clone, Default)]
pub struct StopSignal(Arc<Shared>);

#[derive(Debug, Default)]
struct Shared {
    requested: AtomicBool,
    wake: Notify,
}

impl StopSignal {
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks every holder to stop; callable from a signal handler's task.
    pub fn request(&self) {
        self.0.requested.store(true, Ordering::SeqCst);
        self.0.wake.notify_waiters();
    }

    pub fn is_requested(&self) -> bool {
        self.0.requested.load(Ordering::SeqCst)
    }

    /// Resolves once a stop is requested (at once if it already was).
    pub async fn requested(&self) {
        loop {
            // Registered before the check, so a request in between wakes it.
            let woken = self.0.wake.notified();
            if self.is_requested() {
                return;
            }
            woken.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_clone_sees_the_request_and_waiters_wake() {
        let stop = StopSignal::new();
        let other = stop.clone();
        assert!(!other.is_requested());
        let waiter = tokio::spawn(async move { other.requested().await });
        tokio::task::yield_now().await;
        stop.request();
        waiter.await.unwrap();
        assert!(stop.is_requested());
        // Already requested: resolves at once.
        stop.requested().await;
        assert!(!StopSignal::new().is_requested(), "a new signal is its own");
    }
}
