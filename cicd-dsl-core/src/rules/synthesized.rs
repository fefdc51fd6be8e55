//! What the built-in kinds synthesize, against CloudFormation's own rules:
//! every property of every resource an item becomes is validated against
//! its type's resource schema, and every logical ID against the template
//! format. A finding lands on the attribute that produced the property (a
//! 300-character doc comment becomes a Lambda `Description` that AWS
//! rejects: the finding is at the doc comment), or on the item when the
//! property is one the kind writes by itself.
//!
//! These checks read the template, so they run only on a stack the other
//! rules pass (see [`super::check`]): synthesis assumes checked input, and a
//! mistake the kind's own rule names should be told once, in its words.

use super::schema::schema_finding;
use super::{Finding, Severity};
use crate::model::{
    Code, EventPattern, FieldPath, Kind, Path, Resource, ResourceKind, StackDef, Step,
};
use crate::synth::{SynthConfig, synthesize};
use cicd_dsl_cfn::{Catalog, PathSegment};
use serde_json::Value as Json;
use std::collections::{BTreeSet, HashMap};

/// The longest logical ID CloudFormation accepts.
const MAX_LOGICAL_ID: usize = 255;

/// Every schema violation in what the stack's built-in items synthesize,
/// and every logical ID the template format rejects.
pub fn builtin_properties(stack: &StackDef) -> Vec<Finding> {
    // Code assets are not built at compile time; a placeholder digest
    // synthesizes the same shape the deploy will.
    let mut config = SynthConfig::default();
    for resource in &stack.resources {
        if let ResourceKind::Function(f) = &resource.kind
            && let Code::Cargo { package, .. } = &f.code
        {
            config.assets.insert(package.clone(), "0".repeat(64));
        }
    }
    let Ok(template) = synthesize(stack, &config) else {
        // Whatever stops synthesis (a cycle, an unknown item) is another
        // rule's finding.
        return Vec::new();
    };
    let mut findings = Vec::new();
    let mut misnamed = BTreeSet::new();
    let items: HashMap<&str, &Resource> =
        stack.resources.iter().map(|r| (r.id.as_str(), r)).collect();
    for (logical_id, entry) in template.resources() {
        let Some(resource) = producer(&items, logical_id) else {
            continue;
        };
        if matches!(resource.kind, ResourceKind::Generic(_)) {
            // Generic items are checked property by property (`schema`).
            continue;
        }
        // One finding per item: its other resources' IDs repeat its name.
        if !misnamed.contains(&resource.id)
            && let Some(problem) = logical_id_problem(resource, logical_id)
        {
            misnamed.insert(resource.id.clone());
            findings.push(problem);
        }
        let type_name = entry["Type"].as_str().unwrap_or_default();
        let Some(schema) = Catalog::schema(type_name) else {
            continue;
        };
        let empty = Json::Object(Default::default());
        let properties = entry.get("Properties").unwrap_or(&empty);
        for violation in cicd_dsl_cfn::validate(schema, properties) {
            let at = Path::new(
                &resource.id,
                attribute_path(resource, &violation.path, properties),
            );
            let message = format!(
                "`{}` of the `{type_name}` this item becomes{}: {}",
                violation.path_string(),
                source_note(&at),
                violation.kind
            );
            findings.push(schema_finding(schema, &violation, at, message));
        }
    }
    findings
}

/// The item a template resource comes from: the item of that logical ID,
/// or the item whose ID is the longest prefix of it (a role's `<Role>Policy`).
fn producer<'a>(items: &HashMap<&str, &'a Resource>, logical_id: &str) -> Option<&'a Resource> {
    (1..=logical_id.len())
        .rev()
        .filter(|end| logical_id.is_char_boundary(*end))
        .find_map(|end| items.get(&logical_id[..end]).copied())
}

