//! What `watch` watches: the files the builds of the stack's cargo
//! functions read (each package, its path dependencies, the workspace
//! manifest, cargo config, `Cargo.lock`), polled by modification time and
//! size. Polling a few hundred files twice a second costs next to nothing
//! and needs no file-notification dependency; a save is taken once the
//! files have held still for [`SETTLE`], so an editor's several writes (or
//! a `git checkout`) make one rebuild.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often the files are looked at.
pub const POLL: Duration = Duration::from_millis(250);
/// How long the files must stay unchanged before a save counts.
pub const SETTLE: Duration = Duration::from_millis(300);

/// The watched files of some packages of one workspace.
pub struct Sources {
    pub workspace_root: PathBuf,
    pub packages: BTreeSet<String>,
}

/// Each watched file's modification time and size; or, when the files
/// cannot be listed (a `Cargo.toml` saved half-written), why, which is a
/// state of its own: the build that follows says what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Snapshot {
    Files(BTreeMap<PathBuf, (Option<SystemTime>, u64)>),
    Unreadable(String),
}

impl Sources {
    pub fn snapshot(&self) -> Snapshot {
        let mut files = BTreeMap::new();
        for package in &self.packages {
            let listed = match cicd_dsl_assets::source_files(&self.workspace_root, package) {
                Ok(listed) => listed,
                Err(error) => return Snapshot::Unreadable(error.to_string()),
            };
            for path in listed {
                // A file removed between listing and reading is a change
                // the next poll sees.
                let stamp = std::fs::metadata(&path)
                    .map(|m| (m.modified().ok(), m.len()))
                    .unwrap_or((None, 0));
                files.insert(path, stamp);
            }
        }
        Snapshot::Files(files)
    }

    /// How many files are watched, for the opening line.
    pub fn count(snapshot: &Snapshot) -> usize {
        match snapshot {
            Snapshot::Files(files) => files.len(),
            Snapshot::Unreadable(_) => 0,
        }
    }

    /// What changed from `before` to `after`, as the cycle's line names
    /// it: the first changed file relative to the workspace, and how many
    /// more.
    pub fn describe_change(&self, before: &Snapshot, after: &Snapshot) -> String {
        let (Snapshot::Files(before), Snapshot::Files(after)) = (before, after) else {
            return match after {
                Snapshot::Unreadable(why) => format!("unreadable sources ({why})"),
                Snapshot::Files(_) => "sources readable again".to_owned(),
            };
        };
        let changed: Vec<&PathBuf> = before
            .keys()
            .chain(after.keys())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter(|path| before.get(*path) != after.get(*path))
            .collect();
        let name = |path: &Path| {
            path.strip_prefix(&self.workspace_root)
                .unwrap_or(path)
                .display()
                .to_string()
        };
        match changed.as_slice() {
            [] => "no file".to_owned(),
            [one] => name(one),
            [first, rest @ ..] => format!("{} and {} more", name(first), rest.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(files: &[(&str, u64)]) -> Snapshot {
        Snapshot::Files(
            files
                .iter()
                .map(|(path, size)| (PathBuf::from(format!("/ws/{path}")), (None, *size)))
                .collect(),
        )
    }

    #[test]
    fn a_change_is_named_by_its_first_file_relative_to_the_workspace() {
        let sources = Sources {
            workspace_root: PathBuf::from("/ws"),
            packages: BTreeSet::new(),
        };
        let before = snapshot(&[("f/src/main.rs", 1), ("f/Cargo.toml", 2)]);
        let edited = snapshot(&[("f/src/main.rs", 5), ("f/Cargo.toml", 2)]);
        assert_eq!(sources.describe_change(&before, &edited), "f/src/main.rs");
        let added = snapshot(&[
            ("f/src/main.rs", 5),
            ("f/Cargo.toml", 3),
            ("f/src/new.rs", 1),
        ]);
        assert_eq!(
            sources.describe_change(&before, &added),
            "f/Cargo.toml and 2 more"
        );
    }
}
