//! `build_cargo_asset` against a real cargo, on a throwaway one-binary
//! workspace so a cold release build takes about a second.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use cicd_dsl_assets::{
    AssetError, BuildProfile, BuildProgress, CargoAssetRequest, SharedBuild, build_cargo_asset,
    build_cargo_asset_showing, read_manifest,
};

const PACKAGE: &str = "hello-asset";

/// A workspace at a temp dir with one package whose `bootstrap` prints `greeting`.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new(greeting: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let ws = Self { dir };
        ws.write(
            "Cargo.toml",
            "[workspace]\nresolver = \"3\"\nmembers = [\"crates/*\"]\n",
        );
        ws.write(
            "crates/hello/Cargo.toml",
            &format!(
                "[package]\nname = \"{PACKAGE}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[[bin]]\nname = \"bootstrap\"\npath = \"src/main.rs\"\n"
            ),
        );
        ws.set_greeting(greeting);
        ws
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn out(&self) -> PathBuf {
        self.root().join("out")
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn set_greeting(&self, greeting: &str) {
        self.write(
            "crates/hello/src/main.rs",
            &format!("fn main() {{\n    println!(\"{greeting}\");\n}}\n"),
        );
    }

    fn request(&self) -> CargoAssetRequest {
        CargoAssetRequest::new(self.root(), PACKAGE, self.out())
    }

    /// Sets the sources' modification times an hour back (not the output's:
    /// a zip whose times changed is not trusted), as sources left untouched
    /// for a while are.
    fn age_sources(&self) {
        let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
        let mut pending = vec![
            self.root().join("Cargo.toml"),
            self.root().join("Cargo.lock"),
            self.root().join("crates"),
        ];
        while let Some(path) = pending.pop() {
            if path.is_dir() {
                pending.extend(fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            }
            let file = fs::File::open(&path).unwrap();
            file.set_modified(an_hour_ago).unwrap();
        }
    }
}

/// Lists the zip with Python's `zipfile`, an implementation independent of
/// ours: (name, unix mode, date_time, contents).
fn inspect_zip(zip: &Path) -> (String, u32, String, Vec<u8>) {
    let script = "import sys, zipfile\n\
z = zipfile.ZipFile(sys.argv[1])\n\
assert z.testzip() is None\n\
[i] = z.infolist()\n\
sys.stderr.write('%s %o %s\\n' % (i.filename, i.external_attr >> 16, '-'.join(map(str, i.date_time))))\n\
sys.stdout.buffer.write(z.read(i))\n";
    let output = Command::new("python3")
        .args(["-c", script])
        .arg(zip)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let info = String::from_utf8(output.stderr).unwrap();
    let mut fields = info.split_whitespace();
    let name = fields.next().unwrap().to_owned();
    let mode = u32::from_str_radix(fields.next().unwrap(), 8).unwrap();
    let date = fields.next().unwrap().to_owned();
    (name, mode, date, output.stdout)
}

#[test]
fn cold_build_writes_a_content_addressed_zip_and_lists_it() {
    let ws = Workspace::new("hello from the asset");
    let asset = build_cargo_asset(&ws.request()).unwrap();

    assert!(!asset.from_cache);
    assert_eq!(asset.id, "hello-asset/bootstrap");
    let bytes = fs::read(&asset.zip_path).unwrap();
    assert_eq!(asset.size, bytes.len() as u64);
    assert_eq!(
        asset.zip_path,
        ws.out().join(format!("asset.{}.zip", asset.sha256))
    );
    assert_eq!(asset.s3_key, format!("assets/{}.zip", asset.sha256));
    let sha = Command::new("sha256sum")
        .arg(&asset.zip_path)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&sha.stdout).starts_with(&asset.sha256));

    let (name, mode, date, contents) = inspect_zip(&asset.zip_path);
    assert_eq!(name, "bootstrap");
    assert_eq!(mode, 0o100_755);
    assert_eq!(date, "1980-1-1-0-0-0");
    let built = ws.root().join("target/assets/release/bootstrap");
    assert_eq!(
        contents,
        fs::read(&built).unwrap(),
        "the zip holds the release binary"
    );
    let run = Command::new(&built).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "hello from the asset\n"
    );

    let manifest = read_manifest(&ws.out()).unwrap();
    assert_eq!(manifest.assets.len(), 1);
    let entry = &manifest.assets[0];
    assert_eq!(entry.id, asset.id);
    assert_eq!(entry.package, PACKAGE);
    assert_eq!(entry.bin, "bootstrap");
    assert_eq!(entry.sha256, asset.sha256);
    assert_eq!(entry.file, format!("asset.{}.zip", asset.sha256));
    assert_eq!(entry.s3_key, asset.s3_key);
    assert_eq!(entry.size, asset.size);
}

