//! `deploy --outputs-file PATH`: the stack's outputs as JSON, in the AWS
//! CDK's layout (`{"<stack>": {"<key>": "<value>"}}`), so scripts written
//! for `cdk deploy --outputs-file` read it unchanged.

use super::CliError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A path checked to be writable before the deploy starts, so a typo
/// costs nothing.
#[derive(Debug, Clone)]
pub struct OutputsFile(PathBuf);

impl OutputsFile {
    /// Refuses a path whose folder is missing, that is a folder, or that
    /// cannot be written. A file the check had to create is removed again.
    pub fn check(path: &Path) -> Result<OutputsFile, CliError> {
        let refuse = |why: String| {
            CliError::Io(format!(
                "--outputs-file {}: cannot be written ({why})",
                path.display()
            ))
        };
        if path.is_dir() {
            return Err(refuse("it is a folder".to_owned()));
        }
        let existed = path.exists();
        std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| refuse(e.to_string()))?;
        if !existed {
            let _ = std::fs::remove_file(path);
        }
        Ok(OutputsFile(path.to_path_buf()))
    }

    /// Writes the outputs of `stack`, replacing what the file held.
    pub fn write(&self, stack: &str, outputs: &BTreeMap<String, String>) -> Result<(), CliError> {
        let document = serde_json::json!({ stack: outputs });
        std::fs::write(&self.0, format!("{document:#}\n")).map_err(|e| {
            CliError::Io(format!(
                "--outputs-file {}: cannot be written ({e}); the deploy itself succeeded",
                self.0.display()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_is_refused_and_a_good_path_is_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder/outputs.json");
        let error = OutputsFile::check(&missing).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!(
                "--outputs-file {}: cannot be written (",
                missing.display()
            )),
            "{error}"
        );
        let folder = OutputsFile::check(dir.path()).unwrap_err().to_string();
        assert!(folder.ends_with("(it is a folder)"), "{folder}");

        let good = dir.path().join("outputs.json");
        let file = OutputsFile::check(&good).unwrap();
        assert!(!good.exists(), "checking creates nothing");
        let outputs = BTreeMap::from([("bucketName".to_owned(), "b-1".to_owned())]);
        file.write("app", &outputs).unwrap();
        let written: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&good).unwrap()).unwrap();
        assert_eq!(written, serde_json::json!({"app": {"bucketName": "b-1"}}));
    }
}
