//! The table in docs/bad-input.md, read by the tests that check its rows
//! (`cicd-stack`'s for the command line, `cicd-dsl-deploy`'s for the
//! engine), and the checks that keep the table whole: ids are unique and
//! every row names a test file that implements that id.

use crate::paths::workspace_root;

/// One row: what the user does and the line they get.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub setup: String,
    /// The command column without backticks, e.g. `cicd-stack synth`; for
    /// engine rows the prose that names the engine function.
    pub command: String,
    pub exit: i32,
    /// The expected stderr line; `{name}` matches any non-empty text.
    pub message: String,
    /// Test file relative to the workspace root.
    pub checked_by: String,
}

pub fn rows() -> Vec<Row> {
    let path = workspace_root().join("docs/bad-input.md");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let rows: Vec<Row> = text
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(parse_row)
        .collect();
    assert!(rows.len() >= 10, "the table has only {} rows", rows.len());
    rows
}

fn parse_row(line: &str) -> Row {
    let cells: Vec<&str> = line
        .trim()
        .trim_matches('|')
        .split(" | ")
        .map(str::trim)
        .collect();
    assert_eq!(cells.len(), 6, "a row has 6 cells: {line}");
    Row {
        id: code(cells[0]),
        setup: cells[1].to_owned(),
        command: if cells[2].starts_with('`') {
            code(cells[2])
        } else {
            cells[2].to_owned()
        },
        exit: cells[3]
            .parse()
            .unwrap_or_else(|_| panic!("exit is a number: {line}")),
        message: code(cells[4]),
        checked_by: code(cells[5]),
    }
}

/// The text of a Markdown code span: `` `x` `` or ``` `` x `` ```.
fn code(cell: &str) -> String {
    let text = if let Some(inner) = cell.strip_prefix("``") {
        inner.strip_suffix("``").expect("a closed code span")
    } else {
        cell.strip_prefix('`')
            .and_then(|c| c.strip_suffix('`'))
            .unwrap_or_else(|| panic!("{cell:?} is not a code span"))
    };
    text.trim().to_owned()
}

/// The rows one test file checks.
pub fn rows_checked_by(file: &str) -> Vec<Row> {
    rows()
        .into_iter()
        .filter(|r| r.checked_by == file)
        .collect()
}

/// Whether `line` is `pattern` with each `{name}` replaced by some text.
pub fn matches(pattern: &str, line: &str) -> bool {
    let mut literals = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').expect("a closed placeholder") + open;
        literals.push(&rest[..open]);
        rest = &rest[close + 1..];
    }
    literals.push(rest);
    let (first, others) = literals.split_first().unwrap();
    let Some(mut remaining) = line.strip_prefix(first) else {
        return false;
    };
    let Some((last, middle)) = others.split_last() else {
        return remaining.is_empty();
    };
    for literal in middle {
        // Each placeholder stands for at least one character.
        match remaining.get(1..).and_then(|r| r.find(literal)) {
            Some(at) => remaining = &remaining[1 + at + literal.len()..],
            None => return false,
        }
    }
    remaining.len() > last.len() && remaining.ends_with(last)
}

/// Splits a `cicd-stack` command cell into arguments after the program name.
pub fn arguments(command: &str) -> Vec<String> {
    arguments_of("cicd-stack", command)
}

/// Splits a command cell of `program` (another stack binary, e.g. an
/// example's) into arguments after the program name.
pub fn arguments_of(program: &str, command: &str) -> Vec<String> {
    let mut words = command.split_whitespace().map(str::to_owned);
    assert_eq!(words.next().as_deref(), Some(program), "{command}");
    words.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_whole() {
        let rows = rows();
        let mut ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate case ids");
        for row in &rows {
            let file = workspace_root().join(&row.checked_by);
            let source = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {} ({e})", row.id, file.display()));
            assert!(
                source.contains(&format!("\"{}\" =>", row.id)),
                "{} names {} as its test, which has no case for it",
                row.id,
                row.checked_by
            );
            assert_ne!(
                row.exit, 0,
                "{}: bad input ends with a non-zero exit",
                row.id
            );
            assert!(!row.message.contains('\n'));
            assert!(
                row.message.starts_with("error: "),
                "{}: {}",
                row.id,
                row.message
            );
        }
    }

    #[test]
    fn placeholders_match_some_text() {
        for (pattern, text, expected) in [
            ("a {x} b", "a 1 b", true),
            ("a {x} b {y}", "a 1 b 2", true),
            ("{x}: z", "q: z", true),
            ("a {x} b", "a  b", false),
            ("a {x} b", "a 1 c", false),
            ("exact", "exact plus", false),
            ("exact", "exact", true),
        ] {
            assert_eq!(
                matches(pattern, text),
                expected,
                "{pattern:?} against {text:?}"
            );
        }
    }
}

/// The lines of a command's stderr once a function's release build has
/// reported its progress (`building function X ...`, cargo's indented lines,
/// `built function X in ...`): a row's message is what remains. Whether the
/// build runs depends on what an earlier test left in the shared cargo
/// target, not on the row.
pub fn message_lines(stderr: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut in_build = false;
    for line in stderr.lines() {
        if line.starts_with("building function ") {
            in_build = true;
        } else if line.starts_with("built function ") {
            in_build = false;
        } else if !(in_build && line.starts_with("  ")) {
            in_build = false;
            lines.push(line);
        }
    }
    lines
}

#[cfg(test)]
mod message_lines_tests {
    use super::message_lines;

    #[test]
    fn a_builds_progress_is_not_part_of_the_message() {
        let stderr = "building function Echo (release build of package p; ...)\n  Compiling p v0.1.0\n  Finished `release` profile\nbuilt function Echo in 1.0 s (1 crates compiled)\nerror: the row's message\n";
        assert_eq!(message_lines(stderr), ["error: the row's message"]);
        let failed = "building function Echo (...)\n  Compiling p v0.1.0\nerror: building the code asset of `Echo`: ...\n";
        assert_eq!(
            message_lines(failed),
            ["error: building the code asset of `Echo`: ..."]
        );
        assert_eq!(
            message_lines("  indented\nerror: x\n"),
            ["  indented", "error: x"]
        );
    }
}
