//! Every finding must point at the user's own token: each finding the rules
//! report on the real stacks and on every ui case resolves to a span
//! recorded under exactly its path, never to the fallback (the item's name
//! or the whole macro call). The cases must also reach every rule, so that
//! no rule's paths go untested.

use crate::check;
use crate::ctxt::Ctxt;
use crate::parse;
use cicd_dsl_core::rules::{Date, RULE_IDS};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Rules no compile-fail case reaches, each with the reason.
const UNREACHED: &[(&str, &str)] = &[];

/// Findings that are only warnings, which a compile-fail case cannot pin
/// alone (and one that depends on the day, which the cases' builds do not
/// fix). The project's buildspec is `cicd-stack`'s, which runs `docker`.
const WARNING_STACK: &str = r##"
#[cicd_dsl::stack(name = "warnings")]
pub mod warnings {
    #[ecr_repository]
    pub struct Images;

    #[log_group(retention_days = 7)]
    pub struct Logs;

    #[role(
        assumed_by = Lambda,
        allow(
            actions("ecr:BatchGetImage", "ecr:DescribeImages", "ecr:PutImage"),
            resources(Images.arn())
        )
    )]
    pub struct ExactlyRetag;

    #[role(assumed_by = Lambda, allow(actions("ecr:*"), resources(Images.arn())))]
    #[suppress(iam-wildcard-action, reason = "migration")]
    pub struct Wide;

    #[function(code = cargo("lambda", "tag"), role = Wide, logs = Logs, grants(Images.retag()))]
    pub struct Tag;

    #[function(
        code = inline("exports.handler = async () => 1;"),
        runtime = "nodejs22.x",
        role = ExactlyRetag,
        logs = Logs
    )]
    pub struct SoonDeprecated;

    #[role(assumed_by = CodeBuild)]
    pub struct BuildRole;

    #[codebuild_project(role = BuildRole, logs = Logs, buildspec = "buildspec.yml")]
    pub struct Build;

    #[resource(
        AWS::Athena::WorkGroup,
        Name = "reports",
        WorkGroupConfigurationUpdates = { EnforceWorkGroupConfiguration = true }
    )]
    pub struct Reports;
}
"##;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The crate the ui cases are compiled as (`tests/ui/main.rs` sets its
/// manifest folder): the cases name their buildspec relative to it.
fn ui_case_crate_dir() -> PathBuf {
    workspace().join("tests")
}

/// Each `#[stack]` module of a source file, with its arguments.
fn stack_modules(name: &str, text: &str) -> Vec<(proc_macro2::TokenStream, syn::ItemMod)> {
    let parsed = syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    parsed
        .items
        .into_iter()
        .filter_map(|item| match item {
            syn::Item::Mod(module) => Some(module),
            _ => None,
        })
        .filter_map(|module| {
            let attr = module
                .attrs
                .iter()
                .find(|a| a.path().segments.last().is_some_and(|s| s.ident == "stack"))?;
            let args = match &attr.meta {
                syn::Meta::List(list) => list.tokens.clone(),
                _ => proc_macro2::TokenStream::new(),
            };
            Some((args, module))
        })
        .collect()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the case directory exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

struct Outcome {
    rules_seen: BTreeSet<&'static str>,
    unresolved: Vec<String>,
    stacks: usize,
}

fn check_file(file: &Path, crate_dir: &Path, today: Date, outcome: &mut Outcome) -> usize {
    let text = std::fs::read_to_string(file).expect("the case is readable");
    check_source(
        &file.display().to_string(),
        &text,
        crate_dir,
        today,
        outcome,
    )
}

/// Parses and checks every stack of `text`; returns the parse errors.
fn check_source(
    name: &str,
    text: &str,
    crate_dir: &Path,
    today: Date,
    outcome: &mut Outcome,
) -> usize {
    let mut parse_errors = 0;
    for (args, module) in stack_modules(name, text) {
        let cx = Ctxt::new();
        let parsed = parse::stack(&cx, args, module, crate_dir);
        parse_errors += cx.error_count();
        outcome.stacks += 1;
        for finding in check::reported(&parsed, today) {
            outcome.rules_seen.insert(finding.rule);
            let path = check::spans_path(&parsed, &finding);
            if parsed.spans.exact(&path).is_none() {
                outcome.unresolved.push(format!(
                    "{name}: [{}] at `{}` has no recorded span",
                    finding.rule,
                    finding.path()
                ));
            }
        }
    }
    parse_errors
}

#[test]
fn every_finding_resolves_to_a_recorded_span() {
    let today = Date::parse("2026-12-01").expect("a date");
    let mut outcome = Outcome {
        rules_seen: BTreeSet::new(),
        unresolved: Vec::new(),
        stacks: 0,
    };
    let root = workspace();
    // The real stacks and the passing cases parse without an error.
    let clean = [
        (root.join("cicd-stack/src/lib.rs"), root.join("cicd-stack")),
        (
            root.join("examples/scheduled-job/src/lib.rs"),
            root.join("examples/scheduled-job"),
        ),
    ];
    let case_crate_dir = ui_case_crate_dir();
    let passing = rust_files(&root.join("tests/ui/pass"))
        .into_iter()
        .map(|file| (file, case_crate_dir.clone()));
    for (file, dir) in clean.into_iter().chain(passing) {
        let errors = check_file(&file, &dir, today, &mut outcome);
        assert_eq!(errors, 0, "{} has parse errors", file.display());
    }
    let errors = check_source(
        "WARNING_STACK",
        WARNING_STACK,
        &root.join("cicd-stack"),
        today,
        &mut outcome,
    );
    assert_eq!(errors, 0, "WARNING_STACK has parse errors");
    for file in rust_files(&root.join("tests/ui/fail")) {
        check_file(&file, &case_crate_dir, today, &mut outcome);
    }
    assert!(
        outcome.stacks > 100,
        "only {} stacks were read",
        outcome.stacks
    );
    assert!(
        outcome.unresolved.is_empty(),
        "findings without a span of their own:\n{}",
        outcome.unresolved.join("\n")
    );
    let unreached: Vec<&str> = RULE_IDS
        .iter()
        .copied()
        .filter(|id| !outcome.rules_seen.contains(id))
        .filter(|id| !UNREACHED.iter().any(|(u, _)| u == id))
        .collect();
    assert!(
        unreached.is_empty(),
        "no case reaches these rules, so their paths are untested: {unreached:?}"
    );
}