#[test]
fn warm_call_reuses_the_zip_without_running_cargo() {
    let ws = Workspace::new("warm");
    let cold = build_cargo_asset(&ws.request()).unwrap();

    // A cargo that cannot start: the warm path must not need it.
    let no_cargo = ws.request().with_cargo("/nonexistent/cargo");
    let started = Instant::now();
    let warm = build_cargo_asset(&no_cargo).unwrap();
    let elapsed = started.elapsed();

    assert!(warm.from_cache);
    assert_eq!(warm.sha256, cold.sha256);
    assert_eq!(warm.zip_path, cold.zip_path);
    assert!(
        elapsed < Duration::from_millis(500),
        "warm call took {elapsed:?}"
    );

    // And the same request after a source change does need cargo.
    ws.set_greeting("changed");
    let err = build_cargo_asset(&no_cargo).unwrap_err();
    assert!(matches!(err, AssetError::CargoNotStarted { .. }), "{err:?}");
}

#[test]
fn another_output_folder_gets_the_kept_zip_without_cargo() {
    let ws = Workspace::new("kept");
    let cold = build_cargo_asset(&ws.request()).unwrap();

    // A second --out (each test's own, a fresh checkout's cicd.out): the
    // zip its inputs gave is in the target folder's store.
    let elsewhere = ws.root().join("second-out");
    let no_cargo =
        CargoAssetRequest::new(ws.root(), PACKAGE, &elsewhere).with_cargo("/nonexistent/cargo");
    let copied = build_cargo_asset(&no_cargo).unwrap();
    assert!(copied.from_cache);
    assert_eq!(copied.sha256, cold.sha256);
    assert_eq!(
        copied.zip_path,
        elsewhere.join(cold.zip_path.file_name().unwrap())
    );
    assert_eq!(
        fs::read(&copied.zip_path).unwrap(),
        fs::read(&cold.zip_path).unwrap()
    );

    // Changed sources are not what the store kept: cargo is needed.
    ws.set_greeting("changed");
    let third = CargoAssetRequest::new(ws.root(), PACKAGE, ws.root().join("third-out"))
        .with_cargo("/nonexistent/cargo");
    let err = build_cargo_asset(&third).unwrap_err();
    assert!(matches!(err, AssetError::CargoNotStarted { .. }), "{err:?}");
}

