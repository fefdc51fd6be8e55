//! Everything the engine tells the user goes through a [`Reporter`], so the
//! CLI can choose human output or silence (`--output json`) and tests can
//! read what a user would have seen.

use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::shown_bar;

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

/// How a stack operation's progress is shown to a human.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// A bar of resources done, and the event lines of failures only.
    Bar,
    /// Every stack event as a line, no bar (for logs and CI).
    Events,
}

impl Progress {
    /// The bar on a terminal, event lines otherwise (as CDK does).
    pub fn for_stderr() -> Self {
        if std::io::stderr().is_terminal() {
            Progress::Bar
        } else {
            Progress::Events
        }
    }
}

#[derive(Clone)]
enum Sink {
    /// Lines to stderr (stdout is kept for the CLI's machine-readable output).
    Human {
        color: bool,
        progress: Progress,
    },
    Quiet,
    Capture(Arc<Mutex<Vec<String>>>),
}

/// Where user-facing messages and the progress bar go.
#[derive(Clone)]
pub struct Reporter {
    sink: Sink,
    progress: Arc<Mutex<Option<ProgressBar>>>,
    /// Time spent waiting for the user's answer at prompts, which a
    /// command's reported duration leaves out.
    waited: Arc<Mutex<Duration>>,
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
    /// Messages and progress on stderr, the bar on a terminal
    /// ([`Progress::for_stderr`]); colour decided by [`stderr_wants_color`].
    pub fn human() -> Self {
        Self::human_with(Progress::for_stderr())
    }

    /// Messages on stderr with progress shown as `progress` says.
    pub fn human_with(progress: Progress) -> Self {
        Self::with_sink(Sink::Human {
            color: stderr_wants_color(),
            progress,
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
            waited: Arc::new(Mutex::new(Duration::ZERO)),
        }
    }

    /// Adds the time one prompt waited for the user.
    pub(crate) fn add_time_at_prompt(&self, waited: Duration) {
        *lock(&self.waited) += waited;
    }

    /// How long this reporter's prompts have waited for the user in all.
    pub fn time_at_prompts(&self) -> Duration {
        *lock(&self.waited)
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
            Sink::Human { color, .. } => {
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

    /// One stack event's line: always in [`Progress::Events`], only when
    /// it is a failure under the bar.
    pub fn event(&self, style: Style, failure: bool, line: &str) {
        if failure || !self.shows_bar() {
            self.styled(style, line);
        }
    }

    fn shows_bar(&self) -> bool {
        matches!(
            self.sink,
            Sink::Human {
                progress: Progress::Bar,
                ..
            }
        )
    }

    /// Shows a bar of `total` resources with the elapsed time (human
    /// output in [`Progress::Bar`] only).
    pub fn progress_start(&self, total: u64, label: &str) {
        if !self.shows_bar() {
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
        shown_bar::showing(&bar);
        *lock(&self.progress) = Some(bar);
    }

    pub fn progress_set(&self, done: u64) {
        if let Some(bar) = lock(&self.progress).as_ref() {
            bar.set_position(done);
        }
    }

    /// Leaves the bar on the screen at `done`, its final count.
    pub fn progress_done(&self, done: u64) {
        if let Some(bar) = lock(&self.progress).take() {
            shown_bar::gone();
            bar.set_position(done);
            bar.finish();
            // indicatif leaves the cursor after the bar's last frame, padded
            // to the width it believes the terminal has, counting on the
            // terminal to wrap there; where it does not (a width it could
            // not read, as on a pseudo-terminal with no size) the next line
            // would be written onto the bar's. `\r\n` ends the line either
            // way: a terminal waiting to wrap at its last column is still
            // on the bar's line, which `\r` goes back to.
            if !bar.is_hidden() {
                let _ = std::io::stderr().write_all(b"\r\n");
            }
        }
    }

    /// Takes the bar off the screen (before a question, or after a failure).
    pub fn progress_finish(&self) {
        if let Some(bar) = lock(&self.progress).take() {
            shown_bar::gone();
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
