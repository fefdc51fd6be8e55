//! The CLI's deploy, diff and destroy through a proxy that faults 20 % of
//! the requests (throttling 400 and 429, 500, 503, connection resets,
//! delays): each command still ends correctly, in bounded time, and the
//! deploy's event stream has every resource's completion exactly once.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use cicd_dsl_tests::endpoint::Endpoint;
use fault_proxy::{FaultConfig, FaultProxy};

use crate::cli::Cli;
use crate::folders::out_dir;
use crate::readback::{OUTPUT_NAMES, output};

const FAULT_RATE: f64 = 0.2;
/// Far above a run's normal length, far below a hang.
const BOUND: Duration = Duration::from_secs(240);

/// Three rounds with different fault seeds, so that every fault kind meets
/// every command somewhere in the run.
const SEEDS: [u64; 3] = [20, 21, 22];

#[test]
fn deploy_diff_and_destroy_end_correctly_at_20_percent_faults() {
    let endpoint = Endpoint::start();
    let out = out_dir("faults");
    // The asset is built before the proxy counts anything.
    Cli::against(&endpoint, &out).run(&["synth"]).expect_ok();
    let mut requests = 0;
    let mut faults = 0;
    let mut report = Vec::new();
    for seed in SEEDS {
        let proxy = FaultProxy::start(
            &endpoint.url(),
            FaultConfig::mixed(FAULT_RATE, seed).with_delay(Duration::from_millis(700)),
        )
        .expect("the proxy starts");
        // Destroy keeps the bucket, repository and log group, so each round
        // names its own, and its own stack: a deploy finds what the last
        // destroy of the same stack kept and offers to adopt it.
        round(&endpoint, &out, &proxy, &format!("r{seed}-"), &mut report);
        let stats = proxy.stop();
        report.push(format!("seed {seed}: {stats}"));
        requests += stats.requests;
        faults += stats.total_faults();
    }
    eprintln!(
        "fault rate {:.0} %: {faults} faults survived in {requests} requests",
        FAULT_RATE * 100.0
    );
    for line in &report {
        eprintln!("  {line}");
    }
    assert!(faults >= 15, "too few faults to mean anything: {faults}");
}

/// bootstrap, deploy, diff (no changes), destroy, through `proxy`.
fn round(
    endpoint: &Endpoint,
    out: &std::path::Path,
    proxy: &FaultProxy,
    prefix: &str,
    report: &mut Vec<String>,
) {
    let mut cli = Cli::against(endpoint, out);
    cli.env.retain(|(key, _)| key != "AWS_ENDPOINT_URL");
    cli.env.push(("AWS_ENDPOINT_URL".to_owned(), proxy.url()));
    let mut timed = |name: &str, args: &[&str]| {
        let before = proxy.stats();
        let started = Instant::now();
        let mut args = args.to_vec();
        let stack_name = format!("{prefix}cicd-pipeline");
        args.extend(["--name-prefix", prefix, "--stack-name", &stack_name]);
        let json = cli.run(&args).expect_ok();
        let elapsed = started.elapsed();
        let after = proxy.stats();
        assert!(elapsed < BOUND, "{name} took {elapsed:?}");
        report.push(format!(
            "{name}: {:.1} s, {} requests, {} faults survived",
            elapsed.as_secs_f64(),
            after.requests - before.requests,
            after.total_faults() - before.total_faults()
        ));
        json
    };

    timed("bootstrap", &["bootstrap"]);
    let deployed = timed("deploy", &["deploy", "--yes"]);
    assert_eq!(deployed["stack_status"], "CREATE_COMPLETE", "{deployed:#}");
    for name in OUTPUT_NAMES {
        output(&deployed, name);
    }
    // The event poller neither misses nor repeats: one completion per resource.
    let template: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("cicd-pipeline.template.json")).unwrap(),
    )
    .unwrap();
    let mut completions: BTreeMap<&str, usize> = BTreeMap::new();
    for event in deployed["events"].as_array().unwrap() {
        if event["status"] == "CREATE_COMPLETE" {
            *completions
                .entry(event["logical_id"].as_str().unwrap())
                .or_default() += 1;
        }
    }
    for id in template["Resources"].as_object().unwrap().keys() {
        assert_eq!(
            completions.get(id.as_str()),
            Some(&1),
            "{id}: completion events {completions:?}"
        );
    }

    let diffed = timed("diff", &["diff"]);
    assert_eq!(diffed["stack_exists"], true);
    assert!(
        diffed["diff"]["resources"].as_array().unwrap().is_empty(),
        "{diffed:#}"
    );

    let destroyed = timed("destroy", &["destroy", "--yes"]);
    assert_eq!(destroyed["existed"], true);
    assert_eq!(
        destroyed["final_status"], "DELETE_COMPLETE",
        "{destroyed:#}"
    );
}
