//! One asset build at a time per target dir, from cargo's start until the
//! executable is read: cargo copies each binary to `<profile>/<bin>`, so
//! two packages' binaries of one name (every function's `bootstrap`), or
//! two copies of one workspace sharing a target dir, would otherwise
//! replace each other's between one build's end and its packaging. Cargo
//! serializes builds in one target dir anyway; this only widens the span.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::error::AssetError;

const LOCK_FILE: &str = ".cicd-dsl-asset-build.lock";

/// Held while alive; the lock goes with the file handle.
pub struct BuildLock {
    _file: File,
}

impl BuildLock {
    /// Waits for the lock of `target_dir`, calling `waiting` once if
    /// another build holds it (so the user sees why nothing moves).
    pub fn acquire(target_dir: &Path, waiting: &dyn Fn(&str)) -> Result<Self, AssetError> {
        std::fs::create_dir_all(target_dir)
            .map_err(|source| AssetError::io("creating", target_dir, source))?;
        let path = target_dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| AssetError::io("opening", &path, source))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                waiting(&format!(
                    "waiting for another function build in {}",
                    target_dir.display()
                ));
                file.lock()
                    .map_err(|source| AssetError::io("locking", &path, source))?;
            }
            Err(TryLockError::Error(source)) => {
                return Err(AssetError::io("locking", &path, source));
            }
        }
        Ok(Self { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::BuildLock;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, mpsc};

    #[test]
    fn a_second_build_waits_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let first = BuildLock::acquire(dir.path(), &|_| panic!("nobody holds it")).unwrap();
        let (said, heard) = mpsc::channel();
        let acquired = Arc::new(AtomicBool::new(false));
        let second = {
            let path = dir.path().to_path_buf();
            let acquired = acquired.clone();
            std::thread::spawn(move || {
                let lock = BuildLock::acquire(&path, &|line| said.send(line.to_owned()).unwrap());
                acquired.store(true, Ordering::SeqCst);
                lock.map(|_| ())
            })
        };
        let line = heard.recv().unwrap();
        assert!(
            line.starts_with("waiting for another function build"),
            "{line}"
        );
        assert!(!acquired.load(Ordering::SeqCst), "the lock is still held");
        drop(first);
        second.join().unwrap().unwrap();
        assert!(acquired.load(Ordering::SeqCst));
    }
}
