//! Writing one object to a bucket this tool owns, seeing whether one is
//! there, and the content hash that names such objects.

use sha2::{Digest, Sha256};

use crate::aws::AwsClients;
use crate::error::{DeployError, aws_error, service_code};

/// Lower-case hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Uploads one object to the asset bucket; a missing bucket means
/// bootstrap never ran here.
pub(crate) async fn put_object(
    clients: &AwsClients,
    bucket: &str,
    key: &str,
    bytes: Vec<u8>,
    content_type: &str,
) -> Result<(), DeployError> {
    let result = clients
        .s3
        .put_object()
        .bucket(bucket)
        .key(key)
        .content_type(content_type)
        .body(bytes.into())
        .send()
        .await;
    match result {
        Ok(_) => Ok(()),
        // PutObject's error type has no variant for it; the code is S3's.
        Err(err) if service_code(&err) == Some("NoSuchBucket") => {
            Err(DeployError::NotBootstrapped {
                bucket: bucket.to_owned(),
            })
        }
        Err(err) => Err(aws_error("S3 PutObject", err)),
    }
}

/// Whether `key` is in `bucket` (HeadObject).
pub async fn object_exists(
    clients: &AwsClients,
    bucket: &str,
    key: &str,
) -> Result<bool, DeployError> {
    match clients
        .s3
        .head_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
    {
        Ok(_) => Ok(true),
        Err(err) => match err.as_service_error() {
            // HEAD has no body, so a missing key and a missing bucket both
            // read as NotFound; the upload that follows tells them apart.
            Some(service) if service.is_not_found() => Ok(false),
            _ => Err(aws_error("S3 HeadObject", err)),
        },
    }
}
