//! What a user sees on a terminal, committed as a snapshot: the review of a
//! first deploy (IAM roles, trust and policies: broadening, so it asks),
//! the question, and the progress display after the answer, run on a
//! pseudo-terminal (util-linux `script`) so the binary draws what it draws
//! for a person. A change to that screen is then a reviewed diff of
//! `tests/snapshots/deploy-screen.txt`; accept one with
//! `UPDATE_SNAPSHOTS=1 cargo nextest run --workspace -E 'test(deploy_screen)'` (with
//! `CICD_DSL_AWS_BIN` set as for every end-to-end test), then read the diff.
//!
//! The transcript is replayed as a terminal shows it (each carriage return
//! and erase-line redraws the line, so a progress bar leaves its last
//! frame), then what differs per run is replaced: clock times, durations,
//! ids the service makes up, the endpoint's port.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use cicd_dsl_tests::endpoint::Endpoint;

use crate::cli::Cli;
use crate::folders::out_dir;
use crate::snapshot::assert_matches_snapshot;

const QUESTION: &[u8] = b"[y/N]";

#[test]
fn deploy_screen_matches_the_snapshot() {
    let endpoint = Endpoint::start();
    let cli = Cli::against(&endpoint, &out_dir("terminal-screen"));
    cli.run(&["bootstrap"]).expect_ok();
    // The function's release build speaks while it compiles; built here
    // first, the deploy reuses it, so the screen does not depend on
    // whether a build was cached.
    cli.run(&["synth"]).expect_ok();
    let transcript = deploy_on_a_terminal(&cli, &[]);
    let screen = normalised(&replayed(&transcript));
    assert!(
        screen.contains("IAM statement changes:") && screen.contains("Deploy these changes"),
        "the review and its question are on the screen:\n{screen}"
    );
    compare_with_snapshot(&screen);
}

/// With `-v`, each AWS call's log line goes above the bar while it is
/// drawn: the screen keeps one bar, at the bottom of the calls made while
/// the stack was created, instead of a stale frame of the bar above each
/// log line written under it.
#[test]
fn verbose_log_lines_go_above_the_progress_bar() {
    let endpoint = Endpoint::start();
    let cli = Cli::against(&endpoint, &out_dir("terminal-screen-verbose"));
    cli.run(&["bootstrap"]).expect_ok();
    cli.run(&["synth"]).expect_ok();
    let screen = replayed(&deploy_on_a_terminal(&cli, &["-v"]));
    let lines: Vec<&str> = screen.lines().collect();
    let bars: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains("/17 resources cicd-pipeline"))
        .collect();
    assert_eq!(bars.len(), 1, "one bar on the screen:\n{screen}");
    let bar = bars[0];
    assert!(
        lines[bar].contains("17/17"),
        "the bar's last frame:\n{screen}"
    );
    let question = lines
        .iter()
        .position(|l| l.contains("[y/N]"))
        .expect("the question");
    // The stack is followed by polling its events: those calls are logged
    // between the answer and the bar.
    assert!(
        lines[question..bar]
            .iter()
            .any(|l| l.contains("DescribeStackEvents")),
        "the calls made while the bar was drawn are above it:\n{screen}"
    );
    assert!(
        lines[bar + 1..]
            .iter()
            .any(|l| l.contains("UpdateTerminationProtection")),
        "calls after the bar are below it:\n{screen}"
    );
}