#[test]
fn a_stamped_warm_call_still_sees_an_edit() {
    let ws = Workspace::new("stamp");
    let cold = build_cargo_asset(&ws.request()).unwrap();
    ws.age_sources();
    let no_cargo = ws.request().with_cargo("/nonexistent/cargo");
    // The first warm call hashes the inputs and records their stamp.
    assert!(build_cargo_asset(&no_cargo).unwrap().from_cache);
    let record = ws.out().join("hello-asset.bootstrap.asset-cache.json");
    let record: serde_json::Value = serde_json::from_slice(&fs::read(record).unwrap()).unwrap();
    let stamped = record["inputs"]["entries"].as_array().unwrap();
    let main_rs = ws.root().join("crates/hello/src/main.rs");
    assert!(
        stamped
            .iter()
            .any(|e| e["path"] == main_rs.to_str().unwrap()),
        "{record:#}"
    );
    let warm = build_cargo_asset(&no_cargo).unwrap();
    assert!(warm.from_cache);
    assert_eq!(warm.sha256, cold.sha256);

    // An edit of the same length, then a real build of it.
    ws.set_greeting("stomp");
    let err = build_cargo_asset(&no_cargo).unwrap_err();
    assert!(matches!(err, AssetError::CargoNotStarted { .. }), "{err:?}");
    let rebuilt = build_cargo_asset(&ws.request()).unwrap();
    assert!(!rebuilt.from_cache);
    assert_ne!(rebuilt.sha256, cold.sha256);
}

#[test]
fn a_damaged_zip_is_replaced_not_reused() {
    let ws = Workspace::new("intact");
    let cold = build_cargo_asset(&ws.request()).unwrap();
    fs::write(&cold.zip_path, b"not a zip").unwrap();
    // The target folder's store still holds the intact zip.
    let again = build_cargo_asset(&ws.request()).unwrap();
    assert!(again.from_cache);
    assert_eq!(again.sha256, cold.sha256);
    assert_eq!(fs::read(&again.zip_path).unwrap().len() as u64, cold.size);

    // With the store's copy damaged too, it is built again.
    fs::write(&again.zip_path, b"not a zip").unwrap();
    let store = ws.root().join("target/assets/cicd-dsl-asset-store");
    fs::write(store.join(cold.zip_path.file_name().unwrap()), b"not a zip").unwrap();
    let again = build_cargo_asset(&ws.request()).unwrap();
    assert!(!again.from_cache);
    assert_eq!(again.sha256, cold.sha256);
    assert_eq!(fs::read(&again.zip_path).unwrap().len() as u64, cold.size);
}

#[test]
fn same_sources_give_the_same_bytes_even_from_a_clean_slate() {
    let ws = Workspace::new("reproducible");
    let first = build_cargo_asset(&ws.request()).unwrap();
    let first_bytes = fs::read(&first.zip_path).unwrap();

    // Clean cache and output, and a clean target dir: a full rebuild.
    fs::remove_dir_all(ws.out()).unwrap();
    fs::remove_dir_all(ws.root().join("target")).unwrap();
    let second = build_cargo_asset(&ws.request()).unwrap();
    assert!(!second.from_cache);
    assert_eq!(second.sha256, first.sha256);
    assert_eq!(fs::read(&second.zip_path).unwrap(), first_bytes);

    // The same sources in a different workspace directory.
    let elsewhere = Workspace::new("reproducible");
    let third = build_cargo_asset(&elsewhere.request()).unwrap();
    assert_eq!(third.fingerprint, first.fingerprint);
    assert_eq!(fs::read(&third.zip_path).unwrap(), first_bytes);
}

#[test]
fn a_source_change_gives_a_new_asset_and_updates_the_manifest() {
    let ws = Workspace::new("version one");
    let one = build_cargo_asset(&ws.request()).unwrap();
    ws.set_greeting("version two");
    let two = build_cargo_asset(&ws.request()).unwrap();

    assert!(!two.from_cache);
    assert_ne!(two.fingerprint, one.fingerprint);
    assert_ne!(two.sha256, one.sha256);
    let (_, _, _, contents) = inspect_zip(&two.zip_path);
    assert!(
        contents
            .windows(b"version two".len())
            .any(|w| w == b"version two"),
        "the new zip holds the new binary"
    );
    let manifest = read_manifest(&ws.out()).unwrap();
    assert_eq!(manifest.assets.len(), 1, "one entry per id");
    assert_eq!(manifest.assets[0].sha256, two.sha256);
    // The previous zip stays: a deployed template may still point at it.
    assert!(one.zip_path.exists());
}

