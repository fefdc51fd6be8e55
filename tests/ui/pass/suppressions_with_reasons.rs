// Every baseline finding can be accepted on its item with a reason, which
// then lands in the template metadata.
#[cicd_dsl::stack(name = "accepted")]
pub mod accepted {
    #[bucket(encryption = None, block_public_access = false, tls_only = false)]
    #[suppress("bucket-encryption", reason = "Holds a public dataset that anyone may read")]
    #[suppress("bucket-public-access", reason = "Objects are served publicly by design")]
    #[suppress("bucket-tls", reason = "Legacy clients fetch the dataset over plain HTTP")]
    pub struct PublicData;

    #[ecr_repository(scan_on_push = false)]
    #[suppress("repository-scan", reason = "Images are scanned by the registry mirror before import")]
    pub struct Mirror;

    #[log_group(name = "/audit/trail")]
    #[suppress("log-retention-missing", reason = "Audit logs are kept forever by policy")]
    pub struct AuditLogs;

    #[role(assumed_by = CodeBuild, allow(actions("*"), resources("*")))]
    #[suppress("admin-wildcard", reason = "Break-glass role for the account bootstrap project")]
    pub struct BootstrapRole;
}

fn main() {
    let stack = accepted::stack();
    let template = cicd_dsl::synthesize(&stack, &cicd_dsl::SynthConfig::default())
        .expect("a stack with reasoned suppressions synthesizes");
    let text = template.to_json();
    assert!(text.contains("Audit logs are kept forever by policy"));
    assert!(text.contains("Break-glass role for the account bootstrap project"));
}
