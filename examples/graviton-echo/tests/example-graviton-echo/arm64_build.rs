//! `synth` of the stack binary cross-compiles the function for aarch64 (the
//! real cargo, rustc's aarch64 target and zig from `.venv-zig`), and the
//! zip the template names holds an AArch64 `bootstrap`.

use std::io::Read;
use std::path::Path;
use std::process::Command;

/// ELF `e_machine` of AArch64.
const EM_AARCH64: u16 = 183;

#[test]
fn synth_builds_an_aarch64_bootstrap_and_names_its_zip() {
    let out = tempfile_dir();
    let status = Command::new(env!("CARGO_BIN_EXE_example-graviton-echo"))
        .args(["synth", "--out"])
        .arg(&out)
        .status()
        .expect("the stack binary starts");
    assert!(status.success(), "synth failed: {status}");

    let template: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("graviton-echo.template.json")).expect("synth wrote the template"),
    )
    .expect("the template is JSON");
    let echo = &template["Resources"]["Echo"]["Properties"];
    assert_eq!(echo["Architectures"], serde_json::json!(["arm64"]));
    let key = echo["Code"]["S3Key"]
        .as_str()
        .expect("Cargo code has an S3 key");
    let sha = key
        .strip_prefix("assets/")
        .and_then(|k| k.strip_suffix(".zip"))
        .expect("the key is assets/<sha256>.zip");

    let zip = std::fs::read(out.join(format!("asset.{sha}.zip"))).expect("the named zip exists");
    let (name, bootstrap) = only_entry(&zip);
    assert_eq!(name, "bootstrap");
    assert_eq!(
        cicd_dsl_assets::elf_machine(&bootstrap),
        Some(EM_AARCH64),
        "the bootstrap is not an AArch64 executable"
    );
}

/// The single entry of a zip the asset builder wrote: its local header,
/// then the deflated data.
fn only_entry(zip: &[u8]) -> (String, Vec<u8>) {
    assert_eq!(&zip[..4], b"PK\x03\x04", "a zip local file header");
    let u16_at = |at: usize| usize::from(u16::from_le_bytes([zip[at], zip[at + 1]]));
    let u32_at = |at: usize| u32::from_le_bytes(zip[at..at + 4].try_into().unwrap()) as usize;
    let (method, compressed) = (u16_at(8), u32_at(18));
    let (name_len, extra_len) = (u16_at(26), u16_at(28));
    let name = String::from_utf8(zip[30..30 + name_len].to_vec()).unwrap();
    let start = 30 + name_len + extra_len;
    let data = &zip[start..start + compressed];
    assert_eq!(method, 8, "the entry is deflated");
    let mut contents = Vec::new();
    flate2::read::DeflateDecoder::new(data)
        .read_to_end(&mut contents)
        .expect("the entry inflates");
    (name, contents)
}

/// A fresh directory under the workspace's target dir (the test leaves it
/// for inspection; the next run replaces it).
fn tempfile_dir() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/graviton-echo-test");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("creating the test's out dir");
    dir
}
