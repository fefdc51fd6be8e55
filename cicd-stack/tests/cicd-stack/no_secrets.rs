//! The synthesized pipeline template holds no secret-looking value: no AWS
//! access key id, no secret access key after a secret's name, and no
//! environment variable named like a secret with a literal value. A
//! template is stored in CloudFormation, shown in the console and kept in
//! the stack's history, so a secret in it is a leaked secret; secrets belong
//! in dynamic references (`{{resolve:secretsmanager:...}}`) or in
//! CodeBuild's `SECRETS_MANAGER` / `PARAMETER_STORE` variables.

use serde_json::{Value, json};

/// Words that make an environment variable's name a secret's name.
const SECRET_VAR_WORDS: [&str; 7] = [
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "KEY",
    "CREDENTIAL",
    "PRIVATE",
];

/// Words that make a property's name (or the text before a value) a
/// secret's name. Narrower than the variable list: `Key` names are common
/// in templates (`S3Key`, tag `Key`) and are not secrets.
const SECRET_NAME_WORDS: [&str; 5] = ["secret", "password", "passwd", "token", "secret_access_key"];

#[derive(Debug, PartialEq)]
struct Finding {
    path: String,
    what: &'static str,
}

#[derive(Default)]
struct Scan {
    findings: Vec<Finding>,
    strings: usize,
    env_vars: usize,
}

impl Scan {
    fn flag(&mut self, path: &str, what: &'static str) {
        self.findings.push(Finding {
            path: path.to_owned(),
            what,
        });
    }
}

fn scan(template: &Value) -> Scan {
    let mut scan = Scan::default();
    walk(template, "", &mut scan);
    scan
}

fn walk(value: &Value, path: &str, scan: &mut Scan) {
    match value {
        Value::String(text) => {
            scan.strings += 1;
            if contains_access_key_id(text) {
                scan.flag(path, "AWS access key id");
            }
            if secret_key_after_name(text) {
                scan.flag(path, "40-character secret after a secret's name");
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}/{i}"), scan);
            }
        }
        Value::Object(map) => {
            // A function's variables are judged by the variable rule alone.
            let is_variables = path.ends_with("/Environment/Variables");
            for (key, item) in map {
                let here = format!("{path}/{key}");
                if !is_variables && is_secret_name(key) && is_literal(item) {
                    scan.flag(&here, "literal value under a secret's name");
                }
                if key == "Variables" && path.ends_with("/Environment") {
                    lambda_variables(item, &here, scan);
                }
                if key == "EnvironmentVariables" || key == "Environment" {
                    name_value_variables(item, &here, scan);
                }
                walk(item, &here, scan);
            }
        }
        _ => {}
    }
}

/// `Environment.Variables` of a Lambda function: a map of name to value.
fn lambda_variables(variables: &Value, path: &str, scan: &mut Scan) {
    let Some(map) = variables.as_object() else {
        return;
    };
    for (name, value) in map {
        scan.env_vars += 1;
        if is_secret_var(name) && is_literal(value) {
            scan.flag(
                &format!("{path}/{name}"),
                "secret-named variable with a literal value",
            );
        }
    }
}

/// `[{Name, Value, Type?}]` lists: CodeBuild's `EnvironmentVariables`, ECS's
/// `Environment`.
fn name_value_variables(variables: &Value, path: &str, scan: &mut Scan) {
    let Some(list) = variables.as_array() else {
        return;
    };
    for (i, variable) in list.iter().enumerate() {
        let Some(name) = variable.get("Name").and_then(Value::as_str) else {
            continue;
        };
        scan.env_vars += 1;
        // These types make the value the *name* of a stored secret.
        let by_reference = matches!(
            variable.get("Type").and_then(Value::as_str),
            Some("SECRETS_MANAGER" | "PARAMETER_STORE")
        );
        let value = variable.get("Value").unwrap_or(&Value::Null);
        if is_secret_var(name) && !by_reference && is_literal(value) {
            scan.flag(
                &format!("{path}/{i}"),
                "secret-named variable with a literal value",
            );
        }
    }
}

fn is_secret_var(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SECRET_VAR_WORDS.iter().any(|w| upper.contains(w))
}

fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_NAME_WORDS.iter().any(|w| lower.contains(w))
}

/// A value written into the template, as opposed to an intrinsic function
/// (`Ref`, `Fn::GetAtt`, ...) or a dynamic reference resolved at deploy time.
fn is_literal(value: &Value) -> bool {
    match value {
        Value::String(text) => {
            !text.is_empty()
                && !text.starts_with("{{resolve:secretsmanager:")
                && !text.starts_with("{{resolve:ssm-secure:")
        }
        Value::Number(_) => true,
        _ => false,
    }
}

