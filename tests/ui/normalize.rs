//! rustc's messages as the `.stderr` files keep them: the case's own
//! spans exactly, the library's sources without line numbers (they move as
//! `cicd-dsl` changes), and no counting summary.

/// Lines rustc adds after the diagnostics, which say nothing of a case
/// (besides `warning: N warning(s) emitted`).
const SUMMARY_LINES: [&str; 4] = [
    "error: aborting due to ",
    "For more information about this error, try ",
    "For more information about an error, try ",
    "Some errors have detailed explanations: ",
];

/// `cases_dir` is the prefix rustc's paths to the case carry, relative to
/// the workspace (`tests/`); the `.stderr` files name the case without it
/// (`ui/fail/x.rs`), as from the cases' package folder.
pub fn normalize(stderr: &str, cases_dir: &str) -> String {
    let mut out = Vec::new();
    // Inside a snippet of a file other than the case: its line numbers go.
    let mut in_library_snippet = false;
    for line in stderr.lines() {
        let line = line.trim_end();
        if is_summary(line) {
            continue;
        }
        if let Some((indent, arrow, path)) = location(line) {
            if let Some(in_cases) = path.strip_prefix(cases_dir) {
                in_library_snippet = false;
                out.push(format!("{indent}{arrow} {in_cases}"));
            } else {
                in_library_snippet = true;
                out.push(format!(
                    "{indent}{arrow} $WORKSPACE/{}",
                    without_position(path)
                ));
            }
            continue;
        }
        // A new message (`error`, `note:`, `help:`) ends the snippet; its
        // lines start with a space or a line number.
        if line.starts_with(|c: char| c != ' ' && !c.is_ascii_digit()) {
            in_library_snippet = false;
        }
        if in_library_snippet {
            out.push(without_line_number(line));
        } else {
            out.push(line.to_owned());
        }
    }
    while out.last().is_some_and(|line| line.is_empty()) {
        out.pop();
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn is_summary(line: &str) -> bool {
    SUMMARY_LINES.iter().any(|start| line.starts_with(start))
        || (line.starts_with("warning: ") && line.ends_with(" emitted"))
}

/// ` --> path:line:col` or `  ::: path:line:col`: the indent, the arrow and
/// the path with its position.
fn location(line: &str) -> Option<(&str, &str, &str)> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    ["-->", ":::"].into_iter().find_map(|arrow| {
        let path = trimmed.strip_prefix(arrow)?.strip_prefix(' ')?;
        Some((indent, arrow, path))
    })
}

/// `cicd-dsl/src/handles.rs:25:4` → `cicd-dsl/src/handles.rs`.
fn without_position(path: &str) -> &str {
    let mut rest = path;
    for _ in 0..2 {
        match rest.rsplit_once(':') {
            Some((before, after)) if after.chars().all(|c| c.is_ascii_digit()) => rest = before,
            _ => break,
        }
    }
    rest
}

/// `25 |     fn uri()` → `   |     fn uri()`: the gutter keeps its width.
fn without_line_number(line: &str) -> String {
    let digits = line
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    let start = line.len() - line.trim_start().len();
    let after = &line[start + digits..];
    if digits == 0 || !after.starts_with(" |") && after != " |" {
        return line.to_owned();
    }
    format!("{}{after}", " ".repeat(start + digits))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn a_library_span_loses_its_line_numbers_and_the_case_keeps_them() {
        let rustc = "\
error[E0277]: `Artifacts` is not an ECR repository
  --> tests/ui/fail/uri.rs:11:13
   |
11 |     let _ = uri::Artifacts::uri();
   |             ^^^^^^^^^^^^^^ expected an ECR repository here
note: required by a bound in `uri`
  --> cicd-dsl/src/handles.rs:25:4
   |
25 |     fn uri() -> ItemRef
   |        --- required by a bound in this associated function
   \n\
error: aborting due to 1 previous error

For more information about this error, try `rustc --explain E0277`.
";
        let expected = "\
error[E0277]: `Artifacts` is not an ECR repository
  --> ui/fail/uri.rs:11:13
   |
11 |     let _ = uri::Artifacts::uri();
   |             ^^^^^^^^^^^^^^ expected an ECR repository here
note: required by a bound in `uri`
  --> $WORKSPACE/cicd-dsl/src/handles.rs
   |
   |     fn uri() -> ItemRef
   |        --- required by a bound in this associated function
";
        assert_eq!(normalize(rustc, "tests/"), expected);
    }

    #[test]
    fn warning_counts_are_dropped_and_warnings_kept() {
        let rustc = "warning: use of deprecated constant\n\nwarning: 2 warnings emitted\n\n";
        assert_eq!(
            normalize(rustc, "tests/"),
            "warning: use of deprecated constant\n"
        );
    }
}
