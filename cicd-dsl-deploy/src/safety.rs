//! The guard against change sets that would lose data: which resources
//! hold data. The verdict on a change is drawn in [`crate::analysis`].

/// Whether resources of this type hold data a replacement or removal would
/// lose: the core's one list (buckets, repositories, log groups, tables,
/// queues, file systems, databases, keys, secrets, ...), shared with synth's
/// default retention of generic items.
pub fn is_stateful(resource_type: &str) -> bool {
    cicd_dsl_core::is_stateful_type(resource_type)
}
