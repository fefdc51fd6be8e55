//! Everything the engine tells the user goes through a [`Reporter`], so the
//! CLI can choose human output or silence (`--output json`) and tests can
//! read what a user would have seen.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// How text is styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Added,
    Removed,
    Changed,
    Danger,
    Heading,
}

#[derive(Clone)]
enum Sink {
    /// Lines to stderr (stdout is kept for the CLI's machine-readable output).
    Human {
        color: bool,
    },
    Quiet,
    Capture(Arc<Mutex<Vec<String>>>),
}

/// Where user-facing messages and the progress bar go.
#[derive(Clone)]
pub struct Reporter {
    sink: Sink,
    progress: Arc<Mutex<Option<ProgressBar>>>,
}

/// Lines a capturing [`Reporter`] has recorded.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<String>>>);

impl Captured {
    pub fn lines(&self) -> Vec<String> {
        lock(&self.0).clone()
    }

    pub fn text(&self) -> String {
        self.lines().join("\n")
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org).
pub fn stderr_wants_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

impl Reporter {
    /// Messages and a progress bar on stderr; colour decided by [`stderr_wants_color`].
    pub fn human() -> Self {
        Self::with_sink(Sink::Human {
            color: stderr_wants_color(),
        })
    }

    /// Says nothing (for `--output json`).
    pub fn quiet() -> Self {
        Self::with_sink(Sink::Quiet)
    }

    /// Records every line, uncoloured, for tests.
    pub fn capture() -> (Self, Captured) {
        let store = Arc::new(Mutex::new(Vec::new()));
        (
            Self::with_sink(Sink::Capture(store.clone())),
            Captured(store),
        )
    }

    fn with_sink(sink: Sink) -> Self {
        Reporter {
            sink,
            progress: Arc::new(Mutex::new(None)),
        }
    }

    pub fn is_human(&self) -> bool {
        matches!(self.sink, Sink::Human { .. })
    }

    /// One line of plain text.
    pub fn say(&self, text: &str) {
        self.styled(Style::Plain, text);
    }

    /// One line in a style (colour only on a human terminal).
    pub fn styled(&self, style: Style, text: &str) {
        match &self.sink {
            Sink::Quiet => {}
            Sink::Capture(store) => lock(store).push(text.to_owned()),
            Sink::Human { color } => {
                let line = if *color {
                    paint(style, text)
                } else {
                    text.to_owned()
                };
                // Printing above the bar keeps the bar at the bottom.
                match lock(&self.progress).as_ref() {
                    Some(bar) => bar.println(line),
                    None => {
                        let _ = writeln!(std::io::stderr(), "{line}");
                    }
                }
            }
        }
    }

    /// Shows a bar of `total` resources with the elapsed time (human only).
    pub fn progress_start(&self, total: u64, label: &str) {
        if !self.is_human() {
            return;
        }
        let bar = ProgressBar::new(total);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} resources {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message(label.to_owned());
        bar.enable_steady_tick(Duration::from_millis(200));
        *lock(&self.progress) = Some(bar);
    }

    pub fn progress_set(&self, done: u64) {
        if let Some(bar) = lock(&self.progress).as_ref() {
            bar.set_position(done);
        }
    }

    pub fn progress_finish(&self) {
        if let Some(bar) = lock(&self.progress).take() {
            bar.finish_and_clear();
        }
    }
}

fn paint(style: Style, text: &str) -> String {
    let code = match style {
        Style::Plain => return text.to_owned(),
        Style::Added => "32",
        Style::Removed => "31",
        Style::Changed => "33",
        Style::Danger => "1;31",
        Style::Heading => "1",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}
