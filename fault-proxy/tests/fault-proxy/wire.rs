//! The proxy on the wire, driven by a raw HTTP/1.1 client against the real
//! local endpoint: what it forwards, what each fault looks like, and that a
//! faulted request never reaches the upstream.

use std::io::ErrorKind;
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use cicd_dsl_tests::endpoint::Endpoint;
use cicd_dsl_tests::http::form;
use fault_proxy::{FaultConfig, FaultKind, FaultProxy, FaultProxyError};

use crate::raw_http::{Connection, RawResponse};

const TEMPLATE: &str = r#"{"Resources":{"Logs":{"Type":"AWS::Logs::LogGroup","Properties":{"LogGroupName":"/fault-proxy/wire","RetentionInDays":7}}}}"#;

fn create_stack(name: &str) -> String {
    form(&[
        ("Action", "CreateStack"),
        ("Version", "2010-05-15"),
        ("StackName", name),
        ("TemplateBody", TEMPLATE),
    ])
}

fn describe_stack(name: &str) -> String {
    form(&[
        ("Action", "DescribeStacks"),
        ("Version", "2010-05-15"),
        ("StackName", name),
    ])
}

fn list_stacks() -> String {
    form(&[("Action", "ListStacks"), ("Version", "2010-05-15")])
}

fn upstream_addr(endpoint: &Endpoint) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], endpoint.port()))
}

/// Whether the upstream knows the stack, asked directly (not through the proxy).
fn upstream_has_stack(endpoint: &Endpoint, name: &str) -> bool {
    let answer = Connection::open(upstream_addr(endpoint))
        .post(&describe_stack(name))
        .expect("the upstream answers");
    match answer.status {
        200 => true,
        400 if answer.body.contains("does not exist") => false,
        other => panic!("unexpected DescribeStacks answer {other}: {}", answer.body),
    }
}

#[test]
fn forwards_keep_alive_and_chunked_requests_unchanged() {
    let endpoint = Endpoint::start();
    let proxy = FaultProxy::start(&endpoint.url(), FaultConfig::none()).unwrap();
    assert!(proxy.url().starts_with("http://127.0.0.1:"));

    // Three requests on one connection: the proxy keeps it alive.
    let mut connection = Connection::open(proxy.addr());
    let listed = connection.post(&list_stacks()).unwrap();
    assert_eq!(listed.status, 200, "{}", listed.body);
    assert!(
        listed.body.contains("ListStacksResponse"),
        "{}",
        listed.body
    );

    let created = connection
        .post_chunked(&create_stack("chunked"), 7)
        .unwrap();
    assert_eq!(created.status, 200, "{}", created.body);
    assert!(
        created.body.contains("<StackId>arn:aws:cloudformation:"),
        "{}",
        created.body
    );

    let described = connection.post(&describe_stack("chunked")).unwrap();
    assert_eq!(described.status, 200, "{}", described.body);
    assert!(
        described.body.contains("CREATE_COMPLETE"),
        "{}",
        described.body
    );
    assert!(upstream_has_stack(&endpoint, "chunked"));

    let stats = proxy.stop();
    assert_eq!(
        (stats.requests, stats.forwarded, stats.total_faults()),
        (3, 3, 0),
        "{stats}"
    );
}

fn expect_awsquery_error(answer: &RawResponse, status: u16, code: &str) {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert_eq!(answer.header("content-type"), Some("text/xml"));
    assert!(answer.body.starts_with("<ErrorResponse"), "{}", answer.body);
    assert!(
        answer.body.contains(&format!("<Code>{code}</Code>")),
        "{}",
        answer.body
    );
    assert!(
        answer.body.contains("<RequestId>fault-proxy-"),
        "{}",
        answer.body
    );
}

#[test]
fn error_faults_answer_in_aws_format_and_never_reach_the_upstream() {
    let endpoint = Endpoint::start();
    let cases = [
        (FaultKind::Throttling, 400, "Throttling", "Sender"),
        (
            FaultKind::TooManyRequests,
            429,
            "TooManyRequestsException",
            "Sender",
        ),
        (FaultKind::InternalError, 500, "InternalFailure", "Receiver"),
        (
            FaultKind::ServiceUnavailable,
            503,
            "ServiceUnavailable",
            "Receiver",
        ),
    ];
    for (kind, status, code, fault_type) in cases {
        let proxy = FaultProxy::start(&endpoint.url(), FaultConfig::only(kind, 1.0, 1)).unwrap();
        let name = format!("never-{status}");
        let mut connection = Connection::open(proxy.addr());
        let first = connection.post(&create_stack(&name)).unwrap();
        expect_awsquery_error(&first, status, code);
        assert!(first.body.contains(&format!("<Type>{fault_type}</Type>")));
        // The connection survives an error answer, as a real server's does.
        let second = connection.post_chunked(&create_stack(&name), 5).unwrap();
        expect_awsquery_error(&second, status, code);

        assert!(
            !upstream_has_stack(&endpoint, &name),
            "a {kind} fault must be answered before forwarding"
        );
        let stats = proxy.stop();
        assert_eq!(
            (stats.requests, stats.forwarded, stats.faults_of(kind)),
            (2, 0, 2),
            "{stats}"
        );
    }
}