#[test]
fn compile_errors_come_back_with_cargo_output() {
    let ws = Workspace::new("broken");
    ws.write(
        "crates/hello/src/main.rs",
        "fn main() { let x: u32 = \"no\"; }\n",
    );
    let err = build_cargo_asset(&ws.request()).unwrap_err();
    match err {
        AssetError::CargoFailed {
            stderr_tail,
            command,
            ..
        } => {
            assert!(stderr_tail.contains("mismatched types"), "{stderr_tail}");
            assert!(
                command.contains("-p hello-asset --bin bootstrap"),
                "{command}"
            );
        }
        other => panic!("expected CargoFailed, got {other:?}"),
    }
}

#[test]
fn unknown_package_is_named_in_the_error() {
    let ws = Workspace::new("x");
    let err = build_cargo_asset(&CargoAssetRequest::new(
        ws.root(),
        "no-such-package",
        ws.out(),
    ))
    .unwrap_err();
    assert!(
        matches!(&err, AssetError::PackageNotFound { package, .. } if package == "no-such-package"),
        "{err:?}"
    );
}

/// What `--local` deploys do: the function built with another program's
/// profile and target dir, its features resolved together with that
/// program's package, reuses the crates the program's build compiled.
#[test]
fn a_shared_build_reuses_what_the_other_program_compiled() {
    let ws = Workspace::new("hello from a dev build");
    // `shared` has a feature only the other program turns on: alone,
    // the function's build would compile `shared` once more without it.
    ws.write(
        "crates/shared/Cargo.toml",
        "[package]\nname = \"shared\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[features]\nextra = []\n",
    );
    ws.write(
        "crates/shared/src/lib.rs",
        "pub fn word() -> &'static str { \"shared\" }\n",
    );
    ws.write(
        "crates/other/Cargo.toml",
        "[package]\nname = \"other\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nshared = { path = \"../shared\", features = [\"extra\"] }\n",
    );
    ws.write(
        "crates/other/src/main.rs",
        "fn main() { println!(\"{}\", shared::word()); }\n",
    );
    let hello = fs::read_to_string(ws.root().join("crates/hello/Cargo.toml")).unwrap();
    ws.write(
        "crates/hello/Cargo.toml",
        &format!("{hello}\n[dependencies]\nshared = {{ path = \"../shared\" }}\n"),
    );
    let target = ws.root().join("target");
    let other = Command::new(std::env::var_os("CARGO").unwrap_or("cargo".into()))
        .current_dir(ws.root())
        .args(["build", "-q", "-p", "other"])
        .status()
        .unwrap();
    assert!(other.success());

    let shared = SharedBuild::of_executable(&target.join("debug/other"), vec!["other".to_owned()])
        .expect("cargo built it there");
    let lines = std::cell::RefCell::new(Vec::new());
    let asset = build_cargo_asset_showing(
        &ws.request().with_profile(BuildProfile::Shared(shared)),
        &|progress| {
            if let BuildProgress::CargoLine(line) = progress {
                lines.borrow_mut().push(line.to_owned());
            }
        },
    )
    .unwrap();

    let lines = lines.into_inner();
    assert!(
        !lines.iter().any(|l| l.contains("Compiling shared")),
        "the function's build compiled `shared` again:\n{}",
        lines.join("\n")
    );
    assert!(lines.iter().any(|l| l.contains("Compiling hello-asset")));
    assert_eq!(
        asset.id, "hello-asset/bootstrap+dev",
        "apart from the release asset"
    );
    let built = target.join("debug/bootstrap");
    let (name, _, _, contents) = inspect_zip(&asset.zip_path);
    assert_eq!(name, "bootstrap");
    assert_eq!(
        contents,
        fs::read(&built).unwrap(),
        "the zip holds the dev binary"
    );
    let run = Command::new(&built).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "hello from a dev build\n"
    );
    assert!(
        !ws.root().join("target/assets").exists(),
        "nothing was built in the release asset dir"
    );
}
