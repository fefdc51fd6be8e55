//! `cicd-dsl-aws`: started by a stack binary for its AWS commands, with the
//! stack's checked model; see `cicd_dsl::cli::hand_over`.

fn main() -> std::process::ExitCode {
    cicd_dsl::cli::aws_main()
}
