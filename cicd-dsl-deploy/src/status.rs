//! CloudFormation's statuses as one type, so that code asks "is it in
//! progress?" or matches a variant instead of comparing strings.
//!
//! Stacks and their resources share most of the names (`CREATE_FAILED`,
//! `DELETE_COMPLETE`, ...), and a stack appears among its own events as a
//! resource, so one type serves both. A name this version does not know
//! is kept as [`Status::Other`]: the groups still answer for it by suffix,
//! which is how CloudFormation composes every name.

use serde::{Serialize, Serializer};

macro_rules! statuses {
    ($($variant:ident = $text:literal,)*) => {
        /// A stack or resource status, e.g. [`Status::RollbackComplete`].
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum Status {
            $($variant,)*
            /// A status this version does not name.
            Other(String),
        }

        impl Status {
            /// The name CloudFormation uses, e.g. `ROLLBACK_COMPLETE`.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Status::$variant => $text,)*
                    Status::Other(text) => text,
                }
            }
        }

        impl From<&str> for Status {
            fn from(text: &str) -> Self {
                match text {
                    $($text => Status::$variant,)*
                    other => Status::Other(other.to_owned()),
                }
            }
        }
    };
}

statuses! {
    CreateInProgress = "CREATE_IN_PROGRESS",
    CreateFailed = "CREATE_FAILED",
    CreateComplete = "CREATE_COMPLETE",
    RollbackInProgress = "ROLLBACK_IN_PROGRESS",
    RollbackFailed = "ROLLBACK_FAILED",
    RollbackComplete = "ROLLBACK_COMPLETE",
    DeleteInProgress = "DELETE_IN_PROGRESS",
    DeleteFailed = "DELETE_FAILED",
    DeleteComplete = "DELETE_COMPLETE",
    DeleteSkipped = "DELETE_SKIPPED",
    UpdateInProgress = "UPDATE_IN_PROGRESS",
    UpdateCompleteCleanupInProgress = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
    UpdateComplete = "UPDATE_COMPLETE",
    UpdateFailed = "UPDATE_FAILED",
    UpdateRollbackInProgress = "UPDATE_ROLLBACK_IN_PROGRESS",
    UpdateRollbackFailed = "UPDATE_ROLLBACK_FAILED",
    UpdateRollbackCompleteCleanupInProgress = "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
    UpdateRollbackComplete = "UPDATE_ROLLBACK_COMPLETE",
    ReviewInProgress = "REVIEW_IN_PROGRESS",
    ImportInProgress = "IMPORT_IN_PROGRESS",
    ImportComplete = "IMPORT_COMPLETE",
    ImportRollbackInProgress = "IMPORT_ROLLBACK_IN_PROGRESS",
    ImportRollbackFailed = "IMPORT_ROLLBACK_FAILED",
    ImportRollbackComplete = "IMPORT_ROLLBACK_COMPLETE",
}

impl Status {
    /// An operation is still running (`*_IN_PROGRESS`).
    pub fn is_in_progress(&self) -> bool {
        self.as_str().ends_with("_IN_PROGRESS")
    }

    /// Something failed (`*_FAILED`).
    pub fn is_failed(&self) -> bool {
        self.as_str().ends_with("_FAILED")
    }

    /// An operation ended, well or by a completed rollback (`*_COMPLETE`).
    pub fn is_complete(&self) -> bool {
        self.as_str().ends_with("_COMPLETE")
    }

    /// A resource needs nothing more from this operation: completed, failed
    /// or skipped (a retained resource on deletion).
    pub fn is_settled(&self) -> bool {
        self.is_complete() || self.is_failed() || self.as_str().ends_with("_SKIPPED")
    }

    /// A deploy reached what it asked for.
    pub fn is_deployed(&self) -> bool {
        matches!(self, Status::CreateComplete | Status::UpdateComplete)
    }
}

impl From<&aws_sdk_cloudformation::types::StackStatus> for Status {
    fn from(status: &aws_sdk_cloudformation::types::StackStatus) -> Self {
        Status::from(status.as_str())
    }
}

impl From<&aws_sdk_cloudformation::types::ResourceStatus> for Status {
    fn from(status: &aws_sdk_cloudformation::types::ResourceStatus) -> Self {
        Status::from(status.as_str())
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `--output json` keeps CloudFormation's names.
impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// So that a test can write `assert_eq!(outcome.status, "ROLLBACK_COMPLETE")`.
impl PartialEq<&str> for Status {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Status {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_ones_keep_their_group() {
        for text in ["ROLLBACK_COMPLETE", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"] {
            assert_eq!(Status::from(text).as_str(), text);
        }
        assert_eq!(
            Status::from("UPDATE_ROLLBACK_FAILED"),
            Status::UpdateRollbackFailed
        );
        let new = Status::from("EXPORT_IN_PROGRESS");
        assert_eq!(new, Status::Other("EXPORT_IN_PROGRESS".to_owned()));
        assert!(new.is_in_progress() && !new.is_failed());
    }

    #[test]
    fn groups_follow_the_suffix() {
        assert!(Status::ReviewInProgress.is_in_progress());
        assert!(Status::DeleteFailed.is_failed() && Status::DeleteFailed.is_settled());
        assert!(Status::RollbackComplete.is_complete() && !Status::RollbackComplete.is_deployed());
        assert!(Status::DeleteSkipped.is_settled() && !Status::DeleteSkipped.is_complete());
        assert!(Status::UpdateComplete.is_deployed());
        assert_eq!(
            serde_json::to_string(&Status::CreateComplete).unwrap(),
            "\"CREATE_COMPLETE\""
        );
    }
}
