//! Inline template body, or an S3 URL for templates over the inline limit.

use crate::aws::AwsClients;
use crate::error::DeployError;
use crate::s3_object::{put_object, sha256_hex};

/// Largest `TemplateBody` CloudFormation accepts inline.
pub const MAX_INLINE_TEMPLATE_BYTES: usize = 51_200;
/// Largest template CloudFormation accepts at all (through `TemplateURL`).
pub const MAX_TEMPLATE_BYTES: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TemplateSource {
    Body(String),
    Url(String),
}

/// Refuses a template CloudFormation would refuse, before anything is
/// uploaded or created. Callers run it first; `upload_template` runs it too.
pub fn check_template_size(template: &str) -> Result<(), DeployError> {
    if template.len() > MAX_TEMPLATE_BYTES {
        return Err(DeployError::Template(format!(
            "{} bytes is over CloudFormation's limit of {MAX_TEMPLATE_BYTES} bytes (through S3; {MAX_INLINE_TEMPLATE_BYTES} inline); split the stack into smaller stacks or move large inline content (code, policies) into assets",
            template.len()
        )));
    }
    Ok(())
}

pub(crate) fn needs_upload(template: &str) -> bool {
    template.len() > MAX_INLINE_TEMPLATE_BYTES
}

/// Uploads a large template to the asset bucket (content-addressed) and
/// returns the URL form CloudFormation reads.
pub(crate) async fn upload_template(
    clients: &AwsClients,
    bucket: &str,
    stack_name: &str,
    template: &str,
) -> Result<TemplateSource, DeployError> {
    check_template_size(template)?;
    let key = format!(
        "templates/{stack_name}-{}.json",
        sha256_hex(template.as_bytes())
    );
    put_object(
        clients,
        bucket,
        &key,
        template.as_bytes().to_vec(),
        "application/json",
    )
    .await?;
    Ok(TemplateSource::Url(s3_object_url(
        bucket,
        &clients.region,
        &key,
    )))
}

/// The virtual-hosted URL AWS documents for `TemplateURL`.
pub(crate) fn s3_object_url(bucket: &str, region: &str, key: &str) -> String {
    format!("https://{bucket}.s3.{region}.amazonaws.com/{key}")
}