/// Logical IDs are letters and digits, at most 255 of them.
fn logical_id_problem(resource: &Resource, logical_id: &str) -> Option<Finding> {
    let problem = if let Some(bad) = logical_id.chars().find(|c| !c.is_ascii_alphanumeric()) {
        format!("contains `{bad}`; CloudFormation logical IDs are ASCII letters and digits only")
    } else if logical_id.len() > MAX_LOGICAL_ID {
        format!(
            "is {} characters long; CloudFormation allows {MAX_LOGICAL_ID}",
            logical_id.len()
        )
    } else {
        return None;
    };
    let fixed: String = resource
        .id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let help = if fixed.is_empty() || fixed == resource.id {
        "rename the item to a shorter identifier of ASCII letters and digits".to_owned()
    } else {
        format!("rename the item to `{fixed}`")
    };
    Some(
        Finding::error(
            "logical-id",
            Path::item(&resource.id),
            format!("the logical ID `{logical_id}` of this item {problem}"),
        )
        .with_help(help),
    )
}

/// The attribute a synthesized property comes from, by kind; the item
/// itself for properties the kind writes on its own.
fn attribute_path(resource: &Resource, path: &[PathSegment], properties: &Json) -> FieldPath {
    let steps: Vec<&str> = path
        .iter()
        .map(|segment| match segment {
            PathSegment::Property(name) | PathSegment::Key(name) => name.as_str(),
            PathSegment::Index(_) => "#",
        })
        .collect();
    let attribute = |name: &str| FieldPath::root().field(name);
    let kind = resource.kind();
    match (kind, steps.as_slice()) {
        (_, ["Description", ..]) => attribute("description"),
        (_, ["Tags", "#", ..]) => tag_path(resource, path, properties),
        (Kind::Bucket, ["BucketName", ..])
        | (Kind::Repository, ["RepositoryName", ..])
        | (Kind::LogGroup, ["LogGroupName", ..])
        | (Kind::Role, ["RoleName", ..])
        | (Kind::Function, ["FunctionName", ..])
        | (Kind::Project | Kind::Pipeline | Kind::Rule, ["Name", ..]) => attribute("name"),
        (Kind::LogGroup, ["RetentionInDays", ..]) => attribute("retention_days"),
        (Kind::Function, ["Runtime", ..]) => attribute("runtime"),
        (Kind::Function, ["Handler", ..]) => attribute("handler"),
        (Kind::Function, ["MemorySize", ..]) => attribute("memory_mb"),
        (Kind::Function, ["Timeout", ..]) => attribute("timeout_seconds"),
        (Kind::Function, ["Code", ..]) => attribute("code"),
        (Kind::Function, ["Environment", "Variables", key, ..]) => FieldPath::environment(key),
        (Kind::Project, ["TimeoutInMinutes", ..]) => attribute("timeout_minutes"),
        (Kind::Project, ["Environment", "Image", ..]) => attribute("image"),
        (Kind::Project, ["Environment", "ComputeType", ..]) => attribute("compute"),
        (Kind::Project, ["Source", "BuildSpec", ..]) => attribute("buildspec"),
        (Kind::Pipeline, ["ExecutionMode", ..]) => attribute("execution_mode"),
        (Kind::Rule, ["EventPattern", ..]) => match &resource.kind {
            ResourceKind::Rule(rule) if matches!(rule.pattern, EventPattern::Json(_)) => {
                attribute("pattern")
            }
            _ => attribute("on"),
        },
        _ => FieldPath::root(),
    }
}

/// `Tags[i]`: the item's own `tags(Key = ...)` entry when the tag is one
/// of the item's; the item otherwise (the stack's tags have their own rule).
fn tag_path(resource: &Resource, path: &[PathSegment], properties: &Json) -> FieldPath {
    let key = match path.get(1) {
        Some(PathSegment::Index(i)) => properties["Tags"][*i]["Key"].as_str(),
        _ => None,
    };
    match key {
        Some(key) if resource.tags.contains_key(key) => FieldPath::tag(key),
        _ => FieldPath::root(),
    }
}

/// Which attribute the property came from, in words, for the message.
fn source_note(at: &Path) -> &'static str {
    match at.field_path().steps().first() {
        Some(Step::Field(f)) if f == "description" => " (from the doc comment or `description`)",
        Some(_) => "",
        None => " (written by the kind)",
    }
}

