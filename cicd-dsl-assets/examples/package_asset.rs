//! Packages one workspace binary and prints what was built and how long it
//! took: `cargo run -p cicd-dsl-assets --example package_asset -- <workspace>
//! <package> <out-dir> [bin]`.

use std::time::Instant;

use cicd_dsl_assets::{CargoAssetRequest, build_cargo_asset};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workspace, package, out, rest @ ..] = args.as_slice() else {
        eprintln!("usage: package_asset <workspace> <package> <out-dir> [bin]");
        return std::process::ExitCode::from(2);
    };
    let mut request = CargoAssetRequest::new(workspace, package, out);
    if let Some(bin) = rest.first() {
        request = request.with_bin(bin);
    }
    let started = Instant::now();
    match build_cargo_asset(&request) {
        Ok(asset) => {
            println!(
                "{} sha256={} size={} s3_key={} from_cache={} elapsed={:?}",
                asset.zip_path.display(),
                asset.sha256,
                asset.size,
                asset.s3_key,
                asset.from_cache,
                started.elapsed()
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                message.push_str(&format!(": {s}"));
                source = s.source();
            }
            eprintln!("error: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
