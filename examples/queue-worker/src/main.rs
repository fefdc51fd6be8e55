fn main() -> std::process::ExitCode {
    cicd_dsl::cli::main(example_queue_worker::queue_worker::stack())
}
