use super::*;
use crate::model::{
    Access, Attr, Bucket, Grant, ItemRef, Output, Resource, ResourceKind, Role, ServicePrincipal,
    Value,
};
use crate::synth::SynthConfig;
use serde_json::json;
use std::collections::BTreeSet;

/// An artifact stack with a bucket, and a pipeline stack whose role reads
/// it and whose output names it.
fn two_stacks() -> AppDef {
    let bucket = Resource::new("Artifacts", ResourceKind::Bucket(Bucket::default()));
    let role = Resource::new(
        "BuildRole",
        ResourceKind::Role(Role {
            assumed_by: vec![ServicePrincipal::CodeBuild],
            grants: vec![Grant {
                target: ItemRef::new("Artifacts", Attr::Arn),
                access: Access::Read,
            }],
            ..Role::default()
        }),
    );
    let mut merged = StackDef::new("artifacts", vec![bucket, role]);
    merged.outputs.push(Output {
        name: "artifactBucket".into(),
        value: Value::Ref(ItemRef::new("Artifacts", Attr::Name)),
        description: None,
    });
    AppDef {
        merged,
        stacks: vec![
            stack("artifacts", &["Artifacts"], &[]),
            stack("pipeline", &["BuildRole"], &["artifactBucket"]),
        ],
    }
}

fn stack(name: &str, items: &[&str], outputs: &[&str]) -> AppStack {
    AppStack {
        name: name.into(),
        description: None,
        tags: BTreeMap::new(),
        items: items.iter().map(|s| s.to_string()).collect(),
        outputs: outputs.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn each_stack_keeps_its_own_resources_and_outputs() {
    let app = synthesize_app(&two_stacks(), &SynthConfig::default()).unwrap();
    let artifacts = app.template("artifacts").unwrap();
    let pipeline = app.template("pipeline").unwrap();
    assert_eq!(
        artifacts.resources().keys().collect::<Vec<_>>(),
        ["Artifacts", "ArtifactsPolicy"]
    );
    assert_eq!(
        pipeline.resources().keys().collect::<Vec<_>>(),
        ["BuildRole", "BuildRolePolicy"]
    );
    assert!(pipeline.outputs().unwrap().contains_key("artifactBucket"));
    assert!(!artifacts.outputs().unwrap().contains_key("artifactBucket"));
}

#[test]
fn a_reference_to_another_stack_is_an_import_of_its_export() {
    let app = synthesize_app(&two_stacks(), &SynthConfig::default()).unwrap();
    let artifacts = app.template("artifacts").unwrap();
    let pipeline = app.template("pipeline").unwrap();
    assert_eq!(
        pipeline.outputs().unwrap()["artifactBucket"]["Value"],
        json!({ "Fn::ImportValue": "artifacts-Artifacts-Ref" })
    );
    let exports = artifacts.outputs().unwrap();
    assert_eq!(
        exports["ExportArtifactsRef"],
        json!({ "Value": { "Ref": "Artifacts" }, "Export": { "Name": "artifacts-Artifacts-Ref" } })
    );
    assert_eq!(
        exports["ExportArtifactsArn"]["Export"]["Name"],
        "artifacts-Artifacts-Arn"
    );
    // The grant's `${Artifacts.Arn}/*` in the policy is an imported variable.
    let policy = serde_json::to_string(&pipeline.resources()["BuildRolePolicy"]).unwrap();
    assert!(policy.contains("artifacts-Artifacts-Arn"), "{policy}");
    assert!(!policy.contains("Artifacts.Arn"), "{policy}");
    assert_eq!(
        app.imports["pipeline"],
        BTreeSet::from(["artifacts".to_owned()])
    );
}

#[test]
fn stacks_deploy_after_what_they_import_from() {
    let app = two_stacks();
    assert_eq!(app.deploy_order().unwrap(), ["artifacts", "pipeline"]);
    assert_eq!(app.dependencies_of("pipeline"), ["artifacts"]);
    assert!(app.dependencies_of("artifacts").is_empty());
}

#[test]
fn stacks_that_import_from_each_other_are_refused() {
    let mut app = two_stacks();
    // The bucket stack now names the role of the pipeline stack.
    app.merged.resources[0].depends_on = vec!["BuildRole".into()];
    let error = synthesize_app(&app, &SynthConfig::default()).unwrap_err();
    assert!(error.to_string().contains("cycle"), "{error}");
    assert!(app.deploy_order().is_err());
}

#[test]
fn export_names_keep_only_what_cloudformation_takes() {
    assert_eq!(
        export_name("db", "Main", "Endpoint.Address"),
        "db-Main-Endpoint-Address"
    );
}
