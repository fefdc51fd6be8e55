//! The stack's own settings against what CloudFormation accepts: the stack
//! name (`#[stack(name = ...)]`, also `--stack-name` and the config's
//! `stack_name`, which the CLI checks with [`stack_name_problem`]) and the
//! template description.

use super::Finding;
use crate::model::{FieldPath, Path, StackDef};

/// CloudFormation's limit on a stack name.
const MAX_STACK_NAME: usize = 128;
/// CloudFormation's limit on a template's `Description`, in bytes.
const MAX_DESCRIPTION_BYTES: usize = 1024;

/// Why CloudFormation would reject `name` as a stack name: it starts with
/// a letter and holds only letters, digits and hyphens, at most 128.
pub fn stack_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("a stack name cannot be empty".to_owned());
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some(format!(
            "the stack name `{name}` must start with an ASCII letter"
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Some(format!(
            "the stack name `{name}` contains `{bad}`; stack names hold ASCII letters, digits and hyphens"
        ));
    }
    (name.len() > MAX_STACK_NAME).then(|| {
        format!(
            "the stack name is {} characters long; CloudFormation allows {MAX_STACK_NAME}",
            name.len()
        )
    })
}

/// The nearest name CloudFormation takes: other characters become
/// hyphens, a leading non-letter is dropped, and the length is cut.
pub fn stack_name_suggestion(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .skip_while(|c| !c.is_ascii_alphabetic())
        .collect();
    let mut fixed = String::new();
    for c in replaced.chars() {
        if !(c == '-' && fixed.ends_with('-')) {
            fixed.push(c);
        }
    }
    fixed.truncate(MAX_STACK_NAME);
    fixed.trim_end_matches('-').to_owned()
}

/// `stack-name` and `stack-description`.
pub fn stack_settings(stack: &StackDef) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some(problem) = stack_name_problem(&stack.name) {
        let fixed = stack_name_suggestion(&stack.name);
        let help = if fixed.is_empty() {
            "name the stack with a letter first, then letters, digits and hyphens".to_owned()
        } else {
            format!("name the stack `{fixed}`")
        };
        findings.push(
            Finding::error(
                "stack-name",
                Path::new(&stack.name, FieldPath::root().field("name")),
                problem,
            )
            .with_help(help),
        );
    }
    if let Some(description) = &stack.description
        && description.len() > MAX_DESCRIPTION_BYTES
    {
        findings.push(
            Finding::error(
                "stack-description",
                Path::new(&stack.name, FieldPath::root().field("description")),
                format!(
                    "the stack's description is {} bytes long; a template's Description takes at most {MAX_DESCRIPTION_BYTES}",
                    description.len()
                ),
            )
            .with_help("shorten the stack's doc comment or `description`"),
        );
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_names() {
        assert_eq!(stack_name_problem("cicd-pipeline"), None);
        assert_eq!(stack_name_problem(&"a".repeat(128)), None);
        assert!(stack_name_problem(&"a".repeat(129)).is_some());
        assert!(stack_name_problem("my_stack").unwrap().contains("`_`"));
        assert!(stack_name_problem("1stack").unwrap().contains("start"));
        assert!(stack_name_problem("").is_some());
    }

    #[test]
    fn suggestions_are_names_cloudformation_takes() {
        for name in ["my_stack", "1-my stack", "a__b", "--x--", &"b".repeat(200)] {
            let fixed = stack_name_suggestion(name);
            assert_eq!(stack_name_problem(&fixed), None, "{name} -> {fixed}");
        }
        assert_eq!(stack_name_suggestion("my_stack"), "my-stack");
    }

    #[test]
    fn findings_are_under_the_stack_attribute() {
        let stack = StackDef {
            name: "my_stack".into(),
            description: Some("d".repeat(1025)),
            tags: Default::default(),
            resources: vec![],
            outputs: vec![],
            moved: Default::default(),
        };
        let found: Vec<(String, &str)> = stack_settings(&stack)
            .into_iter()
            .map(|f| (f.path().to_string(), f.rule))
            .collect();
        assert_eq!(
            found,
            vec![
                ("my_stack.name".to_owned(), "stack-name"),
                ("my_stack.description".to_owned(), "stack-description")
            ]
        );
    }
}
