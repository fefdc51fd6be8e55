//! The rules over a generated stack at CloudFormation's resource limit:
//! they finish, stay quiet on a valid stack, and count resources the way the
//! template will. Run with `--nocapture` to see how long `check` takes.

use cicd_dsl_core::rules::limits::template_resource_count;
use cicd_dsl_core::rules::{Date, RULES, check};
use cicd_dsl_core::{
    Access, Attr, Code, Function, Grant, ItemRef, LogGroup, Repository, Resource, ResourceKind,
    Role, Runtime, ServicePrincipal, StackDef, Statement, StatementResource,
};
use std::collections::BTreeMap;
use std::time::Instant;

/// The rules depend on the day only through runtime deprecations; a fixed
/// day keeps these tests' answers fixed.
fn today() -> Date {
    Date::parse("2026-12-01").expect("a valid date")
}

/// `groups` copies of: a repository, a log group, a role and a function
/// that retags images of the repository and writes to the log group, its
/// role also listing images by a hand-written statement.
fn generated(groups: usize) -> StackDef {
    let mut resources = Vec::new();
    for g in 0..groups {
        resources.push(Resource::new(
            format!("Images{g}"),
            ResourceKind::Repository(Repository {
                name: Some(format!("team/images-{g}")),
                keep_last: Some(10),
                ..Repository::default()
            }),
        ));
        resources.push(Resource::new(
            format!("Logs{g}"),
            ResourceKind::LogGroup(LogGroup {
                name: Some(format!("/aws/lambda/fn-{g}")),
                retention_days: Some(14),
            }),
        ));
        resources.push(Resource::new(
            format!("Role{g}"),
            ResourceKind::Role(Role {
                assumed_by: vec![ServicePrincipal::Lambda],
                // Hand-written statements exercise the IAM catalog checks
                // and the comparison with the wiring.
                statements: vec![Statement {
                    actions: vec!["ecr:ListImages".into(), "ecr:DescribeRepositories".into()],
                    resources: vec![StatementResource::Item {
                        item: ItemRef::new(format!("Images{g}"), Attr::Arn),
                        suffix: String::new(),
                    }],
                }],
                ..Role::default()
            }),
        ));
        resources.push(Resource::new(
            format!("Fn{g}"),
            ResourceKind::Function(Function {
                name: Some(format!("fn-{g}")),
                runtime: Runtime("provided.al2023".into()),
                handler: "bootstrap".into(),
                code: Code::Cargo {
                    package: "f".into(),
                    bin: "f".into(),
                },
                role: format!("Role{g}"),
                logs: Some(format!("Logs{g}")),
                architecture: Default::default(),
                snap_start: false,
                memory_mb: 256,
                timeout_seconds: 30,
                environment: BTreeMap::new(),
                grants: vec![Grant {
                    target: ItemRef::new(format!("Images{g}"), Attr::Arn),
                    access: Access::Retag,
                }],
            }),
        ));
    }
    StackDef::new("generated", resources)
}

#[test]
fn a_stack_at_the_limit_passes_and_one_more_group_does_not() {
    // 100 groups: 400 items + 100 role policies = 500 resources.
    let at_limit = generated(100);
    assert_eq!(template_resource_count(&at_limit), 500);
    let started = Instant::now();
    let findings = check(&at_limit, today());
    println!(
        "check over 400 items / 500 resources: {:?}",
        started.elapsed()
    );
    assert!(
        findings.is_empty(),
        "{:#?}",
        &findings[..findings.len().min(5)]
    );
    let mut per_rule: Vec<_> = RULES
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let started = Instant::now();
            let _ = rule.run(&at_limit, today());
            (started.elapsed(), i)
        })
        .collect();
    per_rule.sort();
    for (elapsed, i) in per_rule.iter().rev().take(3) {
        println!("  rule #{i} of RULES: {elapsed:?}");
    }

    let over = generated(101);
    let findings = check(&over, today());
    let rules: Vec<_> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["too-many-resources"]);
    assert!(
        findings[0].message.contains("505"),
        "{}",
        findings[0].message
    );
}
