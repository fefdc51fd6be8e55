// SnapStart only on the runtimes Lambda offers it for (Java 11+, Python
// 3.12+, .NET 8+): cargo code runs on the OS-only provided.al2023, which
// SnapStart does not support; nor does Node.js.
#[cicd_dsl::stack(name = "function-snap-start")]
pub mod function_snap_start {
    #[role(assumed_by = Lambda)]
    pub struct Role;

    #[function(code = cargo("tagger"), snap_start, role = Role)]
    pub struct CargoCodeWithSnapStart;

    #[function(
        runtime = "nodejs24.x",
        code = inline("exports.handler = async () => 1"),
        snap_start,
        role = Role
    )]
    pub struct NodeWithSnapStart;

    // Python 3.12 and later have SnapStart: no error here.
    #[function(runtime = "python3.13", code = inline("def handler(e, c): pass"), snap_start, role = Role)]
    pub struct PythonWithSnapStart;
}

fn main() {}
