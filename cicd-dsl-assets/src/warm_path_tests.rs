//! The warm path's shortcut (the input stamp) against the full fingerprint:
//! every change the fingerprint counts must also break the stamp, so the
//! shortcut never reuses a zip the full path would rebuild.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use crate::asset::{CargoAssetRequest, build_cargo_asset, recipe};
use crate::cache::{self, CACHE_FORMAT, CacheRecord};
use crate::error::AssetError;
use crate::fingerprint::{Fingerprinted, env_inputs, fingerprint_build};
use crate::stamp::stamp_key;
use crate::test_workspace::{age, lock, workspace, write};

const RECIPE: [(&str, &str); 1] = [("bin", "bootstrap")];

/// A named change to a workspace.
type Change = (&'static str, fn(&Path));

fn flags(value: &str) -> Vec<(&'static str, OsString)> {
    vec![("RUSTFLAGS", OsString::from(value))]
}

fn full(root: &Path, rustflags: &str) -> Fingerprinted {
    fingerprint_build(root, "app", &RECIPE, &flags(rustflags)).unwrap()
}

fn key(root: &Path, rustflags: &str) -> String {
    stamp_key(root, &RECIPE, &flags(rustflags))
}

/// A workspace whose files all predate the racy window, with a lock file in
/// cargo's layout.
fn aged_workspace() -> tempfile::TempDir {
    let dir = workspace();
    write(&dir.path().join("Cargo.lock"), &lock("0.1.0", "0.1.0"));
    age(dir.path());
    dir
}

#[test]
fn an_aged_workspace_is_stamped_with_what_the_fingerprint_read() {
    let dir = aged_workspace();
    let root = dir.path();
    let stamp = full(root, "").stamp.expect("no input is fresh");
    assert!(stamp.holds(&key(root, "")));
    let noted = |relative: &str| {
        let path = root.join(relative);
        stamp
            .entries
            .iter()
            .find(|e| Path::new(&e.path) == path)
            .map(|e| e.stat.is_some())
    };
    for file in [
        "Cargo.toml",
        "Cargo.lock",
        "crates",
        "crates/app/Cargo.toml",
        "crates/app/src",
        "crates/app/src/main.rs",
        "crates/util/src/lib.rs",
    ] {
        assert_eq!(noted(file), Some(true), "{file} is stamped");
    }
    assert_eq!(noted(".cargo/config.toml"), Some(false), "stamped absent");
    assert_eq!(noted("crates/app/target"), None, "build output is not");
    assert_eq!(noted("crates/dev-only/src/lib.rs"), None, "nor dev-only");
}

#[test]
fn every_change_the_fingerprint_counts_breaks_the_stamp() {
    let changes: [Change; 9] = [
        ("an edited source file of the same size", |root| {
            write(&root.join("crates/app/src/main.rs"), "fn mian() {}\n");
        }),
        ("an added source file", |root| {
            write(&root.join("crates/app/src/extra.rs"), "");
        }),
        ("a removed source file", |root| {
            fs::remove_file(root.join("crates/util/src/lib.rs")).unwrap();
        }),
        ("a renamed source file", |root| {
            let src = root.join("crates/app/src");
            fs::rename(src.join("main.rs"), src.join("bin.rs")).unwrap();
        }),
        ("a path dependency's edited source", |root| {
            write(&root.join("crates/util/src/lib.rs"), "pub fn g() {}\n");
        }),
        ("a dependency's entry in Cargo.lock", |root| {
            write(&root.join("Cargo.lock"), &lock("0.2.0", "0.1.0"));
        }),
        ("a created .cargo/config.toml", |root| {
            write(&root.join(".cargo/config.toml"), "[build]\n");
        }),
        ("an edited workspace manifest", |root| {
            let manifest = root.join("Cargo.toml");
            let text = fs::read_to_string(&manifest).unwrap();
            write(&manifest, &format!("{text}[profile.release]\nlto = true\n"));
        }),
        ("an edited path dependency's manifest", |root| {
            write(
                &root.join("crates/util/Cargo.toml"),
                "[package]\nname = \"util\"\n[dependencies]\nserde = \"1\"\n",
            );
        }),
    ];
    for (change, apply) in changes {
        let dir = aged_workspace();
        let root = dir.path();
        let before = full(root, "");
        let stamp = before.stamp.expect("no input is fresh");
        apply(root);
        assert!(!stamp.holds(&key(root, "")), "{change}: stamp still holds");
        assert_ne!(
            full(root, "").fingerprint,
            before.fingerprint,
            "{change}: fingerprint unchanged"
        );
    }
}

#[test]
fn changed_rustflags_break_the_stamp() {
    let dir = aged_workspace();
    let root = dir.path();
    let before = full(root, "");
    let stamp = before.stamp.unwrap();
    assert!(!stamp.holds(&key(root, "-Ctarget-cpu=native")));
    assert_ne!(
        full(root, "-Ctarget-cpu=native").fingerprint,
        before.fingerprint
    );
}

#[test]
fn changes_the_fingerprint_ignores_keep_the_stamp() {
    let dir = aged_workspace();
    let root = dir.path();
    let stamp = full(root, "").stamp.unwrap();
    write(
        &root.join("crates/app/target/release/new-output"),
        "built\n",
    );
    write(&root.join("crates/dev-only/src/lib.rs"), "// edited\n");
    assert!(stamp.holds(&key(root, "")));
}

#[test]
fn a_fresh_edit_leaves_no_stamp_until_it_ages() {
    let dir = aged_workspace();
    let root = dir.path();
    write(&root.join("crates/app/src/main.rs"), "fn main() { }\n");
    assert_eq!(full(root, "").stamp, None, "edited within the racy window");
    age(root);
    assert!(full(root, "").stamp.is_some());
}

/// `app`'s asset request in `root`, with a cargo that cannot start: a call
/// that needs a build fails with `CargoNotStarted`.
fn no_cargo_request(root: &Path) -> CargoAssetRequest {
    CargoAssetRequest::new(root, "app", root.join("out")).with_cargo("/nonexistent/cargo")
}

/// Writes a zip and its cache record as a build would, stamped with the
/// inputs as they are now; the record names `fingerprint` if given, else
/// the real one.
fn record_build(req: &CargoAssetRequest, fingerprint: Option<&str>) -> PathBuf {
    let format = CACHE_FORMAT.to_string();
    let current = fingerprint_build(
        &req.workspace_root,
        "app",
        &recipe(req, &format),
        &env_inputs(),
    )
    .unwrap();
    fs::create_dir_all(&req.out_dir).unwrap();
    let zip = req.out_dir.join("asset.test.zip");
    fs::write(&zip, b"zip bytes").unwrap();
    let record_path = cache::record_path(&req.out_dir, &req.id());
    let record = CacheRecord {
        format: CACHE_FORMAT,
        fingerprint: fingerprint.map_or(current.fingerprint, str::to_owned),
        sha256: "test".into(),
        file: "asset.test.zip".into(),
        size: 9,
        modified_ns: cache::modified_ns(&fs::metadata(&zip).unwrap()).unwrap(),
        inputs: Some(current.stamp.expect("no input is fresh")),
    };
    cache::store(&record_path, &record).unwrap();
    record_path
}

#[test]
fn a_holding_stamp_reuses_the_record_without_fingerprinting() {
    let dir = aged_workspace();
    let req = no_cargo_request(dir.path());
    // A fingerprint the inputs cannot have: only a call that trusts the
    // stamp, and computes nothing, reports it.
    record_build(&req, Some("recorded"));
    let asset = build_cargo_asset(&req).unwrap();
    assert!(asset.from_cache);
    assert_eq!(asset.fingerprint, "recorded");
    assert_eq!(asset.s3_key, "assets/test.zip");
}

#[test]
fn an_edit_after_the_stamp_starts_cargo() {
    let dir = aged_workspace();
    let req = no_cargo_request(dir.path());
    record_build(&req, None);
    assert!(build_cargo_asset(&req).unwrap().from_cache);
    write(&dir.path().join("crates/app/src/main.rs"), "fn mian() {}\n");
    let err = build_cargo_asset(&req).unwrap_err();
    assert!(matches!(err, AssetError::CargoNotStarted { .. }), "{err:?}");
}

#[test]
fn a_change_that_keeps_the_fingerprint_restamps_the_record() {
    let dir = aged_workspace();
    let root = dir.path();
    let req = no_cargo_request(root);
    let record_path = record_build(&req, None);
    // Another member's lock entry: the stamp breaks, the fingerprint holds.
    write(&root.join("Cargo.lock"), &lock("0.1.0", "0.2.0"));
    age(&root.join("Cargo.lock"));
    let format = CACHE_FORMAT.to_string();
    let key = stamp_key(root, &recipe(&req, &format), &env_inputs());
    assert!(cache::lookup_stamped(&record_path, &req.out_dir, &key).is_none());

    assert!(build_cargo_asset(&req).unwrap().from_cache);
    assert!(
        cache::lookup_stamped(&record_path, &req.out_dir, &key).is_some(),
        "the record carries the new stamp"
    );
}