/// Everything the terminal received from `deploy` (stdout and stderr) with
/// `extra` arguments, answering `y` at its question.
fn deploy_on_a_terminal(cli: &Cli, extra: &[&str]) -> Vec<u8> {
    let command_line = format!(
        "exec '{}' deploy --out '{}' {}",
        env!("CARGO_BIN_EXE_cicd-stack"),
        cli.out.display(),
        extra.join(" ")
    );
    let mut command = cli.on_terminal(&command_line);
    command
        .env_remove("RUST_LOG")
        // A fixed terminal width, so the bar and the columns are the same
        // on every machine.
        .env("COLUMNS", "120")
        .env("LINES", "40");
    let mut child = command.spawn().expect("util-linux `script` runs");
    let mut stdout = child.stdout.take().unwrap();
    let (asked_tx, asked) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buffer = [0u8; 4096];
        let mut told = false;
        // Read to the end, so the terminal never blocks on a full pipe.
        while let Ok(n) = stdout.read(&mut buffer) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buffer[..n]);
            if !told && seen.windows(QUESTION.len()).any(|w| w == QUESTION) {
                told = true;
                let _ = asked_tx.send(());
            }
        }
        seen
    });
    asked
        .recv_timeout(Duration::from_secs(900))
        .expect("deploy asks within 15 min");
    child
        .stdin
        .as_mut()
        .unwrap()
        .write_all(b"y\n")
        .expect("answer");
    let status = child.wait().expect("deploy ends");
    let seen = reader.join().unwrap();
    assert!(
        status.success(),
        "deploy failed:\n{}",
        String::from_utf8_lossy(&seen)
    );
    seen
}

/// The lines a terminal would show at the end: `\r` returns to the line's
/// start, erase-line sequences clear it, cursor-up goes back a line (as a
/// progress bar redraws itself); other escape sequences draw nothing here.
fn replayed(transcript: &[u8]) -> String {
    let text = String::from_utf8_lossy(transcript);
    let mut lines: Vec<String> = vec![String::new()];
    let mut row = 0usize;
    let mut column = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => column = 0,
            '\n' => {
                row += 1;
                column = 0;
                if lines.len() <= row {
                    lines.push(String::new());
                }
            }
            '\u{1b}' => {
                // CSI: ESC [ parameters final-byte.
                if chars.peek() != Some(&'[') {
                    chars.next();
                    continue;
                }
                chars.next();
                let mut parameters = String::new();
                let mut last = ' ';
                for next in chars.by_ref() {
                    if next.is_ascii_alphabetic() || next == '~' {
                        last = next;
                        break;
                    }
                    parameters.push(next);
                }
                let count = parameters.parse::<usize>().unwrap_or(1);
                match last {
                    // `2K` erases the whole line, `K` from the cursor on.
                    'K' if parameters == "2" => lines[row].clear(),
                    'K' => {
                        let line: Vec<char> = lines[row].chars().collect();
                        lines[row] = line.into_iter().take(column).collect();
                    }
                    'A' => row = row.saturating_sub(count),
                    'G' => column = count.saturating_sub(1),
                    'J' => {
                        lines.truncate(row + 1);
                        let line: Vec<char> = lines[row].chars().collect();
                        lines[row] = line.into_iter().take(column).collect();
                    }
                    _ => {}
                }
            }
            c if c.is_control() && c != '\t' => {}
            c => {
                let mut line: Vec<char> = lines[row].chars().collect();
                while line.len() < column {
                    line.push(' ');
                }
                if column < line.len() {
                    line[column] = c;
                } else {
                    line.push(c);
                }
                lines[row] = line.into_iter().collect();
                column += 1;
            }
        }
    }
    let mut screen = lines
        .iter()
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n");
    screen.push('\n');
    screen
}

