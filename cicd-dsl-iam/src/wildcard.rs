//! What an action pattern such as `s3:Get*` grants.

use crate::catalog::{Action, all_actions, service_actions};

/// IAM action matching: `*` is any run of characters, `?` exactly one, and
/// the comparison ignores ASCII case (IAM treats action names that way).
pub(crate) fn action_glob_matches(pattern: &str, name: &str) -> bool {
    let pattern = pattern.as_bytes();
    let name = name.as_bytes();
    let (mut p, mut n) = (0, 0);
    // Where the last `*` was and how much of `name` it has swallowed so far:
    // on a mismatch it takes one more byte and matching resumes after it.
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(&c) if c == b'?' || c.eq_ignore_ascii_case(&name[n]) => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((star_p, star_n)) => {
                    p = star_p + 1;
                    n = star_n + 1;
                    star = Some((star_p, star_n + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// The catalog actions an `Action` element pattern grants, e.g. `s3:Get*`,
/// `logs:Put*Events`, `sts:AssumeRole?ith*`, or `*`. A pattern without
/// wildcards returns the one action it names (or nothing). The service part
/// may be a wildcard too; actions of services outside the catalog are not
/// returned, so an empty result means the pattern grants nothing the catalog
/// knows of (a typo, or an unsupported service).
pub fn expand_wildcard(pattern: &str) -> Vec<&'static Action> {
    // When the service is spelled out, only its slice needs scanning.
    let candidates = match pattern.split_once(':') {
        Some((service, _)) if !service.contains(['*', '?']) => service_actions(service),
        _ => all_actions(),
    };
    candidates
        .iter()
        .filter(|action| action_glob_matches(pattern, action.name))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{AccessLevel, lookup_action};

    fn names(pattern: &str) -> Vec<&'static str> {
        expand_wildcard(pattern).iter().map(|a| a.name).collect()
    }

    #[test]
    fn glob_semantics() {
        assert!(action_glob_matches("s3:Get*", "s3:GetObject"));
        assert!(action_glob_matches("S3:get*", "s3:GetObject"));
        assert!(action_glob_matches("s3:*", "s3:GetObject"));
        assert!(action_glob_matches("*", "s3:GetObject"));
        assert!(action_glob_matches("s3:GetObjec?", "s3:GetObject"));
        assert!(action_glob_matches("s3:*Object", "s3:GetObject"));
        assert!(action_glob_matches("s3:G*t*t", "s3:GetObject"));
        assert!(!action_glob_matches("s3:Get", "s3:GetObject"));
        assert!(!action_glob_matches("s3:GetObject?", "s3:GetObject"));
        assert!(!action_glob_matches("s3:Put*", "s3:GetObject"));
        assert!(!action_glob_matches("s*:Get*", "ecr:GetAuthorizationToken"));
    }

    #[test]
    fn s3_get_star_is_every_s3_get_action_and_only_those() {
        let expanded = expand_wildcard("s3:Get*");
        assert!(
            expanded.len() > 50,
            "s3 has many Get actions, got {}",
            expanded.len()
        );
        assert!(
            expanded
                .iter()
                .all(|a| a.service == "s3" && a.action_name().starts_with("Get"))
        );
        let names: Vec<_> = expanded.iter().map(|a| a.name).collect();
        assert!(names.contains(&"s3:GetObject"));
        assert!(names.contains(&"s3:GetBucketVersioning"));
        assert!(!names.contains(&"s3:PutObject"));
        assert!(!names.contains(&"s3:ListBucket"));
    }

    #[test]
    fn service_star_grants_the_whole_service() {
        let ecr = expand_wildcard("ecr:*");
        assert_eq!(ecr.len(), crate::service_actions("ecr").len());
        assert!(ecr.iter().any(|a| a.name == "ecr:PutImage"));
        // What a reviewer wants to know about `ecr:*`: it includes policy changes.
        assert!(
            ecr.iter()
                .any(|a| a.access == AccessLevel::PermissionsManagement)
        );
    }

    #[test]
    fn star_alone_is_the_whole_catalog() {
        assert_eq!(expand_wildcard("*").len(), all_actions().len());
    }

    #[test]
    fn exact_name_expands_to_itself() {
        assert_eq!(names("sts:AssumeRole"), vec!["sts:AssumeRole"]);
        assert_eq!(names("sts:assumerole"), vec!["sts:AssumeRole"]);
    }

    #[test]
    fn middle_and_service_wildcards() {
        assert_eq!(names("logs:Put*Events"), vec!["logs:PutLogEvents"]);
        let assume = names("sts:AssumeRole*");
        assert!(assume.contains(&"sts:AssumeRole"));
        assert!(assume.contains(&"sts:AssumeRoleWithWebIdentity"));
        let put_events = names("*:PutEvents");
        assert_eq!(put_events, vec!["events:PutEvents"]);
    }

    #[test]
    fn unknown_service_or_no_match_is_empty() {
        assert!(expand_wildcard("ec2:*").is_empty());
        assert!(expand_wildcard("s3:Frobnicate*").is_empty());
        assert!(lookup_action("s3:Get*").is_none());
    }
}
