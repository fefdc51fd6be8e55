/// Applies the configured prefix to an explicit physical name. Path-like
/// names (log groups) get it after the last `/`, so that
/// `/aws/codebuild/build` with prefix `dev-` becomes
/// `/aws/codebuild/dev-build`, matching the prefixed project's own name.
pub fn physical_name(name: &str, prefix: &str) -> String {
    match name.rfind('/') {
        Some(slash) => format!("{}{}{}", &name[..=slash], prefix, &name[slash + 1..]),
        None => format!("{prefix}{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::physical_name;

    #[test]
    fn prefix_goes_before_the_name() {
        assert_eq!(
            physical_name("docker-image-repo", "dev-"),
            "dev-docker-image-repo"
        );
        assert_eq!(physical_name("repo", ""), "repo");
    }

    #[test]
    fn prefix_goes_after_the_last_slash_of_a_path() {
        assert_eq!(
            physical_name("/aws/codebuild/docker-build-project", "dev-"),
            "/aws/codebuild/dev-docker-build-project"
        );
    }
}
