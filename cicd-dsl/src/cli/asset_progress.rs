//! What the user sees while a function's build runs: a first release
//! build compiles the AWS SDK and takes minutes, which must not look like a
//! hang. On a terminal one line is rewritten with the crate being compiled;
//! elsewhere (CI logs, pipes) cargo's own lines are passed on, indented.

use std::cell::Cell;
use std::io::{IsTerminal, Write};
use std::time::Instant;

use cicd_dsl_assets::BuildProgress;

pub struct AssetProgress<'a> {
    function: &'a str,
    /// What is built, for the heading: "release build of package x; ...".
    build: String,
    terminal: bool,
    started: Cell<Option<Instant>>,
    /// Whether the heading was printed: only once cargo has work to do (a
    /// changed input cargo finds up to date is a silent no-op).
    announced: Cell<bool>,
    compiled: Cell<usize>,
}

impl<'a> AssetProgress<'a> {
    pub fn new(function: &'a str, build: String) -> Self {
        Self {
            function,
            build,
            terminal: std::io::stderr().is_terminal(),
            started: Cell::new(None),
            announced: Cell::new(false),
            compiled: Cell::new(0),
        }
    }

    pub fn show(&self, progress: BuildProgress) {
        let mut stderr = std::io::stderr().lock();
        match progress {
            BuildProgress::CargoStarted => {
                self.started.set(Some(Instant::now()));
            }
            BuildProgress::CargoLine(line) => {
                if !self.announced.get() {
                    let starts_work =
                        line.trim_start().starts_with("Compiling ") || is_diagnostic(line);
                    if !starts_work {
                        // Waiting for a lock, or finding everything up to
                        // date: nothing the user needs to hear about.
                        return;
                    }
                    self.announced.set(true);
                    let _ = writeln!(
                        stderr,
                        "building function {} ({})",
                        self.function, self.build
                    );
                }
                let compiling = line.trim_start().strip_prefix("Compiling ");
                if compiling.is_some() {
                    self.compiled.set(self.compiled.get() + 1);
                }
                match (self.terminal, compiling) {
                    (true, Some(krate)) => {
                        let _ = write!(
                            stderr,
                            "\r\x1b[2K  compiling {krate} (crate {})",
                            self.compiled.get()
                        );
                    }
                    // Finished / Blocking lines add nothing on a terminal.
                    (true, None) if !is_diagnostic(line) => {}
                    (true, None) => {
                        let _ = writeln!(stderr, "\r\x1b[2K{line}");
                    }
                    (false, _) => {
                        let _ = writeln!(stderr, "  {}", line.trim_start());
                    }
                }
            }
        }
        let _ = stderr.flush();
    }

    /// Ends the rewritten line and, when cargo had work to do and the
    /// build succeeded, says how long it took (a failure is the error's to
    /// tell).
    pub fn finish(&self, succeeded: bool) {
        let Some(started) = self.started.get().filter(|_| self.announced.get()) else {
            return;
        };
        let mut stderr = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(stderr, "\r\x1b[2K");
        }
        if !succeeded {
            return;
        }
        let _ = writeln!(
            stderr,
            "built function {} in {:.1} s ({} crates compiled)",
            self.function,
            started.elapsed().as_secs_f64(),
            self.compiled.get()
        );
    }
}

/// Cargo's warnings and errors, which a terminal user must still see.
fn is_diagnostic(line: &str) -> bool {
    let line = line.trim_start();
    !(line.starts_with("Compiling ")
        || line.starts_with("Finished ")
        || line.starts_with("Blocking ")
        || line.starts_with("Updating ")
        || line.starts_with("Locking ")
        || line.starts_with("Downloading ")
        || line.starts_with("Downloaded "))
}

#[cfg(test)]
mod tests {
    use super::is_diagnostic;

    #[test]
    fn cargo_status_lines_are_not_diagnostics_but_warnings_are() {
        assert!(!is_diagnostic("   Compiling ring v0.17.14"));
        assert!(!is_diagnostic(
            "    Finished `release` profile [optimized] target(s) in 3m 02s"
        ));
        assert!(is_diagnostic("warning: unused variable: `x`"));
        assert!(is_diagnostic(
            "error[E0425]: cannot find value `y` in this scope"
        ));
    }
}