/// `AKIA`/`ASIA` and 16 upper-case letters or digits, as a whole word.
fn contains_access_key_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    let key_char = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    (0..bytes.len().saturating_sub(19)).any(|start| {
        let candidate = &bytes[start..start + 20];
        (candidate.starts_with(b"AKIA") || candidate.starts_with(b"ASIA"))
            && candidate.iter().all(|b| key_char(*b))
            && (start == 0 || !key_char(bytes[start - 1]))
            && bytes.get(start + 20).is_none_or(|b| !key_char(*b))
    })
}

/// A secret's name followed (after `=`, `:`, quotes or spaces) by a
/// 40-character base64 run, the shape of an AWS secret access key.
fn secret_key_after_name(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let base64 = |b: u8| b.is_ascii_alphanumeric() || b == b'/' || b == b'+';
    SECRET_NAME_WORDS.iter().any(|word| {
        lower.match_indices(word).any(|(at, _)| {
            let mut i = at + word.len();
            // The rest of the name (`_access_key`, `AccessKey`), then separators.
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            while i < bytes.len() && b" \t=:\"'".contains(&bytes[i]) {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && base64(bytes[i]) {
                i += 1;
            }
            i - start == 40
        })
    })
}

#[test]
fn pipeline_template_holds_no_secret_looking_values() {
    let template = crate::template::template();
    let scan = scan(&template.body);
    assert!(scan.findings.is_empty(), "{:#?}", scan.findings);
    // The scan saw the template: its strings and the function's and build's
    // environment variables.
    assert!(scan.strings > 100, "only {} strings scanned", scan.strings);
    assert!(
        scan.env_vars >= 2,
        "only {} environment variables scanned",
        scan.env_vars
    );
}

/// AWS's documented example credentials, assembled at run time so that
/// secret scanners reading this file do not stop on them.
fn example_access_key_id() -> String {
    ["AKIA", "IOSFODNN7EXAMPLE"].concat()
}

fn example_secret_access_key() -> String {
    ["wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY"].concat()
}

fn resource<'a>(body: &'a mut Value, id: &str) -> &'a mut Value {
    &mut body["Resources"][id]["Properties"]
}

#[test]
fn planted_secrets_are_found() {
    let mut body = crate::template::template().body;
    resource(&mut body, "TagProduction")["Environment"]["Variables"]["DB_PASSWORD"] =
        json!("hunter2");
    resource(&mut body, "DockerBuild")["Environment"]["EnvironmentVariables"]
        .as_array_mut()
        .unwrap()
        .push(json!({"Name": "GITHUB_TOKEN", "Type": "PLAINTEXT", "Value": "ghp_abc"}));
    resource(&mut body, "Artifacts")["Tags"][0]["Value"] = json!(example_access_key_id());
    body["Outputs"]["Leak"] = json!({
        "Value": format!("aws_secret_access_key = {}", example_secret_access_key())
    });
    resource(&mut body, "DockerBuild")["ClientSecret"] = json!("s3cr3t");

    let found: Vec<(String, &str)> = scan(&body)
        .findings
        .into_iter()
        .map(|f| (f.path, f.what))
        .collect();
    assert_eq!(
        found,
        [
            (
                "/Resources/Artifacts/Properties/Tags/0/Value".to_owned(),
                "AWS access key id"
            ),
            (
                "/Resources/DockerBuild/Properties/Environment/EnvironmentVariables/1".to_owned(),
                "secret-named variable with a literal value"
            ),
            (
                "/Resources/DockerBuild/Properties/ClientSecret".to_owned(),
                "literal value under a secret's name"
            ),
            (
                "/Resources/TagProduction/Properties/Environment/Variables/DB_PASSWORD".to_owned(),
                "secret-named variable with a literal value"
            ),
            (
                "/Outputs/Leak/Value".to_owned(),
                "40-character secret after a secret's name"
            ),
        ]
    );
}

#[test]
fn references_to_secrets_are_not_findings() {
    let mut body = crate::template::template().body;
    let variables = &mut resource(&mut body, "TagProduction")["Environment"]["Variables"];
    variables["API_TOKEN"] = json!({"Ref": "Images"});
    variables["DB_PASSWORD"] = json!("{{resolve:secretsmanager:db:SecretString:password}}");
    variables["SIGNING_KEY"] = json!("{{resolve:ssm-secure:/app/signing-key}}");
    resource(&mut body, "DockerBuild")["Environment"]["EnvironmentVariables"]
        .as_array_mut()
        .unwrap()
        .extend([
            json!({"Name": "NPM_TOKEN", "Type": "SECRETS_MANAGER", "Value": "ci/npm-token"}),
            json!({"Name": "DEPLOY_KEY", "Type": "PARAMETER_STORE", "Value": "/ci/deploy-key"}),
        ]);
    // An access-key-shaped run inside a longer word is not a key id.
    resource(&mut body, "Artifacts")["Tags"][0]["Value"] =
        json!(format!("X{}", example_access_key_id()));

    let scan = scan(&body);
    assert!(scan.findings.is_empty(), "{:#?}", scan.findings);
    assert!(scan.env_vars >= 7, "{}", scan.env_vars);
}
