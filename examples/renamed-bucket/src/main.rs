fn main() -> std::process::ExitCode {
    cicd_dsl::cli::main(example_renamed_bucket::stack())
}
