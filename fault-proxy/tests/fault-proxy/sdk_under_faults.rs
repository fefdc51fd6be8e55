//! The real AWS SDK for CloudFormation, in its standard retry mode, through
//! the proxy to the local endpoint: at a 20% fault rate every call of a
//! create / describe / events / delete sequence still succeeds, once; at a
//! 100% reset rate the SDK gives up with a clear error in bounded time.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use aws_sdk_cloudformation::Client;
use aws_sdk_cloudformation::error::DisplayErrorContext;
use aws_sdk_cloudformation::types::{ResourceStatus, Stack, StackStatus};
use cicd_dsl_tests::endpoint::Endpoint;
use fault_proxy::{FaultConfig, FaultKind, FaultProxy};

use crate::retries;

fn template(n: usize) -> String {
    format!(
        r#"{{"Resources":{{
            "Bucket":{{"Type":"AWS::S3::Bucket","Properties":{{"BucketName":"fault-proxy-bucket-{n}"}}}},
            "Logs":{{"Type":"AWS::Logs::LogGroup","Properties":{{"LogGroupName":"/fault-proxy/stack-{n}","RetentionInDays":7}}}}
        }}}}"#
    )
}

/// Fails the test with the call, the stack and the SDK's whole error chain.
fn failed<'a, E: std::error::Error, T>(call: &'a str, name: &'a str) -> impl FnOnce(E) -> T + 'a {
    move |e| panic!("{call} of {name}: {}", DisplayErrorContext(&e))
}

/// The stack `stack` (a name or an id) as DescribeStacks answers.
async fn describe_stack(cfn: &Client, stack: &str, call: &str, name: &str) -> Stack {
    let described = cfn
        .describe_stacks()
        .stack_name(stack)
        .send()
        .await
        .unwrap_or_else(failed(call, name));
    described.stacks()[0].clone()
}

