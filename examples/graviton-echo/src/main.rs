fn main() -> std::process::ExitCode {
    cicd_dsl::cli::main(example_graviton_echo::graviton_echo::stack())
}
