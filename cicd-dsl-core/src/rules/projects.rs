//! CodeBuild projects: an image the Linux x86 container environment can run,
//! a timeout in range, and privileged mode when the buildspec runs Docker.
//!
//! The compute type is an enum in the model, so every value the DSL can
//! express is one CodeBuild accepts for `LINUX_CONTAINER`.

use super::{Finding, nearest};
use crate::model::Path;
use crate::model::{Project, Resource, ResourceKind, StackDef};

/// `AWS::CodeBuild::Project.TimeoutInMinutes` bounds (registry schema).
pub const TIMEOUT_MINUTES: std::ops::RangeInclusive<u32> = 5..=2160;

/// Curated image families for `LINUX_CONTAINER` (x86-64) and the versions
/// CodeBuild has retired. New versions of a family are accepted without a
/// change here; only retired ones and unknown families are errors.
const X86_FAMILIES: [(&str, &[&str]); 3] = [
    ("standard", &["1.0", "2.0", "3.0", "4.0"]),
    ("amazonlinux2-x86_64-standard", &["1.0", "2.0", "3.0"]),
    ("amazonlinux-x86_64-standard", &[]),
];

/// Families that exist but need an environment type the DSL does not emit.
const OTHER_FAMILIES: [&str; 5] = [
    "amazonlinux2-aarch64-standard",
    "amazonlinux-aarch64-standard",
    "windows-base",
    "amazonlinux-x86_64-lambda-standard",
    "amazonlinux-aarch64-lambda-standard",
];

const CURATED: &str = "aws/codebuild/";
const RECOMMENDED: &str = "aws/codebuild/standard:7.0";

fn projects(stack: &StackDef) -> impl Iterator<Item = (&Resource, &Project)> {
    stack.resources.iter().filter_map(|r| match &r.kind {
        ResourceKind::Project(p) => Some((r, p)),
        _ => None,
    })
}

