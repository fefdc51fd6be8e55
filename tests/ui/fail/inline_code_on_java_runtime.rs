// Lambda takes inline (ZipFile) code only for Python and Node.js.
#[cicd_dsl::stack(name = "inline-java")]
pub mod inline_java {
    #[role(assumed_by = Lambda)]
    pub struct FunctionRole;

    #[function(
        runtime = "java21",
        handler = "index.handler",
        code = inline("class Handler {}"),
        role = FunctionRole
    )]
    pub struct Handler;
}

fn main() {}
