//! Where in a stack something was written: an item, and a path into its
//! properties. The macros record the span of each token under the path it
//! fills; the rules report each finding under a path; both build paths with
//! the constructors here, so a finding finds its token by equality rather
//! than by two crates agreeing on a string format.
//!
//! ```
//! use cicd_dsl_core::{FieldPath, Path};
//! let path = Path::item("Queue").field("RedrivePolicy").index(2).key("K");
//! assert_eq!(path.field_path().pointer(), "/RedrivePolicy/2/K");
//! assert_eq!(
//!     Path::new("BuildRole", FieldPath::statement_action(0, 1)).to_string(),
//!     "BuildRole.statements.0.actions.1"
//! );
//! ```

use serde::{Serialize, Serializer};
use std::fmt;

/// One step into a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// A property the DSL (or a resource schema) names: `role`, `VisibilityTimeout`.
    Field(String),
    /// An element of a list: the third grant, the second action of a statement.
    Index(usize),
    /// An entry of a map whose keys the user chooses: a tag key, an
    /// environment variable, a stage name, a suppressed rule.
    Key(String),
}

/// A path into an item's properties; empty means the item itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath {
    steps: Vec<Step>,
}

impl FieldPath {
    /// The item itself.
    pub fn root() -> Self {
        FieldPath::default()
    }

    pub fn field(mut self, name: impl Into<String>) -> Self {
        self.steps.push(Step::Field(name.into()));
        self
    }

    pub fn index(mut self, index: usize) -> Self {
        self.steps.push(Step::Index(index));
        self
    }

    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.steps.push(Step::Key(key.into()));
        self
    }

    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    pub fn is_root(&self) -> bool {
        self.steps.is_empty()
    }

    /// Whether the path starts at the property `name`.
    pub fn is_under(&self, name: &str) -> bool {
        matches!(self.steps.first(), Some(Step::Field(first)) if first == name)
    }

    /// RFC 6901 JSON pointer (`/statements/0/actions/1`), the form resource
    /// schema checks report property paths in.
    pub fn pointer(&self) -> String {
        self.steps
            .iter()
            .map(|step| {
                let text = match step {
                    Step::Field(s) | Step::Key(s) => s.replace('~', "~0").replace('/', "~1"),
                    Step::Index(i) => i.to_string(),
                };
                format!("/{text}")
            })
            .collect()
    }

    // The composite paths of the DSL's own attributes, named once for the
    // macro that records them and the rules that report under them.

    /// `grants(A.read(), B.push())`: the `index`th grant.
    pub fn grant(index: usize) -> Self {
        FieldPath::root().field("grants").index(index)
    }

    /// The `index`th `allow(...)` statement of a role.
    pub fn statement(index: usize) -> Self {
        FieldPath::root().field("statements").index(index)
    }

    /// The `action`th action of the `statement`th statement.
    pub fn statement_action(statement: usize, action: usize) -> Self {
        FieldPath::statement(statement).action(action)
    }

    /// The `resource`th resource of the `statement`th statement.
    pub fn statement_resource(statement: usize, resource: usize) -> Self {
        FieldPath::statement(statement).resource(resource)
    }

    /// The `index`th action of the statement at this path.
    pub fn action(self, index: usize) -> Self {
        self.field("actions").index(index)
    }

    /// The `index`th resource of the statement at this path.
    pub fn resource(self, index: usize) -> Self {
        self.field("resources").index(index)
    }

    /// `environment(KEY = ...)`: the variable `key`.
    pub fn environment(key: &str) -> Self {
        FieldPath::root().field("environment").key(key)
    }

    /// `tags(Key = "value")`: the tag `key`.
    pub fn tag(key: &str) -> Self {
        FieldPath::root().field("tags").key(key)
    }

    /// `depends_on(A, B)`: the `index`th item.
    pub fn depends_on(index: usize) -> Self {
        FieldPath::root().field("depends_on").index(index)
    }

    /// `protect_tags("a", "b")`: the `index`th pattern.
    pub fn protect_tag(index: usize) -> Self {
        FieldPath::root().field("protect_tags").index(index)
    }

    /// The `index`th action of the pipeline stage `stage`.
    pub fn stage_action(stage: &str, index: usize) -> Self {
        FieldPath::root().field("stages").key(stage).index(index)
    }

    /// `#[suppress(rule, ...)]` on an item.
    pub fn suppression(rule: &str) -> Self {
        FieldPath::root().field("suppress").key(rule)
    }
}

/// A single property: `role`, `retention_days`.
impl From<&str> for FieldPath {
    fn from(name: &str) -> Self {
        FieldPath::root().field(name)
    }
}

/// Dotted, as people read it and `check` prints it:
/// `statements.0.actions.1`, `environment.REPOSITORY_NAME`.
impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            match step {
                Step::Field(s) | Step::Key(s) => f.write_str(s)?,
                Step::Index(n) => write!(f, "{n}")?,
            }
        }
        Ok(())
    }
}

impl Serialize for FieldPath {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An item (or output) and a place within it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Path {
    item: String,
    field: FieldPath,
}

impl Path {
    /// The item itself.
    pub fn item(name: impl Into<String>) -> Self {
        Path::new(name, FieldPath::root())
    }

    pub fn new(item: impl Into<String>, field: impl Into<FieldPath>) -> Self {
        Path {
            item: item.into(),
            field: field.into(),
        }
    }

    pub fn field(mut self, name: impl Into<String>) -> Self {
        self.field = self.field.field(name);
        self
    }

    pub fn index(mut self, index: usize) -> Self {
        self.field = self.field.index(index);
        self
    }

    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.field = self.field.key(key);
        self
    }

    pub fn item_name(&self) -> &str {
        &self.item
    }

    pub fn field_path(&self) -> &FieldPath {
        &self.field
    }

    /// The same place in another item: outputs are written on an item but
    /// found under the output's name.
    pub fn with_item(self, item: impl Into<String>) -> Self {
        Path {
            item: item.into(),
            field: self.field,
        }
    }

    pub fn into_parts(self) -> (String, FieldPath) {
        (self.item, self.field)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.item)?;
        if !self.field.is_root() {
            write!(f, ".{}", self.field)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_compared_as_keys_not_as_text() {
        // A tag key with a dot reads like two steps, but is one.
        assert_ne!(
            FieldPath::tag("app.tier"),
            FieldPath::from("tags").key("app").key("tier")
        );
        assert_eq!(FieldPath::tag("app.tier").to_string(), "tags.app.tier");
    }

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        let path = FieldPath::tag("a/b~c").field("x").index(3);
        assert_eq!(path.pointer(), "/tags/a~1b~0c/x/3");
        assert_eq!(FieldPath::root().pointer(), "");
    }

    #[test]
    fn composite_paths_read_as_before() {
        assert_eq!(
            FieldPath::stage_action("Source", 0).to_string(),
            "stages.Source.0"
        );
        assert_eq!(
            Path::new("Tag", FieldPath::environment("KEY")).to_string(),
            "Tag.environment.KEY"
        );
        assert_eq!(Path::item("Tag").to_string(), "Tag");
        assert!(FieldPath::grant(2).is_under("grants"));
        assert!(!FieldPath::from("grantsx").is_under("grants"));
    }
}
