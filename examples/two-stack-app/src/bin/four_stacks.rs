fn main() -> std::process::ExitCode {
    cicd_dsl::cli::app_main(example_two_stack_app::four_stacks::app())
}
