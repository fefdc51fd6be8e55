//! Prints what the catalog costs: decode time for one type and for all,
//! validation time, and the process's peak memory (Linux).
//!
//!     cargo run --release -p cicd-dsl-cfn --example measure

use std::time::{Duration, Instant};

use cicd_dsl_cfn::{Catalog, validate};
use serde_json::json;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What `work` returns and how long it took.
fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = work();
    (value, start.elapsed())
}

fn main() {
    println!(
        "types: {}, data: {} bytes",
        Catalog::len(),
        Catalog::data_len()
    );
    println!("peak RSS at start: {:?} KiB", peak_rss_kib());

    for name in [
        "AWS::SQS::Queue",
        "AWS::S3::Bucket",
        "AWS::QuickSight::Dashboard",
    ] {
        let (schema, first) = timed(|| Catalog::schema(name).unwrap());
        let start = Instant::now();
        let runs = 100;
        for _ in 0..runs {
            std::hint::black_box(Catalog::schema(name).unwrap());
        }
        let each = start.elapsed() / runs;
        println!(
            "decode {name} ({} bytes): first {first:?}, then {each:?} each; {} definitions",
            Catalog::raw_schema(name).unwrap().len(),
            schema.definitions.len()
        );
    }
    println!("peak RSS after single types: {:?} KiB", peak_rss_kib());

    let (all, took) = timed(|| {
        Catalog::type_names()
            .map(|n| Catalog::schema(n).unwrap())
            .collect::<Vec<_>>()
    });
    println!("decode all {} types: {took:?}", all.len());
    println!(
        "peak RSS with all types decoded and held: {:?} KiB",
        peak_rss_kib()
    );
    drop(all);

    let queue = Catalog::schema("AWS::SQS::Queue").unwrap();
    let props = json!({
        "QueueName": "jobs", "MessageRetentionPeriod": 345600, "VisibilityTimeout": 30,
        "Tags": [{ "Key": "Team", "Value": "devops" }]
    });
    let (found, took) = timed(|| validate(queue, &props));
    println!(
        "validate a queue (first, compiles its patterns): {took:?}, {} violations",
        found.len()
    );
    let start = Instant::now();
    for _ in 0..1000 {
        std::hint::black_box(validate(queue, &props));
    }
    println!("validate a queue (warm): {:?} each", start.elapsed() / 1000);

    let bucket = Catalog::schema("AWS::S3::Bucket").unwrap();
    let props = json!({
        "BucketName": "my-artifacts", "VersioningConfiguration": { "Status": "Enabled" },
        "BucketEncryption": { "ServerSideEncryptionConfiguration": [
            { "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } } ] },
        "LifecycleConfiguration": { "Rules": [ { "Status": "Enabled", "ExpirationInDays": 30 } ] },
        "Tags": [{ "Key": "Team", "Value": "devops" }]
    });
    let (found, took) = timed(|| validate(bucket, &props));
    println!(
        "validate a bucket (first): {took:?}, {} violations",
        found.len()
    );
    for v in &found {
        println!("  {v}");
    }
    println!("peak RSS at end: {:?} KiB", peak_rss_kib());
}
