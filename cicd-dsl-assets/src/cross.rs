//! Cross builds for arm64 (Graviton) functions without Docker or a system
//! cross toolchain: rustc's aarch64 standard library (`rustup target add`)
//! and zig's C compiler from the `ziglang` Python package as linker and C
//! compiler. Two small generated wrapper scripts give cargo the single
//! program paths it wants.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::AssetError;

/// The instruction set a function's `bootstrap` is built for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Architecture {
    #[default]
    X86_64,
    Arm64,
}

impl Architecture {
    /// Lambda's name, as in `Architectures`.
    pub fn lambda_name(self) -> &'static str {
        match self {
            Architecture::X86_64 => "x86_64",
            Architecture::Arm64 => "arm64",
        }
    }

    /// The `e_machine` of an ELF executable for this architecture.
    pub fn elf_machine(self) -> u16 {
        match self {
            Architecture::X86_64 => 62,
            Architecture::Arm64 => 183,
        }
    }

    /// The `--target` passed to cargo; `None` builds for the host, as
    /// x86_64 builds always have (the project's machines are x86_64, and
    /// [`crate::elf`] refuses a binary of any other machine).
    pub fn cargo_target(self) -> Option<&'static str> {
        match self {
            Architecture::X86_64 => None,
            Architecture::Arm64 => Some(ARM64_TRIPLE),
        }
    }
}

const ARM64_TRIPLE: &str = "aarch64-unknown-linux-gnu";
/// zig's target: glibc 2.17 links against the oldest symbol versions, so the
/// binary runs on any Lambda OS-only runtime.
const ZIG_TARGET: &str = "aarch64-linux-gnu.2.17";
/// Where `scripts/setup-python` puts the venv with `ziglang`.
const ZIG_VENV_PYTHON: &str = ".venv-zig/bin/python";
/// Overrides the Python that has `ziglang` installed.
pub const ZIG_PYTHON_ENV: &str = "CICD_DSL_ZIG_PYTHON";

/// The environment cargo needs to build for `architecture`; empty for the
/// host. Fails with what to run when a tool is missing.
pub fn cross_env(
    architecture: Architecture,
    workspace_root: &Path,
    target_dir: &Path,
) -> Result<Vec<(String, OsString)>, AssetError> {
    let Some(triple) = architecture.cargo_target() else {
        return Ok(Vec::new());
    };
    check_rust_target(workspace_root, triple)?;
    let python = zig_python(workspace_root)?;
    let dir = target_dir.join("zig");
    fs::create_dir_all(&dir).map_err(|source| AssetError::io("creating", &dir, source))?;
    let cc = write_wrapper(&dir.join(format!("{ZIG_TARGET}-cc")), &cc_script(&python))?;
    let ar = write_wrapper(&dir.join(format!("{ZIG_TARGET}-ar")), &ar_script(&python))?;
    let upper = triple.to_uppercase().replace('-', "_");
    let lower = triple.replace('-', "_");
    Ok(vec![
        (format!("CARGO_TARGET_{upper}_LINKER"), cc.clone().into()),
        (format!("CC_{lower}"), cc.into()),
        (format!("AR_{lower}"), ar.into()),
    ])
}

/// The aarch64 standard library must be installed for the toolchain cargo
/// uses in this workspace (a `rust-toolchain.toml` may pick another).
fn check_rust_target(workspace_root: &Path, triple: &str) -> Result<(), AssetError> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(&rustc)
        .current_dir(workspace_root)
        .args(["--print", "target-libdir", "--target", triple])
        .output()
        .map_err(|source| AssetError::CargoNotStarted {
            program: rustc.to_string_lossy().into_owned(),
            source,
        })?;
    let libdir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    let installed = output.status.success()
        && fs::read_dir(&libdir).is_ok_and(|mut entries| {
            entries.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("libcore")))
        });
    if installed {
        Ok(())
    } else {
        Err(AssetError::MissingTool {
            tool: format!("the Rust standard library for {triple}"),
            fix: format!("rustup target add {triple}"),
        })
    }
}

/// `$CICD_DSL_ZIG_PYTHON`, else the workspace's `.venv-zig`.
fn zig_python(workspace_root: &Path) -> Result<PathBuf, AssetError> {
    let python = std::env::var_os(ZIG_PYTHON_ENV)
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root.join(ZIG_VENV_PYTHON));
    let works = Command::new(&python)
        .args(["-c", "import ziglang"])
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        Ok(python)
    } else {
        Err(AssetError::MissingTool {
            tool: format!("zig (Python package `ziglang` for {})", python.display()),
            fix: format!(
                "scripts/setup-python (creates .venv-zig), or `pip install ziglang` and set {ZIG_PYTHON_ENV} to that python"
            ),
        })
    }
}

/// zig cc as cargo's linker and the cc crate's compiler. The cc crate adds
/// its own `--target=<rust triple>`, which zig does not know; the wrapper
/// drops it and passes zig's target.
fn cc_script(python: &Path) -> String {
    format!(
        "#!/bin/sh\n\
         # Generated by cicd-dsl-assets: zig cc for {ZIG_TARGET}.\n\
         for arg do\n\
         \x20 shift\n\
         \x20 case $arg in\n\
         \x20   --target=*) ;;\n\
         \x20   *) set -- \"$@\" \"$arg\" ;;\n\
         \x20 esac\n\
         done\n\
         exec {} -m ziglang cc -target {ZIG_TARGET} \"$@\"\n",
        shell_quote(python)
    )
}

fn ar_script(python: &Path) -> String {
    format!(
        "#!/bin/sh\n# Generated by cicd-dsl-assets: zig ar.\nexec {} -m ziglang ar \"$@\"\n",
        shell_quote(python)
    )
}

fn shell_quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// Writes an executable script, leaving an identical one untouched.
fn write_wrapper(path: &Path, script: &str) -> Result<PathBuf, AssetError> {
    if fs::read_to_string(path).ok().as_deref() != Some(script) {
        fs::write(path, script).map_err(|source| AssetError::io("writing", path, source))?;
    }
    make_executable(path)?;
    Ok(path.to_owned())
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<(), AssetError> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
        .map_err(|source| AssetError::io("making executable", path, source))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<(), AssetError> {
    Ok(())
}
