//! Pushes image manifests into ECR the way `docker push` finishes: PutImage
//! with the manifest and its media type. Layers are never uploaded; ECR (and
//! moto) tag manifests, which is all the function touches.

use aws_sdk_ecr::Client;
use aws_sdk_ecr::types::ImageIdentifier;

pub const DOCKER_V2: &str = "application/vnd.docker.distribution.manifest.v2+json";
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";

fn fake_digest(seed: &str, part: &str) -> String {
    // 64 hex characters derived from the seed, so each image is distinct.
    let mut hex = String::new();
    for (i, b) in format!("{seed}/{part}")
        .bytes()
        .cycle()
        .take(32)
        .enumerate()
    {
        hex.push_str(&format!("{:02x}", b.wrapping_add(i as u8)));
    }
    format!("sha256:{hex}")
}

/// A Docker image manifest v2, schema 2.
pub fn docker_manifest(seed: &str) -> String {
    serde_json::json!({
        "schemaVersion": 2,
        "mediaType": DOCKER_V2,
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1469, "digest": fake_digest(seed, "config")},
        "layers": [
            {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 3_208_942, "digest": fake_digest(seed, "layer-0")},
            {"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1024, "digest": fake_digest(seed, "layer-1")}
        ]
    })
    .to_string()
}

/// An OCI image manifest without the optional `mediaType` field, as
/// buildx writes them: its type is known only from PutImage's
/// `imageManifestMediaType`, so re-tagging works only if that is passed on.
pub fn oci_manifest(seed: &str) -> String {
    serde_json::json!({
        "schemaVersion": 2,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 812, "digest": fake_digest(seed, "config")},
        "layers": [
            {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 2_811_412, "digest": fake_digest(seed, "layer-0")}
        ]
    })
    .to_string()
}

pub async fn create_repository(ecr: &Client, name: &str) {
    ecr.create_repository()
        .repository_name(name)
        .send()
        .await
        .expect("CreateRepository");
}

/// Pushes a manifest under `tag` and returns the image digest ECR assigned.
pub async fn push(
    ecr: &Client,
    repository: &str,
    tag: &str,
    manifest: &str,
    media_type: &str,
) -> String {
    let put = ecr
        .put_image()
        .repository_name(repository)
        .image_tag(tag)
        .image_manifest(manifest)
        .image_manifest_media_type(media_type)
        .send()
        .await
        .expect("PutImage of a test image");
    put.image()
        .and_then(|i| i.image_id())
        .and_then(|i| i.image_digest())
        .expect("PutImage returns the digest")
        .to_owned()
}

/// ECR stores `imagePushedAt` (moto: whole seconds); waiting past a second
/// boundary gives the next push a strictly later time.
pub async fn next_push_second() {
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
}

/// The digest `tag` points at, if any.
pub async fn digest_of_tag(ecr: &Client, repository: &str, tag: &str) -> Option<String> {
    let images = ecr
        .describe_images()
        .repository_name(repository)
        .send()
        .await
        .expect("DescribeImages");
    images
        .image_details()
        .iter()
        .find(|i| i.image_tags().iter().any(|t| t == tag))
        .and_then(|i| i.image_digest())
        .map(str::to_owned)
}

/// The tags of the image with `digest`.
pub async fn tags_of(ecr: &Client, repository: &str, digest: &str) -> Vec<String> {
    let images = ecr
        .describe_images()
        .repository_name(repository)
        .image_ids(ImageIdentifier::builder().image_digest(digest).build())
        .send()
        .await
        .expect("DescribeImages by digest");
    let mut tags = images.image_details()[0].image_tags().to_vec();
    tags.sort();
    tags
}

/// Manifest and media type stored under `tag`.
pub async fn manifest_of_tag(
    ecr: &Client,
    repository: &str,
    tag: &str,
) -> (String, Option<String>) {
    let got = ecr
        .batch_get_image()
        .repository_name(repository)
        .image_ids(ImageIdentifier::builder().image_tag(tag).build())
        .send()
        .await
        .expect("BatchGetImage by tag");
    let image = &got.images()[0];
    (
        image.image_manifest().unwrap().to_owned(),
        image.image_manifest_media_type().map(str::to_owned),
    )
}