/// Whether a stack is ready for the checks of what it synthesizes: no
/// other rule found an error in it.
pub fn ready(findings: &[Finding]) -> bool {
    !findings.iter().any(|f| f.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Bucket, Function, Role, Runtime, ServicePrincipal};
    use crate::rules::{Date, check};

    fn stack(resources: Vec<Resource>) -> StackDef {
        StackDef::new("s", resources)
    }

    fn role(id: &str, description: &str) -> Resource {
        let mut role = Resource::new(
            id,
            ResourceKind::Role(Role {
                assumed_by: vec![ServicePrincipal::Lambda],
                ..Role::default()
            }),
        );
        role.description = Some(description.into());
        role
    }

    fn function(description: &str) -> Resource {
        let mut function = Resource::new(
            "Job",
            ResourceKind::Function(Function {
                name: None,
                runtime: Runtime("python3.13".into()),
                handler: "index.handler".into(),
                code: Code::Inline("def handler(event, context):\n    return 1\n".into()),
                role: "JobRole".into(),
                logs: None,
                architecture: Default::default(),
                snap_start: false,
                memory_mb: 128,
                timeout_seconds: 10,
                environment: Default::default(),
                grants: vec![],
            }),
        );
        function.description = Some(description.into());
        function
    }

    fn findings(stack: &StackDef) -> Vec<(String, &'static str, String)> {
        check(stack, Date::from_unix_seconds(1_800_000_000))
            .into_iter()
            .map(|f| (f.path().to_string(), f.rule, f.message))
            .collect()
    }

    #[test]
    fn a_long_doc_comment_is_reported_at_the_function_description() {
        let found = findings(&stack(vec![
            role("JobRole", "runs the job"),
            function(&"x".repeat(300)),
        ]));
        assert_eq!(found.len(), 1, "{found:?}");
        let (at, rule, message) = &found[0];
        assert_eq!((at.as_str(), *rule), ("Job.description", "cfn-length"));
        assert!(
            message.contains("`Description` of the `AWS::Lambda::Function`"),
            "{message}"
        );
        assert!(message.contains("256"), "{message}");
    }

    #[test]
    fn a_character_iam_does_not_take_is_reported_at_the_role_description() {
        let found = findings(&stack(vec![
            role("JobRole", "runs the job \u{1F680}"),
            function("the job"),
        ]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].0.as_str(), found[0].1),
            ("JobRole.description", "cfn-pattern")
        );
        let help = check(
            &stack(vec![
                role("JobRole", "runs the job \u{1F680}"),
                function("the job"),
            ]),
            Date::from_unix_seconds(1_800_000_000),
        )[0]
        .help
        .clone()
        .unwrap_or_default();
        assert!(help.starts_with("remove `\u{1F680}`"), "{help}");
    }

    #[test]
    fn an_item_name_that_is_no_logical_id_is_reported_at_the_item() {
        let found = findings(&stack(vec![Resource::new(
            "Build_Artifacts",
            ResourceKind::Bucket(Bucket::default()),
        )]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].0.as_str(), found[0].1),
            ("Build_Artifacts", "logical-id")
        );
        assert!(found[0].2.contains("`_`"), "{}", found[0].2);
    }

    #[test]
    fn a_stack_with_another_error_is_not_synthesized() {
        // The function's role is missing: the reference rule says so, and
        // the long description waits until the stack synthesizes.
        let found = findings(&stack(vec![function(&"x".repeat(300))]));
        assert!(
            found.iter().all(|(_, rule, _)| *rule != "cfn-length"),
            "{found:?}"
        );
        assert!(
            found.iter().any(|(_, rule, _)| *rule == "unknown-item"),
            "{found:?}"
        );
    }

    #[test]
    fn valid_items_give_no_findings() {
        let found = findings(&stack(vec![
            role("JobRole", "runs the job"),
            function("the job"),
            Resource::new("Artifacts", ResourceKind::Bucket(Bucket::default())),
        ]));
        assert_eq!(found, vec![]);
    }
}
