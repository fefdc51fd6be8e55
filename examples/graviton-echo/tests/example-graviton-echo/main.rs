//! The Graviton example's tests, one binary: its template says arm64, and
//! the stack binary's `synth` cross-builds a `bootstrap` that is really an
//! aarch64 executable.

mod arm64_build;
mod bad_input;
mod template;
