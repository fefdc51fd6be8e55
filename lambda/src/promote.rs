//! Moves the `production` tag onto the most recently pushed image of an ECR
//! repository, by re-putting that image's own manifest under the new tag
//! (ECR's documented way to retag without pulling layers).

use aws_sdk_ecr::Client;
use aws_sdk_ecr::primitives::DateTime;
use aws_sdk_ecr::types::{ImageDetail, ImageIdentifier};

/// The tag this function moves.
pub const PRODUCTION_TAG: &str = "production";

/// Manifest formats we ask BatchGetImage for, so ECR hands back the stored
/// manifest as-is instead of converting it (a converted manifest would get a
/// different digest, and OCI images must stay OCI).
const ACCEPTED_MEDIA_TYPES: [&str; 4] = [
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
];

/// What a successful run did.
#[derive(Debug, Clone, PartialEq)]
pub struct Promotion {
    pub repository: String,
    pub digest: String,
    pub pushed_at: DateTime,
    pub tag: String,
    pub change: TagChange,
}

/// Whether the tag had to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagChange {
    /// PutImage created or moved the tag.
    Moved,
    /// The image already carried the tag; nothing was written.
    AlreadyTagged,
}

/// Which step failed, with the repository and image it was working on.
#[derive(Debug, thiserror::Error)]
pub enum PromoteError {
    #[error("listing the images of ECR repository `{repository}` (DescribeImages) failed")]
    ListImages {
        repository: String,
        #[source]
        source: Box<aws_sdk_ecr::Error>,
    },
    #[error(
        "ECR repository `{repository}` has no images, so there is nothing to tag `{PRODUCTION_TAG}`; the Build stage must push an image first"
    )]
    EmptyRepository { repository: String },
    #[error(
        "none of the {count} images in ECR repository `{repository}` has a digest and a push time"
    )]
    NoDatedImage { repository: String, count: usize },
    #[error(
        "fetching the manifest of image {digest} in ECR repository `{repository}` (BatchGetImage) failed"
    )]
    GetManifest {
        repository: String,
        digest: String,
        #[source]
        source: Box<aws_sdk_ecr::Error>,
    },
    #[error("ECR returned no manifest for image {digest} in repository `{repository}`: {reason}")]
    ManifestMissing {
        repository: String,
        digest: String,
        reason: String,
    },
    #[error("tagging image {digest} in ECR repository `{repository}` as `{tag}` (PutImage) failed")]
    PutImage {
        repository: String,
        digest: String,
        tag: String,
        #[source]
        source: Box<aws_sdk_ecr::Error>,
    },
}

/// Tags the most recently pushed image of `repository` as [`PRODUCTION_TAG`].
pub async fn promote_newest_image(
    ecr: &Client,
    repository: &str,
) -> Result<Promotion, PromoteError> {
    let images = list_images(ecr, repository).await?;
    if images.is_empty() {
        return Err(PromoteError::EmptyRepository {
            repository: repository.to_owned(),
        });
    }
    let newest = newest_image(&images).ok_or_else(|| PromoteError::NoDatedImage {
        repository: repository.to_owned(),
        count: images.len(),
    })?;
    let digest = newest.digest.to_owned();
    let pushed_at = newest.pushed_at;

    // Skipping the two calls when the tag is already in place keeps re-runs
    // (CodePipeline retries, Lambda's async retries) cheap.
    let change = if newest.tags.iter().any(|t| t == PRODUCTION_TAG) {
        TagChange::AlreadyTagged
    } else {
        tag_image(ecr, repository, &digest, PRODUCTION_TAG).await?
    };
    Ok(Promotion {
        repository: repository.to_owned(),
        digest,
        pushed_at,
        tag: PRODUCTION_TAG.to_owned(),
        change,
    })
}

/// Every image of the repository, across all DescribeImages pages.
pub async fn list_images(ecr: &Client, repository: &str) -> Result<Vec<ImageDetail>, PromoteError> {
    let mut pages = ecr
        .describe_images()
        .repository_name(repository)
        .into_paginator()
        .items()
        .send();
    let mut images = Vec::new();
    while let Some(image) = pages.next().await {
        images.push(image.map_err(|e| PromoteError::ListImages {
            repository: repository.to_owned(),
            source: Box::new(e.into()),
        })?);
    }
    Ok(images)
}

/// The fields of the chosen image that the rest of the run needs.
#[derive(Debug, Clone, PartialEq)]
pub struct NewestImage<'a> {
    pub digest: &'a str,
    pub pushed_at: DateTime,
    pub tags: &'a [String],
}