/// Why `image` cannot be the image of a Linux x86 container project, and the
/// fix; `None` when it can.
pub fn image_problem(image: &str) -> Option<(String, String)> {
    if let Some(curated) = image.strip_prefix(CURATED) {
        let (family, version) = curated.split_once(':').unwrap_or((curated, ""));
        if let Some((_, retired)) = X86_FAMILIES.iter().find(|(f, _)| *f == family) {
            if version.is_empty() {
                return Some((
                    format!("`{image}` names no version of the image"),
                    format!("add a version, e.g. `{RECOMMENDED}`"),
                ));
            }
            if retired.contains(&version) {
                return Some((
                    format!("`{image}` is a retired CodeBuild image"),
                    format!("use a current version such as `{RECOMMENDED}`"),
                ));
            }
            return None;
        }
        if OTHER_FAMILIES.contains(&family) {
            return Some((
                format!(
                    "`{image}` does not run in a Linux x86 container, which is what the DSL's projects use"
                ),
                format!("use an x86-64 image such as `{RECOMMENDED}`"),
            ));
        }
        let families = X86_FAMILIES.iter().map(|(f, _)| *f);
        let help = match nearest(family, families) {
            Some(near) => format!("did you mean `{CURATED}{near}:{version}`?"),
            None => format!(
                "curated images are {}; e.g. `{RECOMMENDED}`",
                X86_FAMILIES
                    .iter()
                    .map(|(f, _)| format!("{CURATED}{f}:N"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return Some((format!("`{image}` is not a CodeBuild curated image"), help));
    }
    registry_reference_problem(image).map(|problem| {
        (
            format!("`{image}` is not an image reference: {problem}"),
            format!(
                "use a curated image such as `{RECOMMENDED}`, or `REGISTRY/REPOSITORY:TAG` (e.g. an ECR repository URI with a tag)"
            ),
        )
    })
}

/// `[registry/]path[:tag][@digest]` as Docker parses it: lowercase path
/// components, a tag of `[\w][\w.-]{0,127}`, a `sha256:` digest of 64 hex.
fn registry_reference_problem(image: &str) -> Option<String> {
    if image.is_empty() {
        return Some("it is empty".into());
    }
    if let Some(c) = image.chars().find(|c| c.is_whitespace()) {
        return Some(format!("it contains `{}`", c.escape_debug()));
    }
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    if let Some(digest) = digest {
        let hex = digest.strip_prefix("sha256:").unwrap_or("");
        if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some("the digest is not `sha256:` and 64 hex digits".into());
        }
    }
    // A registry host may carry a port, so the tag is after the last `/`.
    let last_slash = name.rfind('/').map_or(0, |i| i + 1);
    let (path, tag) = match name[last_slash..].rfind(':') {
        Some(i) => (&name[..last_slash + i], Some(&name[last_slash + i + 1..])),
        None => (name, None),
    };
    if let Some(tag) = tag {
        let ok = !tag.is_empty()
            && tag.len() <= 128
            && tag.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !ok {
            return Some(format!("`{tag}` is not a valid tag"));
        }
    }
    let mut components: Vec<&str> = path.split('/').collect();
    // The first component is a registry host when it has a `.` or `:` or is
    // `localhost`; hosts may use uppercase, repository paths may not.
    if components.len() > 1 && (components[0].contains(['.', ':']) || components[0] == "localhost")
    {
        components.remove(0);
    }
    for component in components {
        let ok = !component.is_empty()
            && component.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && component
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
        if !ok {
            return Some(format!(
                "`{component}` is not a repository path component (lowercase letters, digits, `.`, `_`, `-`)"
            ));
        }
    }
    None
}

pub fn codebuild_image(stack: &StackDef) -> Vec<Finding> {
    projects(stack)
        .filter_map(|(resource, project)| {
            let (message, help) = image_problem(&project.image)?;
            Some(
                Finding::error("codebuild-image", Path::new(&resource.id, "image"), message)
                    .with_help(help),
            )
        })
        .collect()
}

pub fn codebuild_timeout(stack: &StackDef) -> Vec<Finding> {
    projects(stack)
        .filter(|(_, p)| !TIMEOUT_MINUTES.contains(&p.timeout_minutes))
        .map(|(resource, project)| {
            Finding::error(
                "codebuild-timeout",
                Path::new(&resource.id, "timeout_minutes"),
                format!(
                    "CodeBuild does not accept a timeout of {} minutes",
                    project.timeout_minutes
                ),
            )
            .with_help(format!(
                "the timeout must be from {} to {} minutes",
                TIMEOUT_MINUTES.start(),
                TIMEOUT_MINUTES.end()
            ))
        })
        .collect()
}

/// Whether a buildspec runs the `docker` command (as a word, so that
/// `docker-build-project` in a name does not count).
fn runs_docker(buildspec: &str) -> bool {
    buildspec.match_indices("docker").any(|(i, _)| {
        let before = buildspec[..i].chars().next_back();
        let after = buildspec[i + "docker".len()..].chars().next();
        let boundary_before = before.is_none_or(|c| c.is_whitespace() || "-;|&(`\"'".contains(c));
        let boundary_after = after.is_none_or(char::is_whitespace);
        boundary_before && boundary_after
    })
}

/// A build that runs Docker needs the daemon that privileged mode starts.
pub fn privileged_for_docker(stack: &StackDef) -> Vec<Finding> {
    projects(stack)
        .filter(|(_, p)| !p.privileged && runs_docker(&p.buildspec))
        .map(|(resource, _)| {
            Finding::warning(
                "privileged-docker",
                Path::new(&resource.id, "buildspec"),
                "the buildspec runs `docker`, but the project is not privileged, so no Docker daemon runs".into(),
            )
            .with_help("add `privileged` to the project")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ComputeType;

    #[test]
    fn curated_images() {
        for good in [
            "aws/codebuild/standard:7.0",
            "aws/codebuild/standard:8.0",
            "aws/codebuild/amazonlinux2-x86_64-standard:5.0",
            "aws/codebuild/amazonlinux-x86_64-standard:5.0",
            "aws/codebuild/amazonlinux2-x86_64-standard:corretto11",
        ] {
            assert_eq!(image_problem(good), None, "{good}");
        }
        let (message, _) = image_problem("aws/codebuild/standard:4.0").unwrap();
        assert!(message.contains("retired"));
        let (_, help) = image_problem("aws/codebuild/standrd:7.0").unwrap();
        assert_eq!(help, "did you mean `aws/codebuild/standard:7.0`?");
        let (message, _) =
            image_problem("aws/codebuild/amazonlinux2-aarch64-standard:3.0").unwrap();
        assert!(message.contains("Linux x86"));
        assert!(image_problem("aws/codebuild/standard").is_some());
    }

    #[test]
    fn registry_images() {
        for good in [
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/builder:1.2",
            "public.ecr.aws/docker/library/rust:1.95",
            "rust:1.95-slim",
            "localhost:5000/team/img",
            "ubuntu@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(image_problem(good), None, "{good}");
        }
        for bad in [
            "Ubuntu:22.04",
            "rust:",
            "rust:-x",
            "my image",
            "",
            "x@sha256:12",
        ] {
            assert!(image_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn docker_word_detection() {
        assert!(runs_docker("commands:\n  - docker build -t x ."));
        assert!(runs_docker("- $(aws ecr get-login) && docker push x"));
        assert!(!runs_docker("echo docker-build-project"));
        assert!(!runs_docker("cargo build"));
    }

    fn stack(project: Project) -> StackDef {
        StackDef::new(
            "s",
            vec![Resource::new("Build", ResourceKind::Project(project))],
        )
    }

    fn project() -> Project {
        Project {
            name: None,
            compute: ComputeType::Small,
            image: "aws/codebuild/standard:7.0".into(),
            privileged: true,
            role: "Role".into(),
            logs: None,
            pushes_to: None,
            buildspec: "version: 0.2\nphases:\n  build:\n    commands:\n      - docker build .\n"
                .into(),
            timeout_minutes: 60,
            environment: Default::default(),
        }
    }

    #[test]
    fn project_rules() {
        let good = stack(project());
        assert!(codebuild_image(&good).is_empty());
        assert!(codebuild_timeout(&good).is_empty());
        assert!(privileged_for_docker(&good).is_empty());

        let mut p = project();
        p.privileged = false;
        p.timeout_minutes = 3;
        p.image = "aws/codebuild/ubuntu-base:14.04".into();
        let s = stack(p);
        assert_eq!(
            privileged_for_docker(&s)[0].severity,
            crate::rules::Severity::Warning
        );
        assert_eq!(
            codebuild_timeout(&s)[0].field_text().as_deref(),
            Some("timeout_minutes")
        );
        assert_eq!(
            codebuild_image(&s)[0].field_text().as_deref(),
            Some("image")
        );
    }
}
