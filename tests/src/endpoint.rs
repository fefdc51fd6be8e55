//! The local AWS endpoint for one test: the extended moto server the CLI's
//! `--local` runs (`cicd_local::LocalEndpoint`), on a free port, with a
//! state folder of its own, killed when dropped.

use cicd_local::{LocalEndpoint, LocalOptions};

use crate::paths::workspace_root;

pub struct Endpoint {
    server: LocalEndpoint,
    // Holds the server's log; removed after the server is killed (fields
    // drop in order).
    _state: tempfile::TempDir,
}

impl Endpoint {
    /// Starts a server of the test's own (creating `.venv-local` on first
    /// use, as `--local` does) and waits until it answers.
    pub fn start() -> Endpoint {
        let state = tempfile::tempdir().expect("a temp dir");
        let mut options = LocalOptions::new(workspace_root());
        options.state_dir = state.path().to_path_buf();
        let server = LocalEndpoint::start_ephemeral(&options)
            .unwrap_or_else(|e| panic!("the local endpoint starts: {e}"));
        Endpoint {
            server,
            _state: state,
        }
    }

    /// `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL`.
    pub fn url(&self) -> String {
        self.server.endpoint_url()
    }

    pub fn port(&self) -> u16 {
        self.server.port()
    }

    /// The environment a program needs to use this endpoint, the way a
    /// user points a tool at one (`AWS_ENDPOINT_URL`, test credentials,
    /// region).
    pub fn env_vars(&self) -> Vec<(String, String)> {
        self.server
            .env_vars()
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect()
    }

    /// SDK configuration for this endpoint with the SDK's default retries.
    pub async fn sdk_config(&self) -> aws_config::SdkConfig {
        crate::clients::sdk_config(&self.url()).await
    }
}