/// The image with the latest `imagePushedAt`. Ties (possible when pushes land
/// in the same instant) go to the greater digest so the choice is stable.
pub fn newest_image(images: &[ImageDetail]) -> Option<NewestImage<'_>> {
    images
        .iter()
        .filter_map(|image| {
            Some(NewestImage {
                digest: image.image_digest()?,
                pushed_at: *image.image_pushed_at()?,
                tags: image.image_tags(),
            })
        })
        .max_by(|a, b| {
            (a.pushed_at.secs(), a.pushed_at.subsec_nanos(), a.digest).cmp(&(
                b.pushed_at.secs(),
                b.pushed_at.subsec_nanos(),
                b.digest,
            ))
        })
}

/// Puts the manifest of image `digest` back under `tag`.
///
/// ECR answers `ImageAlreadyExistsException` when the tag already names this
/// exact manifest; that is the state we want, so it counts as success.
pub async fn tag_image(
    ecr: &Client,
    repository: &str,
    digest: &str,
    tag: &str,
) -> Result<TagChange, PromoteError> {
    let fetched = ecr
        .batch_get_image()
        .repository_name(repository)
        .image_ids(ImageIdentifier::builder().image_digest(digest).build())
        .set_accepted_media_types(Some(
            ACCEPTED_MEDIA_TYPES
                .iter()
                .map(|t| (*t).to_owned())
                .collect(),
        ))
        .send()
        .await
        .map_err(|e| PromoteError::GetManifest {
            repository: repository.to_owned(),
            digest: digest.to_owned(),
            source: Box::new(e.into()),
        })?;
    let Some((manifest, media_type)) = fetched
        .images()
        .iter()
        .find_map(|image| Some((image.image_manifest()?, image.image_manifest_media_type())))
    else {
        let reason = fetched
            .failures()
            .first()
            .map(|f| {
                format!(
                    "{}: {}",
                    f.failure_code()
                        .map(|c| c.as_str())
                        .unwrap_or("no failure code"),
                    f.failure_reason().unwrap_or("no reason given")
                )
            })
            .unwrap_or_else(|| "the response listed neither images nor failures".to_owned());
        return Err(PromoteError::ManifestMissing {
            repository: repository.to_owned(),
            digest: digest.to_owned(),
            reason,
        });
    };

    let put = ecr
        .put_image()
        .repository_name(repository)
        .image_manifest(manifest)
        // Without the media type ECR guesses from the manifest body and
        // rejects OCI manifests that carry no `mediaType` field.
        .set_image_manifest_media_type(media_type.map(str::to_owned))
        .image_digest(digest)
        .image_tag(tag)
        .send()
        .await;
    match put {
        Ok(_) => Ok(TagChange::Moved),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_image_already_exists_exception()) =>
        {
            Ok(TagChange::AlreadyTagged)
        }
        Err(e) => Err(PromoteError::PutImage {
            repository: repository.to_owned(),
            digest: digest.to_owned(),
            tag: tag.to_owned(),
            source: Box::new(e.into()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(digest: &str, secs: i64, nanos: u32, tags: &[&str]) -> ImageDetail {
        ImageDetail::builder()
            .image_digest(digest)
            .image_pushed_at(DateTime::from_secs_and_nanos(secs, nanos))
            .set_image_tags(Some(tags.iter().map(|t| (*t).to_owned()).collect()))
            .build()
    }

    #[test]
    fn picks_the_latest_push_wherever_it_is_listed() {
        let images = [
            image("sha256:b", 200, 0, &["v2"]),
            image("sha256:c", 300, 5, &["v3", "latest"]),
            image("sha256:a", 100, 0, &["v1", "production"]),
            image("sha256:d", 300, 1, &["v4"]),
        ];
        let newest = newest_image(&images).expect("an image");
        assert_eq!(newest.digest, "sha256:c");
        assert_eq!(newest.tags, ["v3".to_owned(), "latest".to_owned()]);
    }

    #[test]
    fn equal_push_times_resolve_to_the_same_image_in_any_order() {
        let mut images = vec![
            image("sha256:a", 100, 0, &[]),
            image("sha256:b", 100, 0, &[]),
        ];
        assert_eq!(newest_image(&images).unwrap().digest, "sha256:b");
        images.reverse();
        assert_eq!(newest_image(&images).unwrap().digest, "sha256:b");
    }

    #[test]
    fn images_without_digest_or_push_time_are_not_candidates() {
        let undated = ImageDetail::builder().image_digest("sha256:x").build();
        assert!(newest_image(&[undated]).is_none());
        assert!(newest_image(&[]).is_none());
    }
}
