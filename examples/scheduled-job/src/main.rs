fn main() -> std::process::ExitCode {
    cicd_dsl::cli::main(example_scheduled_job::report_job::stack())
}
