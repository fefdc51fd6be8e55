// Mistakes in a function's name, limits and environment, one function each:
// all are reported in one build, each at its own token.
#[cicd_dsl::stack(name = "function-settings")]
pub mod function_settings {
    #[bucket]
    pub struct Reports;

    #[role(assumed_by = Lambda)]
    pub struct Role;

    #[function(
        name = "tag production image",
        code = inline("def handler(e, c): pass"),
        role = Role
    )]
    pub struct InvalidName;

    // Lambda stops a function after 900 seconds at most.
    #[function(timeout_seconds = 3600, code = inline("def handler(e, c): pass"), role = Role)]
    pub struct TimeoutTooLong;

    #[function(memory_mb = 20480, code = inline("def handler(e, c): pass"), role = Role)]
    pub struct TooMuchMemory;

    // Two `timeout_seconds` on one function: the second is the error.
    #[function(
        code = inline("def handler(e, c): pass"),
        role = Role,
        timeout_seconds = 30,
        memory_mb = 256,
        timeout_seconds = 60
    )]
    pub struct DuplicateKey;

    // Lambda environment names start with a letter.
    #[function(code = inline("def handler(e, c): pass"), role = Role, environment(_PRIVATE = "x"))]
    pub struct EnvKeyMalformed;

    // Lambda sets AWS_REGION itself and rejects it in a function's environment.
    #[function(
        code = inline("def handler(e, c): pass"),
        role = Role,
        environment(AWS_REGION = "eu-west-1")
    )]
    pub struct EnvKeyReserved;

    // The same environment variable twice in one function.
    #[function(
        code = inline("def handler(e, c): pass"),
        role = Role,
        environment(BUCKET = Reports.name(), MODE = "fast", BUCKET = "literal")
    )]
    pub struct DuplicateEnvVar;
}

fn main() {}
