//! A directory as a zip whose bytes depend only on the files' paths,
//! contents and execute bits: entries sorted by path, every timestamp
//! 1980-01-01, fixed modes. The same tree always uploads the same bytes,
//! so its SHA-256 says whether a source really changed.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Directories never worth shipping to a build.
const SKIPPED_DIRS: [&str; 1] = [".git"];

#[derive(Debug, thiserror::Error)]
pub enum SourceZipError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a directory", .0.display())]
    NotADirectory(PathBuf),
    #[error("{} holds no files to upload", .0.display())]
    Empty(PathBuf),
    #[error("writing the zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("{} has a path that is not UTF-8", .0.display())]
    NotUtf8(PathBuf),
}

/// What went into the archive.
pub struct SourceZip {
    pub bytes: Vec<u8>,
    pub files: usize,
}

pub fn zip_directory(dir: &Path) -> Result<SourceZip, SourceZipError> {
    if !dir.is_dir() {
        return Err(SourceZipError::NotADirectory(dir.to_path_buf()));
    }
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    if files.is_empty() {
        return Err(SourceZipError::Empty(dir.to_path_buf()));
    }
    files.sort();
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, path) in &files {
        let contents = std::fs::read(path).map_err(|source| SourceZipError::Read {
            path: path.clone(),
            source,
        })?;
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default())
            .unix_permissions(if is_executable(path) { 0o755 } else { 0o644 });
        writer.start_file(name.as_str(), options)?;
        writer
            .write_all(&contents)
            .map_err(|source| SourceZipError::Read {
                path: path.clone(),
                source,
            })?;
    }
    let bytes = writer.finish()?.into_inner();
    Ok(SourceZip {
        bytes,
        files: files.len(),
    })
}

/// Every regular file under `dir` as (`a/b.txt`-style name, path).
fn collect(
    root: &Path,
    dir: &Path,
    files: &mut Vec<(String, PathBuf)>,
) -> Result<(), SourceZipError> {
    let read = |path: &Path, source| SourceZipError::Read {
        path: path.to_path_buf(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(|e| read(dir, e))? {
        let path = entry.map_err(|e| read(dir, e))?.path();
        let meta = std::fs::metadata(&path).map_err(|e| read(&path, e))?;
        if meta.is_dir() {
            let skipped = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| SKIPPED_DIRS.contains(&n));
            if !skipped {
                collect(root, &path, files)?;
            }
        } else if meta.is_file() {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let parts: Option<Vec<&str>> = relative
                .components()
                .map(|c| c.as_os_str().to_str())
                .collect();
            let name = parts
                .ok_or_else(|| SourceZipError::NotUtf8(path.clone()))?
                .join("/");
            files.push((name, path));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_path: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn same_tree_same_bytes_and_every_file_readable_back() {
        let files = [
            ("Dockerfile", "FROM scratch\n"),
            ("src/app.txt", "hello"),
            (".git/HEAD", "ref: x"),
        ];
        let first = tree(&files);
        let zipped = zip_directory(first.path()).unwrap();
        // Written in another order, at another time: the bytes must not move.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let second = tree(&[files[1], files[0]]);
        assert_eq!(zip_directory(second.path()).unwrap().bytes, zipped.bytes);

        assert_eq!(zipped.files, 2, ".git is left out");
        let mut archive = zip::ZipArchive::new(Cursor::new(zipped.bytes)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().into_owned())
            .collect();
        assert_eq!(names, ["Dockerfile", "src/app.txt"]);
        let mut text = String::new();
        archive
            .by_name("src/app.txt")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "hello");
    }

    #[test]
    fn a_changed_file_changes_the_bytes() {
        let a = zip_directory(tree(&[("f", "1")]).path()).unwrap();
        let b = zip_directory(tree(&[("f", "2")]).path()).unwrap();
        assert_ne!(a.bytes, b.bytes);
    }

    #[test]
    fn an_empty_or_missing_directory_is_refused() {
        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            zip_directory(empty.path()),
            Err(SourceZipError::Empty(_))
        ));
        assert!(matches!(
            zip_directory(&empty.path().join("nope")),
            Err(SourceZipError::NotADirectory(_))
        ));
    }
}
