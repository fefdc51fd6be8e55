//! `CICD_DSL_FUNCTION_BUILD=dev`: `synth` (and so every AWS command)
//! packages the function's dev build on the crates `cicd-dsl-aws` compiled,
//! as `--local` does, and the assets file says which build it is. (A build
//! found in the asset cache prints no progress, so the file is what is
//! checked.)

use std::process::Command;

use serde_json::Value;

use crate::folders::scratch;

#[test]
fn dev_packages_the_functions_dev_build_on_cicd_dsl_aws_crates() {
    let out = scratch("function-build-dev");
    let output = Command::new(env!("CARGO_BIN_EXE_cicd-stack"))
        .args(["synth", "--out"])
        .arg(&out)
        .env("CICD_DSL_FUNCTION_BUILD", "dev")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let assets: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("assets.json")).unwrap()).unwrap();
    let ids: Vec<&str> = assets["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|asset| asset["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["tag-production-image/bootstrap+dev"]);
}
