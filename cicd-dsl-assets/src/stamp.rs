//! A stat-keyed shortcut past the fingerprint, as cargo and git keep one:
//! while every file and directory the last full fingerprint read still has
//! the size, times and inode it had then (and what was absent is still
//! absent), with the same build settings and environment, the recorded
//! fingerprint is reused without reading, parsing or hashing anything.
//!
//! A directory's entry catches an added, removed or renamed file (each
//! changes its directory's modification time). The change time catches an
//! edit whose tool restored the modification time (`touch -d`, `rsync -t`,
//! `tar`). An entry modified less than [`RACY_WINDOW`] before the reads
//! began makes no stamp: file times are only as fine as the kernel's clock
//! tick (or a second, or two, on some file systems), so an edit made within
//! the same tick could leave every recorded number as it was. The next full
//! fingerprint, once the file has aged, records the stamp.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::fingerprint::{hash_field, hash_settings, hex};

/// How recent a modification makes a stamp untrustworthy: two seconds covers
/// the coarsest common timestamp granularity (FAT's) as well as a tick.
pub const RACY_WINDOW: Duration = Duration::from_secs(2);

/// What one full fingerprint read, stat by stat, kept in the asset's cache
/// record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputStamp {
    /// [`stamp_key`] of the workspace root, build settings and environment.
    pub key: String,
    pub entries: Vec<StampEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StampEntry {
    pub path: String,
    /// `None`: the path did not exist (a workspace input such as
    /// `.cargo/config.toml` that must stay absent).
    pub stat: Option<FileStat>,
}

/// The numbers of a file or directory that any change to it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStat {
    pub len: u64,
    pub modified_ns: i128,
    /// Inode change time (0 where the platform has none): set by the kernel
    /// on every write, so a tool that restores the modification time after
    /// an edit still changes it.
    pub changed_ns: i128,
    pub inode: u64,
}

impl FileStat {
    fn of(metadata: &fs::Metadata) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |secs: i64, nanos: i64| i128::from(secs) * 1_000_000_000 + i128::from(nanos);
            Self {
                len: metadata.len(),
                modified_ns: ns(metadata.mtime(), metadata.mtime_nsec()),
                changed_ns: ns(metadata.ctime(), metadata.ctime_nsec()),
                inode: metadata.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            Self {
                len: metadata.len(),
                modified_ns: metadata.modified().map_or(0, |t| ns_since_epoch(t)),
                changed_ns: 0,
                inode: 0,
            }
        }
    }

    /// The current stat of `path`; `Ok(None)` when it does not exist.
    fn current(path: &Path) -> std::io::Result<Option<Self>> {
        match fs::metadata(path) {
            Ok(metadata) => Ok(Some(Self::of(&metadata))),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(err) => Err(err),
        }
    }
}

fn ns_since_epoch(time: SystemTime) -> i128 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    }
}

/// Identifies what, besides the files, a fingerprint depends on: a stamp
/// recorded under other settings or environment values never holds.
pub fn stamp_key(
    workspace_root: &Path,
    recipe: &[(&str, &str)],
    env: &[(&str, OsString)],
) -> String {
    let mut hasher = Sha256::new();
    hash_field(
        &mut hasher,
        b"root",
        b"",
        workspace_root.as_os_str().as_encoded_bytes(),
    );
    hash_settings(&mut hasher, recipe, env);
    hex(&hasher.finalize())
}

impl InputStamp {
    /// True when the stamp was recorded under `key` and every entry's path
    /// still stats as recorded.
    pub fn holds(&self, key: &str) -> bool {
        self.key == key
            && self.entries.iter().all(|entry| {
                FileStat::current(Path::new(&entry.path)).is_ok_and(|now| now == entry.stat)
            })
    }
}

/// Collects the stat of every path a fingerprint reads, each taken before
/// the read, so a change made between the stat and the read leaves a stamp
/// that no longer holds (a needless re-hash next time), never one that
/// vouches for content it did not see.
pub struct Reads {
    started_ns: i128,
    seen: BTreeMap<PathBuf, Option<FileStat>>,
    /// A path that could not be inspected, or is not UTF-8: no stamp.
    unusable: bool,
    /// Off for callers that only want the file list (`source_files`).
    enabled: bool,
}

impl Reads {
    pub fn new() -> Self {
        Self {
            started_ns: ns_since_epoch(SystemTime::now()),
            seen: BTreeMap::new(),
            unusable: false,
            enabled: true,
        }
    }

    /// A recorder that notes nothing.
    pub fn ignoring() -> Self {
        Self {
            enabled: false,
            ..Self::new()
        }
    }