/// The screen with what differs per run replaced by a placeholder.
fn normalised(screen: &str) -> String {
    screen
        .lines()
        .map(|line| {
            let words: Vec<String> = line
                .split(' ')
                .map(|word| normalised_word(word).unwrap_or_else(|| word.to_owned()))
                .collect();
            words.join(" ")
        })
        // Elapsed times such as `(12.3 s)` or `in 4 s`.
        .map(|line| durations_replaced(&line))
        // The count of calls includes the polls of the stack's events,
        // as many as the creation took.
        .map(|line| calls_counted_as_n(&line))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The placeholder of a word that differs per run, if it is one.
fn normalised_word(word: &str) -> Option<String> {
    let core = word.trim_matches(|c: char| "()[],;:'\"`".contains(c));
    if core.is_empty() {
        return None;
    }
    let placeholder = if is_clock(core) {
        "HH:MM:SS.mmm"
    } else if core.starts_with("http://127.0.0.1:") || core.starts_with("http://localhost:") {
        "http://127.0.0.1:PORT"
    } else if core.starts_with("arn:") {
        "ARN"
    } else if core.starts_with("cicd-dsl-") && core.rsplit('-').next().is_some_and(is_digits) {
        "CHANGE-SET"
    } else if core.len() >= 64 && has_hex_run(core) {
        // An asset's content hash changes with the function's code.
        return Some(word.replace(&hex_run(core), "HASH"));
    } else if core.rsplit('-').next().is_some_and(is_generated_suffix) && core.contains('-') {
        // CloudFormation's random suffix of a generated physical name.
        let (stem, _) = core.rsplit_once('-').unwrap();
        return Some(word.replace(core, &format!("{stem}-RANDOM")));
    } else if core.len() == 36 && core.chars().filter(|c| *c == '-').count() == 4 {
        "UUID"
    } else if core.starts_with("20") && core.contains('T') && core.ends_with('Z') {
        "TIMESTAMP"
    } else {
        return None;
    };
    Some(word.replace(core, placeholder))
}

/// The first run of 64 hex digits in `s`.
fn hex_run(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    for start in 0..chars.len() {
        let run: String = chars[start..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            .collect();
        if run.len() >= 64 {
            return run;
        }
    }
    String::new()
}

fn has_hex_run(s: &str) -> bool {
    !hex_run(s).is_empty()
}

/// 12 or 13 lowercase letters and digits with both in them, as
/// CloudFormation appends to a name it generates.
fn is_generated_suffix(s: &str) -> bool {
    (12..=13).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes().any(|b| b.is_ascii_lowercase())
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `23:55:36` or `23:55:36.123`.
fn is_clock(s: &str) -> bool {
    let (time, fraction) = s.split_once('.').unwrap_or((s, "0"));
    let parts: Vec<&str> = time.split(':').collect();
    parts.len() == 3 && parts.iter().all(|p| p.len() == 2 && is_digits(p)) && is_digits(fraction)
}

/// `, 15 AWS API calls` as `, N AWS API calls`.
fn calls_counted_as_n(line: &str) -> String {
    let Some((before, _)) = line.split_once(" AWS API calls") else {
        return line.to_owned();
    };
    let Some((head, count)) = before.rsplit_once(' ') else {
        return line.to_owned();
    };
    if !is_digits(count) {
        return line.to_owned();
    }
    line.replacen(
        &format!("{head} {count} AWS API calls"),
        &format!("{head} N AWS API calls"),
        1,
    )
}

/// Durations (`12.3 s`, `4s`, `850 ms`, `1m05s`) with their numbers as `N`.
fn durations_replaced(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit()
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '.'));
        if starts_number {
            let mut end = i;
            while end < chars.len() && (chars[end].is_ascii_digit() || chars[end] == '.') {
                end += 1;
            }
            let mut unit = end;
            if unit < chars.len() && chars[unit] == ' ' {
                unit += 1;
            }
            let unit_len = [&['m', 's'][..], &['s'][..], &['m'][..]]
                .iter()
                .find(|u| chars[unit..].starts_with(u))
                .map(|u| u.len());
            if let Some(len) = unit_len {
                let after = unit + len;
                if after == chars.len() || !chars[after].is_alphabetic() {
                    out.push('N');
                    out.extend(&chars[end..after]);
                    i = after;
                    continue;
                }
            }
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn compare_with_snapshot(actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/deploy-screen.txt");
    assert_matches_snapshot(&path, actual, "deploy screen", true);
}

#[test]
fn a_replayed_transcript_keeps_the_last_frame_of_a_redrawn_line() {
    let transcript = b"review\n[1/3] bar\r\x1b[2K[3/3] done\nlast line\n";
    assert_eq!(replayed(transcript), "review\n[3/3] done\nlast line\n\n");
    assert_eq!(
        normalised("12:01:02.345 CREATE_COMPLETE in 12.5 s at http://127.0.0.1:4566\n"),
        "HH:MM:SS.mmm CREATE_COMPLETE in N s at http://127.0.0.1:PORT\n"
    );
    assert_eq!(
        normalised("app: created in 1.5 s, 17 resource changes, 15 AWS API calls\n"),
        "app: created in N s, 17 resource changes, N AWS API calls\n"
    );
}