/// One stack's life through the SDK. Returns the number of SDK calls made.
/// Each call must succeed on the SDK's own retries; a `CreateStack` that
/// reached the upstream twice would fail with `AlreadyExistsException`.
async fn stack_lifecycle(cfn: &Client, n: usize) -> u64 {
    let name = format!("faults-{n}");
    let created = cfn
        .create_stack()
        .stack_name(&name)
        .template_body(template(n))
        .send()
        .await
        .unwrap_or_else(failed("CreateStack", &name));
    let stack_id = created
        .stack_id()
        .expect("CreateStack returns the id")
        .to_owned();

    let stack = describe_stack(cfn, &name, "DescribeStacks", &name).await;
    assert_eq!(stack.stack_id(), Some(stack_id.as_str()));
    assert_eq!(stack.stack_status(), Some(&StackStatus::CreateComplete));

    let resources = cfn
        .describe_stack_resources()
        .stack_name(&name)
        .send()
        .await
        .unwrap_or_else(failed("DescribeStackResources", &name));
    let mut created_types: Vec<&str> = resources
        .stack_resources()
        .iter()
        .filter(|r| r.resource_status() == Some(&ResourceStatus::CreateComplete))
        .filter_map(|r| r.resource_type())
        .collect();
    created_types.sort();
    assert_eq!(
        created_types,
        ["AWS::Logs::LogGroup", "AWS::S3::Bucket"],
        "{name}"
    );

    let events = cfn
        .describe_stack_events()
        .stack_name(&stack_id)
        .send()
        .await
        .unwrap_or_else(failed("DescribeStackEvents", &name));
    let ids: HashSet<&str> = events
        .stack_events()
        .iter()
        .filter_map(|e| e.event_id())
        .collect();
    assert_eq!(
        ids.len(),
        events.stack_events().len(),
        "{name}: repeated event ids"
    );
    let stack_completions = events
        .stack_events()
        .iter()
        .filter(|e| e.resource_type() == Some("AWS::CloudFormation::Stack"))
        .filter(|e| e.resource_status() == Some(&ResourceStatus::CreateComplete))
        .count();
    assert_eq!(
        stack_completions, 1,
        "{name}: one stack CREATE_COMPLETE event"
    );

    cfn.delete_stack()
        .stack_name(&name)
        .send()
        .await
        .unwrap_or_else(failed("DeleteStack", &name));

    let after = describe_stack(cfn, &stack_id, "DescribeStacks after delete", &name).await;
    assert_eq!(
        after.stack_status(),
        Some(&StackStatus::DeleteComplete),
        "{name}"
    );
    6
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sdk_calls_survive_twenty_percent_faults_of_every_kind() {
    const RATE: f64 = 0.2;
    const MIN_STACKS: usize = 15;
    const MAX_STACKS: usize = 40;
    // Generous for a loaded 2-core machine: about 100 requests, 20 faults
    // with a mean first backoff of 0.5 s each, and the 300 ms delays.
    const TIME_BOUND: Duration = Duration::from_secs(180);

    let endpoint = Endpoint::start();
    let proxy = FaultProxy::start(&endpoint.url(), FaultConfig::mixed(RATE, 20)).unwrap();
    let cfn = retries::cloudformation(&proxy.url(), retries::standard_retry(10)).await;

    let started = Instant::now();
    let mut calls = 0;
    let mut stacks = 0;
    // Enough stacks that every kind of fault has come up (bounded).
    while stacks < MIN_STACKS
        || (stacks < MAX_STACKS
            && FaultKind::ALL
                .iter()
                .any(|k| proxy.stats().faults_of(*k) == 0))
    {
        calls += stack_lifecycle(&cfn, stacks).await;
        stacks += 1;
    }
    let took = started.elapsed();
    let stats = proxy.stop();

    println!("fault rate {RATE}: {stacks} stacks, {calls} SDK calls, {took:.1?}");
    println!("{stats}");

    for kind in FaultKind::ALL {
        assert!(
            stats.faults_of(kind) > 0,
            "no {kind} fault in {stacks} stacks: {stats}"
        );
    }
    let answered_by_proxy = stats.total_faults() - stats.faults_of(FaultKind::Delay);
    // Each call reached the upstream exactly once; every other request was
    // a fault the SDK retried.
    assert_eq!(stats.forwarded, calls, "{stats}");
    assert_eq!(stats.requests, calls + answered_by_proxy, "{stats}");
    assert_eq!(stats.upstream_errors, 0, "{stats}");
    assert!(
        (0.1..0.3).contains(&stats.fault_share()),
        "observed fault share {:.3} far from {RATE}",
        stats.fault_share()
    );
    assert!(took < TIME_BOUND, "took {took:?}, bound {TIME_BOUND:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sdk_gives_up_clearly_when_every_connection_is_reset() {
    const ATTEMPTS: u32 = 10;
    // Backoff 0.1 s doubling to a 1 s cap: at most 6.5 s of sleeping over
    // nine retries, plus the connects.
    const TIME_BOUND: Duration = Duration::from_secs(40);

    let endpoint = Endpoint::start();
    let proxy = FaultProxy::start(
        &endpoint.url(),
        FaultConfig::only(FaultKind::ConnectionReset, 1.0, 1),
    )
    .unwrap();
    let retry = retries::standard_retry_short_backoff(ATTEMPTS);
    let cfn = retries::cloudformation(&proxy.url(), retry).await;

    let started = Instant::now();
    let error = cfn
        .create_stack()
        .stack_name("never-created")
        .template_body(template(0))
        .send()
        .await
        .expect_err("no attempt can succeed");
    let took = started.elapsed();
    let stats = proxy.stop();
    let message = DisplayErrorContext(&error).to_string();
    println!("gave up after {took:.1?}: {message}");
    println!("{stats}");

    assert!(message.starts_with("dispatch failure"), "{message}");
    assert!(
        message.contains("connection reset") || message.contains("Connection reset"),
        "the error should name the reset: {message}"
    );
    assert_eq!(stats.requests, u64::from(ATTEMPTS), "{stats}");
    assert_eq!(
        stats.faults_of(FaultKind::ConnectionReset),
        u64::from(ATTEMPTS)
    );
    assert_eq!(stats.forwarded, 0);
    assert!(took < TIME_BOUND, "took {took:?}, bound {TIME_BOUND:?}");
}
