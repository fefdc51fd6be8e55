// Mistakes in a function's code, runtime and handler, one function each:
// all are reported in one build, each at its own token.
#[cicd_dsl::stack(name = "function-code")]
pub mod function_code {
    #[role(assumed_by = Lambda)]
    pub struct Role;

    // A Cargo-built binary runs on the OS-only runtime, not on Python.
    #[function(runtime = "python3.13", code = cargo("tagger"), role = Role)]
    pub struct CargoCodeOnPythonRuntime;

    // Cargo code is built for provided.al2023 only (provided.al2 is also
    // deprecated, which lambda-runtime reports).
    #[function(runtime = "provided.al2", code = cargo("tagger"), role = Role)]
    pub struct CargoCodeOnOlderOsRuntime;

    // On provided.al2023 the handler is the `bootstrap` executable.
    #[function(code = cargo("tagger"), handler = "main", role = Role)]
    pub struct CargoCodeWrongHandler;

    #[function(code = inline(""), role = Role)]
    pub struct InlineCodeEmpty;

    // Lambda takes inline (ZipFile) code only for Python and Node.js.
    #[function(
        runtime = "java21",
        handler = "index.handler",
        code = inline("class Handler {}"),
        role = Role
    )]
    pub struct InlineCodeOnJavaRuntime;

    // Inline code is saved as `index.py`, so the handler is `index.<function>`.
    #[function(handler = "main.handler", code = inline("def handler(e, c): pass"), role = Role)]
    pub struct InlineCodeBadHandler;

    // python3.9 is deprecated in Lambda: the error names the successor.
    #[function(runtime = "python3.9", code = inline("def handler(e, c): pass"), role = Role)]
    pub struct DeprecatedPythonRuntime;

    #[function(runtime = "python3.31", code = inline("def handler(e, c): pass"), role = Role)]
    pub struct UnknownRuntime;
}

fn main() {}
