//! The part of `Cargo.lock` one package's build reads: the locked entries of
//! its dependency closure. The asset fingerprint hashes only these, so an
//! unrelated lock change (another member gaining a dependency) leaves the
//! function's fingerprint, and its cached zip, as they were.
//!
//! Cargo writes the lock file in one fixed layout (`[[package]]` tables of
//! `name`, `version`, `source`, `checksum` and a `dependencies` array of
//! `"name"`, `"name version"` or `"name version (source)"`); reading that
//! layout directly keeps the warm synth path from parsing 100 KB of TOML.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One `[[package]]` entry, borrowing from the lock file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LockedPackage<'a> {
    name: &'a str,
    version: &'a str,
    /// `None` for workspace members and path dependencies.
    source: Option<&'a str>,
    dependencies: Vec<&'a str>,
    /// The entry's lines as written, which is what gets hashed.
    text: &'a str,
}

/// The entries of `package`'s dependency closure, each as its text in the
/// lock file, in lock-file order. For a local package (no `source`) found in
/// `build_dependencies`, only the dependencies named there are followed: the
/// lock lists a local package's dev-dependencies too. `None` when the lock
/// has no local package of that name (the caller then hashes the whole
/// file, which is never wrong, only coarser).
pub fn locked_closure<'a>(
    lock: &'a str,
    package: &str,
    build_dependencies: &BTreeMap<String, BTreeSet<String>>,
) -> Option<Vec<&'a str>> {
    let packages = parse(lock);
    // Each reference is looked up by name: a scan of the ~600 entries per
    // reference was half of a warm debug synth.
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, entry) in packages.iter().enumerate() {
        by_name.entry(entry.name).or_default().push(index);
    }
    let mut included = vec![false; packages.len()];
    let mut pending: Vec<usize> = packages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.name == package && p.source.is_none())
        .map(|(i, _)| i)
        .collect();
    if pending.is_empty() {
        return None;
    }
    while let Some(index) = pending.pop() {
        if std::mem::replace(&mut included[index], true) {
            continue;
        }
        let entry = &packages[index];
        let followed = match entry.source {
            None => build_dependencies.get(entry.name),
            Some(_) => None,
        };
        for dependency in &entry.dependencies {
            let name = dependency.split(' ').next().unwrap_or_default();
            if followed.is_none_or(|names| names.contains(name)) {
                pending.extend(resolve(&packages, &by_name, dependency));
            }
        }
    }
    Some(
        packages
            .iter()
            .zip(included)
            .filter(|(_, keep)| *keep)
            .map(|(p, _)| p.text)
            .collect(),
    )
}

/// Whether the lock file has a package named `name` (a member, a path or a
/// registry dependency): cargo's `-p name` then selects it.
pub fn lists(lock: &str, name: &str) -> bool {
    parse(lock).iter().any(|p| p.name == name)
}

/// The entries a dependency reference may mean: by name, narrowed by the
/// version and source when the reference gives them. An ambiguous reference
/// keeps every candidate, so the closure only ever errs on the large side.
fn resolve(
    packages: &[LockedPackage<'_>],
    by_name: &HashMap<&str, Vec<usize>>,
    reference: &str,
) -> Vec<usize> {
    let mut words = reference.splitn(3, ' ');
    let name = words.next().unwrap_or_default();
    let version = words.next();
    let source = words
        .next()
        .map(|s| s.trim_start_matches('(').trim_end_matches(')'));
    by_name
        .get(name)
        .into_iter()
        .flatten()
        .copied()
        .filter(|&i| version.is_none_or(|v| packages[i].version == v))
        .filter(|&i| source.is_none_or(|s| packages[i].source == Some(s)))
        .collect()
}

/// Every `[[package]]` entry of the lock file's text.
fn parse(lock: &str) -> Vec<LockedPackage<'_>> {
    let mut packages = Vec::new();
    let mut rest = lock;
    while let Some(start) = rest.find("[[package]]") {
        let body = &rest[start..];
        // An entry ends where the next table (`[[package]]`, `[metadata]`) starts.
        let end = body[1..]
            .find("\n[")
            .map_or(body.len(), |offset| offset + 2);
        packages.push(parse_entry(&body[..end]));
        rest = &body[end..];
    }
    packages
}

fn parse_entry(text: &str) -> LockedPackage<'_> {
    let mut entry = LockedPackage {
        name: "",
        version: "",
        source: None,
        dependencies: Vec::new(),
        text: text.trim_end(),
    };
    let mut in_dependencies = false;
    for line in text.lines().map(str::trim) {
        if in_dependencies {
            in_dependencies = !line.starts_with(']');
            entry.dependencies.extend(quoted(line));
            continue;
        }
        match line.split_once(" = ") {
            Some(("name", value)) => entry.name = unquote(value),
            Some(("version", value)) => entry.version = unquote(value),
            Some(("source", value)) => entry.source = Some(unquote(value)),
            Some(("dependencies", value)) => {
                in_dependencies = !value.contains(']');
                entry.dependencies.extend(quoted(value));
            }
            _ => {}
        }
    }
    entry
}

fn unquote(value: &str) -> &str {
    value.trim().trim_matches('"')
}

/// The double-quoted strings of one line of an array.
fn quoted(line: &str) -> impl Iterator<Item = &str> {
    line.split('"').skip(1).step_by(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"# This file is automatically @generated by Cargo.
version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "serde",
 "util",
]

[[package]]
name = "other"
version = "0.1.0"
dependencies = [
 "rand 0.9.0",
]

[[package]]
name = "rand"
version = "0.8.5"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "aaaa"

[[package]]
name = "rand"
version = "0.9.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "bbbb"

[[package]]
name = "serde"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "cccc"

[[package]]
name = "util"
version = "0.1.0"
dependencies = ["rand 0.8.5 (registry+https://github.com/rust-lang/crates.io-index)"]
"#;

    fn no_filter() -> BTreeMap<String, BTreeSet<String>> {
        BTreeMap::new()
    }

    fn names(lock: &str, package: &str) -> Vec<String> {
        locked_closure(lock, package, &no_filter())
            .unwrap()
            .iter()
            .map(|text| {
                let entry = parse_entry(text);
                format!("{} {}", entry.name, entry.version)
            })
            .collect()
    }

    #[test]
    fn closure_follows_dependencies_by_name_version_and_source() {
        assert_eq!(
            names(LOCK, "app"),
            ["app 0.1.0", "rand 0.8.5", "serde 1.0.0", "util 0.1.0"]
        );
        assert_eq!(names(LOCK, "other"), ["other 0.1.0", "rand 0.9.0"]);
    }

    #[test]
    fn an_entry_is_hashed_as_written() {
        let closure = locked_closure(LOCK, "other", &no_filter()).unwrap();
        assert!(closure[1].starts_with("[[package]]\nname = \"rand\""));
        assert!(closure[1].ends_with("checksum = \"bbbb\""));
    }

    #[test]
    fn a_package_missing_from_the_lock_has_no_closure() {
        assert_eq!(locked_closure(LOCK, "absent", &no_filter()), None);
        // A registry crate of that name is no workspace member.
        assert_eq!(locked_closure(LOCK, "serde", &no_filter()), None);
    }

    #[test]
    fn a_local_packages_dev_dependencies_are_not_followed() {
        let build = BTreeMap::from([("app".to_owned(), BTreeSet::from(["util".to_owned()]))]);
        let closure = locked_closure(LOCK, "app", &build).unwrap();
        let names: Vec<&str> = closure.iter().map(|t| parse_entry(t).name).collect();
        assert_eq!(names, ["app", "rand", "util"], "serde was a dev-dependency");
    }
}
