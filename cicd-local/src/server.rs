//! Starting, finding and stopping the extended moto server.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::state::{self, ServerState};
use crate::{ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY};
use crate::{LocalError, LocalOptions, probe, venv};

const POLL: Duration = Duration::from_millis(100);

/// A running local endpoint.
///
/// Persistent endpoints ([`LocalEndpoint::start_or_reuse`]) outlive this
/// handle and the process; [`LocalEndpoint::stop`] ends them. Ephemeral ones
/// ([`LocalEndpoint::start_ephemeral`]) are killed when the handle drops.
#[derive(Debug)]
pub struct LocalEndpoint {
    port: u16,
    pid: u32,
    reused: bool,
    // Only for ephemeral endpoints: the child we kill on drop.
    child: Option<Child>,
    state_file: Option<PathBuf>,
}

impl LocalEndpoint {
    /// Returns the server a previous call recorded in the state file if it
    /// still answers; otherwise starts one (creating the venv on first use),
    /// records it, and waits until it answers.
    pub fn start_or_reuse(opts: &LocalOptions) -> Result<LocalEndpoint, LocalError> {
        let state_file = opts.state_file();
        if let Some(recorded) = state::read(&state_file) {
            if process_alive(recorded.pid) && probe::answers(recorded.port) {
                return Ok(LocalEndpoint {
                    port: recorded.port,
                    pid: recorded.pid,
                    reused: true,
                    child: None,
                    state_file: Some(state_file),
                });
            }
            state::remove(&state_file);
        }
        venv::ensure(opts)?;
        let port = pick_port(opts)?;
        let child = spawn(opts, port)?;
        let pid = child.id();
        let log = opts.log_file(port);
        // The child is not waited on: it must keep running after we exit.
        wait_ready(child, port, &log, opts.startup_timeout, false)?;
        state::write(&state_file, ServerState { pid, port })?;
        Ok(LocalEndpoint {
            port,
            pid,
            reused: false,
            child: None,
            state_file: Some(state_file),
        })
    }

    /// Starts a server of its own on a free port (or `opts.port`), not
    /// recorded anywhere, killed when the returned handle drops.
    pub fn start_ephemeral(opts: &LocalOptions) -> Result<LocalEndpoint, LocalError> {
        venv::ensure(opts)?;
        let port = pick_port(opts)?;
        let child = spawn(opts, port)?;
        let pid = child.id();
        let child = wait_ready(
            child,
            port,
            &opts.log_file(port),
            opts.startup_timeout,
            true,
        )?;
        Ok(LocalEndpoint {
            port,
            pid,
            reused: false,
            child,
            state_file: None,
        })
    }

    /// `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL`.
    pub fn endpoint_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Whether this handle found a server started by an earlier call.
    pub fn reused(&self) -> bool {
        self.reused
    }

    /// The environment an AWS SDK client needs to talk to this endpoint.
    pub fn env_vars(&self) -> [(&'static str, String); 5] {
        [
            ("AWS_ENDPOINT_URL", self.endpoint_url()),
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID.to_string()),
            ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY.to_string()),
            ("AWS_REGION", REGION.to_string()),
            ("AWS_DEFAULT_REGION", REGION.to_string()),
        ]
    }

    /// Stops the server (persistent or ephemeral), waits until the port no
    /// longer answers, and forgets the state file.
    pub fn stop(mut self) -> Result<(), LocalError> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<(), LocalError> {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        } else {
            terminate(self.pid)?;
        }
        if let Some(file) = self.state_file.take() {
            state::remove(&file);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while probe::answers(self.port) {
            if Instant::now() > deadline {
                return Err(LocalError::Stop {
                    pid: self.pid,
                    reason: format!("port {} still answers after 10 s", self.port),
                });
            }
            thread::sleep(POLL);
        }
        Ok(())
    }
}

impl Drop for LocalEndpoint {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn pick_port(opts: &LocalOptions) -> Result<u16, LocalError> {
    match opts.port {
        Some(port) => Ok(port),
        None => probe::free_port().map_err(LocalError::NoPort),
    }
}

fn spawn(opts: &LocalOptions, port: u16) -> Result<Child, LocalError> {
    fs::create_dir_all(&opts.state_dir).map_err(|source| LocalError::Io {
        action: "create",
        path: opts.state_dir.clone(),
        source,
    })?;
    let log_path = opts.log_file(port);
    let log = File::create(&log_path).map_err(|source| LocalError::Io {
        action: "create",
        path: log_path.clone(),
        source,
    })?;
    let log_err = log.try_clone().map_err(|source| LocalError::Io {
        action: "open",
        path: log_path.clone(),
        source,
    })?;
    let python = opts.venv_python();
    let mut command = Command::new(&python);
    command
        .args([
            "-m",
            "cicd_local_aws.server",
            "--host",
            "127.0.0.1",
            "--port",
        ])
        .arg(port.to_string())
        // The package is used from the source tree: no install step to go stale.
        .env("PYTHONPATH", opts.package_dir())
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err);
    detach(&mut command);
    command
        .spawn()
        .map_err(|source| LocalError::Spawn { python, source })
}

#[cfg(unix)]
fn detach(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // Its own process group: a Ctrl-C meant for the CLI does not reach it.
    command.process_group(0);
}

#[cfg(not(unix))]
fn detach(_command: &mut Command) {}

/// Waits until the server answers. Returns the child when `keep` is set.
fn wait_ready(
    mut child: Child,
    port: u16,
    log: &Path,
    timeout: Duration,
    keep: bool,
) -> Result<Option<Child>, LocalError> {
    let started = Instant::now();
    loop {
        if probe::answers(port) {
            return Ok(keep.then_some(child));
        }
        if let Ok(Some(_)) = child.try_wait() {
            return Err(LocalError::Exited {
                port,
                log: log.to_path_buf(),
                tail: log_tail(log),
            });
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(LocalError::NotReady {
                port,
                waited: timeout,
                log: log.to_path_buf(),
                tail: log_tail(log),
            });
        }
        thread::sleep(POLL);
    }
}

fn log_tail(log: &Path) -> String {
    fs::read_to_string(log)
        .map(|text| venv::tail(&text, 15))
        .unwrap_or_default()
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        Command::new("kill")
            .args(["-0", &pid.to_string()])
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }
}

/// Ends a server this process did not spawn (found through the state file).
fn terminate(pid: u32) -> Result<(), LocalError> {
    if !process_alive(pid) {
        return Ok(());
    }
    let status = Command::new("kill")
        .arg(pid.to_string())
        .status()
        .map_err(|e| LocalError::Stop {
            pid,
            reason: e.to_string(),
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(LocalError::Stop {
            pid,
            reason: format!("kill exited with {status}"),
        })
    }
}
