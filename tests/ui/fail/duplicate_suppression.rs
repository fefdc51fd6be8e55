// Suppressing one rule twice on an item: the second is an error, whatever
// its reason.
#[cicd_dsl::stack(name = "twice")]
pub mod twice {
    #[log_group]
    #[suppress(log-retention-missing, reason = "Audit logs are kept forever by policy")]
    #[suppress(log-retention-missing, reason = "Said twice")]
    pub struct AuditLogs;
}

fn main() {}
