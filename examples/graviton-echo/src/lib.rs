//! A Rust function on Graviton: `architecture = Arm64` cross-compiles the
//! package for `aarch64-unknown-linux-gnu` (zig as linker, no Docker) and
//! declares `Architectures: [arm64]`.

#[cicd_dsl::stack(
    name = "graviton-echo",
    description = "Graviton echo: a Rust function built for arm64",
    tags(Team = "platform", Application = "graviton-echo")
)]
pub mod graviton_echo {
    /// The function's logs, kept for a week.
    #[log_group(
        name = "/aws/lambda/graviton-echo",
        retention_days = 7,
        removal = Destroy
    )]
    #[suppress(
        CKV_AWS_158,
        reason = "CloudWatch Logs encrypts log data at rest by default; the function logs no secrets"
    )]
    pub struct EchoLogs;

    /// Runs the function; it calls no AWS API.
    #[role(assumed_by = Lambda)]
    pub struct EchoRole;

    /// Answers each event with the event and the machine it ran on.
    #[function(
        name = "graviton-echo",
        code = cargo("graviton-echo-function", "graviton-echo"),
        architecture = Arm64,
        role = EchoRole,
        logs = EchoLogs
    )]
    #[suppress(
        CKV_AWS_115,
        reason = "An example invoked by hand; reserving concurrency would take it from the account's unreserved pool"
    )]
    #[suppress(
        CKV_AWS_116,
        reason = "Invoked synchronously by its caller, which sees the error; a dead-letter queue applies to asynchronous invocations"
    )]
    #[suppress(
        CKV_AWS_117,
        reason = "The function calls no AWS API; a VPC would add cost and no isolation"
    )]
    #[suppress(CKV_AWS_173, reason = "The function has no environment variables")]
    pub struct Echo;

    /// The same package built for x86_64: one package serves functions of
    /// both architectures, each from its own build.
    #[function(
        name = "graviton-echo-x86",
        code = cargo("graviton-echo-function", "graviton-echo"),
        role = EchoRole
    )]
    #[suppress(
        CKV_AWS_115,
        reason = "An example invoked by hand; reserving concurrency would take it from the account's unreserved pool"
    )]
    #[suppress(
        CKV_AWS_116,
        reason = "Invoked synchronously by its caller, which sees the error; a dead-letter queue applies to asynchronous invocations"
    )]
    #[suppress(
        CKV_AWS_117,
        reason = "The function calls no AWS API; a VPC would add cost and no isolation"
    )]
    #[suppress(CKV_AWS_173, reason = "The function has no environment variables")]
    pub struct EchoX86;

    #[output(name = "echoFunctionName", value = Echo.name())]
    pub struct EchoFunctionName;
}
