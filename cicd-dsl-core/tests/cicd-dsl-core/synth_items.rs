//! Settings every item takes reach the template on every kind.

use cicd_dsl_core::*;

fn resource(id: &str, kind: ResourceKind) -> Resource {
    Resource::new(id, kind)
}

fn stack(resources: Vec<Resource>) -> StackDef {
    StackDef::new("s", resources)
}

#[test]
fn depends_on_reaches_the_template() {
    let logs = ResourceKind::LogGroup(LogGroup {
        name: None,
        retention_days: Some(7),
    });
    let mut later = resource("Later", logs.clone());
    later.depends_on = vec!["First".into()];
    let template = synthesize(
        &stack(vec![resource("First", logs), later]),
        &SynthConfig::default(),
    )
    .unwrap();
    assert_eq!(
        template.resources()["Later"]["DependsOn"],
        serde_json::json!(["First"])
    );
    assert!(template.resources()["First"].get("DependsOn").is_none());
}

#[test]
fn removal_applies_to_every_kind_and_stateful_kinds_are_retained_by_default() {
    let role = ResourceKind::Role(Role {
        assumed_by: vec![ServicePrincipal::Lambda],
        ..Role::default()
    });
    let mut kept_role = resource("KeptRole", role.clone());
    kept_role.removal = Some(Removal::Retain);
    let mut dropped_logs = resource("Scratch", ResourceKind::LogGroup(LogGroup::default()));
    dropped_logs.removal = Some(Removal::Destroy);
    let kept_logs = resource("Logs", ResourceKind::LogGroup(LogGroup::default()));
    let plain_role = resource("PlainRole", role);
    let template = synthesize(
        &stack(vec![kept_role, dropped_logs, kept_logs, plain_role]),
        &SynthConfig::default(),
    )
    .unwrap();
    let r = template.resources();
    assert_eq!(r["KeptRole"]["DeletionPolicy"], "Retain");
    assert!(r["Scratch"].get("DeletionPolicy").is_none());
    assert_eq!(r["Logs"]["DeletionPolicy"], "Retain");
    assert_eq!(r["Logs"]["UpdateReplacePolicy"], "Retain");
    assert!(r["PlainRole"].get("DeletionPolicy").is_none());
}