#[test]
fn reset_closes_the_connection_unanswered_before_forwarding() {
    let endpoint = Endpoint::start();
    let proxy = FaultProxy::start(
        &endpoint.url(),
        FaultConfig::only(FaultKind::ConnectionReset, 1.0, 1),
    )
    .unwrap();
    let error = Connection::open(proxy.addr())
        .post(&create_stack("never-reset"))
        .expect_err("a reset connection gives no answer");
    assert_eq!(error.kind(), ErrorKind::ConnectionReset, "{error}");
    assert!(!upstream_has_stack(&endpoint, "never-reset"));
    let stats = proxy.stop();
    assert_eq!(stats.requests, 1);
    assert_eq!(stats.forwarded, 0);
    assert_eq!(stats.faults_of(FaultKind::ConnectionReset), 1, "{stats}");
}

#[test]
fn delay_forwards_late() {
    let endpoint = Endpoint::start();
    let delay = Duration::from_millis(600);
    let proxy = FaultProxy::start(
        &endpoint.url(),
        FaultConfig::only(FaultKind::Delay, 1.0, 1).with_delay(delay),
    )
    .unwrap();
    let started = Instant::now();
    let created = Connection::open(proxy.addr())
        .post(&create_stack("late"))
        .unwrap();
    let took = started.elapsed();
    assert_eq!(created.status, 200, "{}", created.body);
    assert!(
        took >= delay,
        "answered after {took:?}, before the {delay:?} delay"
    );
    assert!(upstream_has_stack(&endpoint, "late"));
    let stats = proxy.stop();
    assert_eq!(
        (
            stats.requests,
            stats.forwarded,
            stats.faults_of(FaultKind::Delay)
        ),
        (1, 1, 1)
    );
}

/// Status per request, or 0 for a reset, one connection per request.
fn outcomes(proxy: &FaultProxy, n: usize) -> Vec<u16> {
    (0..n)
        .map(
            |_| match Connection::open(proxy.addr()).post(&list_stacks()) {
                Ok(answer) => answer.status,
                Err(error) => {
                    assert_eq!(error.kind(), ErrorKind::ConnectionReset, "{error}");
                    0
                }
            },
        )
        .collect()
}

#[test]
fn same_seed_same_faults_for_the_same_requests() {
    let endpoint = Endpoint::start();
    let config = FaultConfig::mixed(0.5, 99).with_delay(Duration::from_millis(5));
    let run = |config: FaultConfig| {
        let proxy = FaultProxy::start(&endpoint.url(), config).unwrap();
        let outcomes = outcomes(&proxy, 40);
        (outcomes, proxy.stop())
    };
    let (first, first_stats) = run(config.clone());
    let (again, again_stats) = run(config.clone());
    let (other, _) = run(FaultConfig {
        seed: 100,
        ..config
    });
    assert_eq!(first, again);
    assert_eq!(first_stats, again_stats);
    assert_ne!(first, other, "another seed should give other faults");
    // Every answer is either forwarded (200) or one of the injected kinds.
    assert!(
        first
            .iter()
            .all(|s| [0, 200, 400, 429, 500, 503].contains(s)),
        "{first:?}"
    );
    assert_eq!(
        first_stats.forwarded,
        first.iter().filter(|s| **s == 200).count() as u64,
        "{first_stats}"
    );
}

#[test]
fn stops_on_drop() {
    let endpoint = Endpoint::start();
    let proxy = FaultProxy::start(&endpoint.url(), FaultConfig::none()).unwrap();
    let addr = proxy.addr();
    let mut open = Connection::open(addr);
    assert_eq!(open.post(&list_stacks()).unwrap().status, 200);
    drop(proxy);
    assert!(
        TcpStream::connect(addr).is_err(),
        "still listening after drop"
    );
    // An idle keep-alive connection is cut, not left hanging.
    assert!(open.post(&list_stacks()).is_err());
}

#[test]
fn refuses_non_loopback_upstreams_and_bad_rates() {
    assert!(matches!(
        FaultProxy::start("http://192.0.2.1:80", FaultConfig::none()),
        Err(FaultProxyError::NotLoopback { .. })
    ));
    assert!(matches!(
        FaultProxy::start("http://127.0.0.1:9", FaultConfig::mixed(1.5, 1)),
        Err(FaultProxyError::InvalidRate(_))
    ));
    let no_kinds = FaultConfig {
        kinds: Vec::new(),
        ..FaultConfig::mixed(0.5, 1)
    };
    let error = FaultProxy::start("http://127.0.0.1:9", no_kinds).unwrap_err();
    assert!(matches!(error, FaultProxyError::NoKinds(_)));
    assert_eq!(
        error.to_string(),
        "fault rate is 0.5 but no fault kinds are configured"
    );
}
