//! What a pipeline's Docker build would push, pushed without Docker: an
//! image manifest put into an ECR repository under the build's tags
//! (`local complete-build` stands in for the build this way on the local
//! endpoint, which runs no Docker).

use serde::Serialize;

use crate::aws::AwsClients;
use crate::error::{DeployError, aws_error};
use crate::s3_object::sha256_hex;

/// Docker's image manifest, schema 2.
pub const DOCKER_MANIFEST_MEDIA_TYPE: &str = "application/vnd.docker.distribution.manifest.v2+json";

/// The image that was pushed.
#[derive(Debug, Clone, Serialize)]
pub struct PushedImage {
    pub repository: String,
    pub digest: String,
    pub tags: Vec<String>,
}

/// A manifest of its own for one build: its config (whose digest the
/// manifest names) records the build id and source version, so every build
/// is a new image with a new digest. The config and layer blobs are not
/// uploaded: this stands for an image, it cannot be pulled.
pub fn build_manifest(build_id: &str, source_version: Option<&str>) -> String {
    let config = serde_json::json!({
        "architecture": "amd64",
        "os": "linux",
        "config": {"Labels": {
            "cicd-dsl.build": build_id,
            "cicd-dsl.source-version": source_version.unwrap_or(""),
        }},
    })
    .to_string();
    let layer = format!("layer of {build_id}");
    serde_json::json!({
        "schemaVersion": 2,
        "mediaType": DOCKER_MANIFEST_MEDIA_TYPE,
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": config.len(),
            "digest": format!("sha256:{}", sha256_hex(config.as_bytes())),
        },
        "layers": [{
            "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "size": layer.len(),
            "digest": format!("sha256:{}", sha256_hex(layer.as_bytes())),
        }],
    })
    .to_string()
}

/// The tag the project's buildspec gives an image besides `latest`: the
/// source version with characters Docker tags refuse replaced by `-`, at
/// most 128 characters (`build-<id>` when there is no source version).
pub fn source_tag(source_version: Option<&str>, build_id: &str) -> String {
    let raw = match source_version {
        Some(version) if !version.is_empty() => version.to_owned(),
        _ => format!("build-{}", build_id.rsplit(':').next().unwrap_or(build_id)),
    };
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                c
            } else {
                '-'
            }
        })
        .take(128)
        .collect()
}

/// Puts `manifest` into `repository` under each of `tags` (ECR PutImage).
pub async fn push_image_manifest(
    clients: &AwsClients,
    repository: &str,
    manifest: &str,
    tags: &[String],
) -> Result<PushedImage, DeployError> {
    let mut digest = None;
    for tag in tags {
        let put = clients
            .ecr
            .put_image()
            .repository_name(repository)
            .image_manifest(manifest)
            .image_tag(tag)
            .send()
            .await
            .map_err(|err| aws_error("ECR PutImage", err))?;
        digest = put
            .image()
            .and_then(|i| i.image_id())
            .and_then(|id| id.image_digest())
            .map(str::to_owned)
            .or(digest);
    }
    Ok(PushedImage {
        repository: repository.to_owned(),
        digest: digest.unwrap_or_default(),
        tags: tags.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_build_is_an_image_of_its_own() {
        let first = build_manifest("docker-build-project:1", Some("v1"));
        assert_eq!(first, build_manifest("docker-build-project:1", Some("v1")));
        assert_ne!(first, build_manifest("docker-build-project:2", Some("v1")));
        let parsed: serde_json::Value = serde_json::from_str(&first).unwrap();
        assert_eq!(parsed["mediaType"], DOCKER_MANIFEST_MEDIA_TYPE);
    }

    #[test]
    fn the_source_tag_is_what_the_buildspec_makes() {
        assert_eq!(
            source_tag(Some("3/HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"), "p:1"),
            "3-HL4kqtJlcpXroDTDmJ-rmSpXd3dIbrHY"
        );
        assert_eq!(source_tag(None, "docker-build-project:abc"), "build-abc");
        assert_eq!(source_tag(Some(&"x".repeat(200)), "p:1").len(), 128);
    }
}
