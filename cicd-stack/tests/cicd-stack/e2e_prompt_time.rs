//! A deploy's reported time is the deploy's: the minutes a user spends
//! reading the review before answering are left out. `deploy` runs on a
//! terminal (util-linux `script`), so it asks; the test answers after a
//! pause it knows.

use std::io::{BufReader, Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cicd_dsl_tests::endpoint::Endpoint;

use crate::cli::Cli;
use crate::folders::{out_dir, scratch};

const PAUSE: Duration = Duration::from_secs(5);

#[test]
fn time_at_the_question_is_not_counted_in_the_deploy_time() {
    let endpoint = Endpoint::start();
    let cli = Cli::against(&endpoint, &out_dir("prompt-time"));
    cli.run(&["bootstrap"]).expect_ok();
    let result = scratch("prompt-time-result").join("deploy.json");
    // stdout (the JSON result) to a file; stderr (review, question) to the terminal.
    let command_line = format!(
        "exec '{}' deploy --out '{}' --output json > '{}'",
        env!("CARGO_BIN_EXE_cicd-stack"),
        cli.out.display(),
        result.display()
    );
    let mut command = cli.on_terminal(&command_line);
    let started = Instant::now();
    let mut child = command.spawn().expect("util-linux `script` runs");
    let stdout = child.stdout.take().unwrap();
    let (seen, asked) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut text = String::new();
        let mut byte = [0u8; 1];
        let mut told = false;
        // The question has no newline after it: read byte by byte, and on
        // to the end so the terminal never blocks.
        while reader.read(&mut byte).is_ok_and(|n| n == 1) {
            text.push(byte[0] as char);
            if !told && text.contains("[y/N]") {
                told = true;
                let _ = seen.send(Ok(()));
            }
        }
        if !told {
            let _ = seen.send(Err(text));
        }
    });
    match asked.recv_timeout(Duration::from_secs(900)) {
        Ok(Ok(())) => {}
        Ok(Err(text)) => panic!("deploy ended without asking:\n{text}"),
        Err(e) => panic!("deploy did not ask within 15 min: {e}"),
    }
    std::thread::sleep(PAUSE);
    child
        .stdin
        .as_mut()
        .unwrap()
        .write_all(b"y\n")
        .expect("answer");
    let status = child.wait().expect("deploy ends");
    let wall = started.elapsed();
    let text = std::fs::read_to_string(&result).unwrap();
    assert!(status.success(), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).expect("one JSON document");
    assert_eq!(json["status"], "Created", "{json:#}");
    let reported = Duration::from_millis(json["total_ms"].as_u64().expect("total_ms"));
    assert!(
        reported + PAUSE <= wall,
        "reported {reported:?} includes the {PAUSE:?} at the question (the run took {wall:?})"
    );
}
