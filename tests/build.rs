//! Declares the `trybuild` cfg that trybuild sets when it compiles the `ui`
//! cases, so `#![cfg(not(trybuild))]` in src/lib.rs is a known condition.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(trybuild)");
}
