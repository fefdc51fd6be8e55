use serde::{Deserialize, Serialize};

/// An S3 bucket. The secure settings are the defaults: a user turns one off
/// explicitly, and the policy rules then ask for a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    pub name: Option<String>,
    pub versioned: bool,
    pub encryption: Encryption,
    /// Current objects expire after this many days.
    pub expire_after_days: Option<u32>,
    /// Noncurrent versions expire this many days after they became noncurrent.
    pub expire_noncurrent_after_days: Option<u32>,
    /// All four public-access blocks.
    pub block_public_access: bool,
    /// A bucket policy that denies requests not made over TLS.
    pub tls_only: bool,
    /// Send the bucket's events to EventBridge.
    pub eventbridge: bool,
}

impl Default for Bucket {
    fn default() -> Self {
        Bucket {
            name: None,
            versioned: false,
            encryption: Encryption::Aes256,
            expire_after_days: None,
            expire_noncurrent_after_days: None,
            block_public_access: true,
            tls_only: true,
            eventbridge: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encryption {
    /// No default encryption configured by the stack.
    None,
    /// SSE-S3.
    Aes256,
    /// SSE-KMS with the AWS managed key.
    KmsManaged,
}