    /// Call before reading or listing `path` (or finding it absent). The
    /// first stat of a path is kept: it is the oldest view of it.
    pub fn note(&mut self, path: &Path) {
        if !self.enabled || self.seen.contains_key(path) {
            return;
        }
        match FileStat::current(path) {
            Ok(stat) => {
                self.seen.insert(path.to_owned(), stat);
            }
            Err(_) => self.unusable = true,
        }
    }

    /// The stamp of everything noted, unless an entry was modified within
    /// [`RACY_WINDOW`] of the start (or after it: a clock ahead of ours).
    pub fn into_stamp(self, key: String) -> Option<InputStamp> {
        if !self.enabled || self.unusable {
            return None;
        }
        let trusted_before = self.started_ns - RACY_WINDOW.as_nanos() as i128;
        let mut entries = Vec::with_capacity(self.seen.len());
        for (path, stat) in self.seen {
            if stat.is_some_and(|s| s.modified_ns >= trusted_before) {
                return None;
            }
            entries.push(StampEntry {
                path: path.into_os_string().into_string().ok()?,
                stat,
            });
        }
        Some(InputStamp { key, entries })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_modified(path: &Path, ago: Duration) {
        let file = fs::File::open(path).unwrap();
        file.set_modified(SystemTime::now() - ago).unwrap();
    }

    fn stamp_of(paths: &[&Path]) -> Option<InputStamp> {
        let mut reads = Reads::new();
        for path in paths {
            reads.note(path);
        }
        reads.into_stamp("key".into())
    }

    #[test]
    fn a_file_modified_within_the_racy_window_leaves_no_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.rs");
        let fresh = dir.path().join("fresh.rs");
        fs::write(&old, "old\n").unwrap();
        fs::write(&fresh, "fresh\n").unwrap();
        set_modified(&old, Duration::from_secs(3600));
        assert!(stamp_of(&[&old]).is_some(), "an aged file is trusted");
        assert_eq!(stamp_of(&[&old, &fresh]), None, "just written");

        set_modified(&fresh, RACY_WINDOW - Duration::from_millis(500));
        assert_eq!(stamp_of(&[&old, &fresh]), None, "inside the window");
        let future = fs::File::open(&fresh).unwrap();
        future
            .set_modified(SystemTime::now() + Duration::from_secs(60))
            .unwrap();
        assert_eq!(stamp_of(&[&old, &fresh]), None, "a clock ahead of ours");
    }

    #[test]
    fn an_absent_path_must_stay_absent() {
        let dir = tempfile::tempdir().unwrap();
        let absent = dir.path().join("config.toml");
        let stamp = stamp_of(&[&absent]).unwrap();
        assert_eq!(stamp.entries[0].stat, None);
        assert!(stamp.holds("key"));
        assert!(!stamp.holds("other key"), "another key never holds");
        fs::write(&absent, "").unwrap();
        assert!(!stamp.holds("key"));
    }

    #[test]
    fn an_edit_that_restores_the_modification_time_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lib.rs");
        fs::write(&file, "one\n").unwrap();
        set_modified(&file, Duration::from_secs(3600));
        let before = fs::metadata(&file).unwrap().modified().unwrap();
        let stamp = stamp_of(&[&file]).unwrap();
        assert!(stamp.holds("key"));

        // Same size, same modification time: only the change time moves.
        std::thread::sleep(Duration::from_millis(20));
        fs::write(&file, "two\n").unwrap();
        fs::File::open(&file).unwrap().set_modified(before).unwrap();
        assert_eq!(fs::metadata(&file).unwrap().modified().unwrap(), before);
        assert!(!stamp.holds("key"));
    }

    #[test]
    fn an_ignoring_recorder_makes_no_stamp() {
        let mut reads = Reads::ignoring();
        reads.note(Path::new("/"));
        assert_eq!(reads.into_stamp("key".into()), None);
    }

    #[test]
    fn the_key_covers_root_settings_and_environment() {
        let root = Path::new("/ws");
        let recipe = [("bin", "bootstrap")];
        let env = |flags: &str| vec![("RUSTFLAGS", OsString::from(flags))];
        let base = stamp_key(root, &recipe, &env(""));
        assert_eq!(base, stamp_key(root, &recipe, &env("")));
        assert_ne!(base, stamp_key(Path::new("/other"), &recipe, &env("")));
        assert_ne!(base, stamp_key(root, &[("bin", "other")], &env("")));
        assert_ne!(base, stamp_key(root, &recipe, &env("-Ctarget-cpu=native")));
    }
}
