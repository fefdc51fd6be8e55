//! Links the debug build of the stack binary as a position-dependent
//! executable on Linux. A position-independent one (rustc's default) makes
//! the dynamic loader apply about 40,000 relative relocations at every
//! start, copying some 170 pages of the 50 MB debug binary: 0.3-0.4 ms of a
//! warm `synth` that takes under 3 ms in all (issue 15). The debug binary
//! gives up address-space randomization for it; release builds keep the
//! default.

fn main() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let linux_gnu = var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu";
    if linux_gnu && var("PROFILE") == "debug" {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
