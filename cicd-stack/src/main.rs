fn main() -> std::process::ExitCode {
    cicd_dsl::cli::main(cicd_stack::pipeline::stack())
}
