//! One stack, `renamed-bucket`, in three versions of its code, as a user
//! edits it over time:
//!
//! - [`before`]: the bucket is the item `Artifacts`;
//! - [`after`]: the item is renamed `Store` and says so with
//!   `#[moved(from = Artifacts)]`, so `deploy` moves the deployed bucket to
//!   the new logical id (stack refactor) and its objects stay;
//! - [`renamed_only`]: the same rename without `#[moved]`, which
//!   CloudFormation would carry out as delete-plus-create: the stateful
//!   guard refuses it and names the attribute.
//!
//! The binary picks the version from `RENAMED_BUCKET_VERSION` (`before`,
//! the default, `after` or `renamed-only`), so one build serves the test of
//! all three.

#[cicd_dsl::stack(name = "renamed-bucket", tags(Team = "devops"))]
pub mod before {
    /// Build artifacts.
    #[bucket(versioned)]
    pub struct Artifacts;

    #[output(name = "bucketName", value = Artifacts.name())]
    pub struct BucketName;
}

#[cicd_dsl::stack(name = "renamed-bucket", tags(Team = "devops"))]
pub mod after {
    /// Build artifacts.
    #[bucket(versioned)]
    #[moved(from = Artifacts)]
    pub struct Store;

    #[output(name = "bucketName", value = Store.name())]
    pub struct BucketName;
}

#[cicd_dsl::stack(name = "renamed-bucket", tags(Team = "devops"))]
pub mod renamed_only {
    /// Build artifacts.
    #[bucket(versioned)]
    pub struct Store;

    #[output(name = "bucketName", value = Store.name())]
    pub struct BucketName;
}

/// The version `RENAMED_BUCKET_VERSION` names.
pub fn stack() -> cicd_dsl::StackDef {
    match std::env::var("RENAMED_BUCKET_VERSION").as_deref() {
        Ok("after") => after::stack(),
        Ok("renamed-only") => renamed_only::stack(),
        _ => before::stack(),
    }
}
