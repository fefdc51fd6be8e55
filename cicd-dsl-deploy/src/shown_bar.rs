//! The progress bar on the screen now, if any, for what writes to stderr
//! outside a [`crate::Reporter`] (the `-v` log lines). A line written
//! straight to stderr under a bar leaves the bar's last frame above it and
//! the next frame below it; written through the bar, the bar is taken off,
//! the line printed, and the bar drawn again under it.

use std::io::Write;
use std::sync::Mutex;

use indicatif::ProgressBar;

static SHOWN: Mutex<Option<ProgressBar>> = Mutex::new(None);

fn shown() -> std::sync::MutexGuard<'static, Option<ProgressBar>> {
    SHOWN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `bar` is on the screen from now on.
pub(crate) fn showing(bar: &ProgressBar) {
    *shown() = Some(bar.clone());
}

/// No bar is on the screen any more.
pub(crate) fn gone() {
    *shown() = None;
}

/// Writes `text` (whole lines) to stderr, above the bar if one is shown.
pub(crate) fn write_stderr(text: &[u8]) {
    // Cloned out of the lock: the bar takes its own lock to redraw.
    let bar = shown().clone();
    let write = || {
        let _ = std::io::stderr().lock().write_all(text);
    };
    match bar {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}
