#[cicd_dsl::stack(name = "keep")]
pub mod keep {
    #[ecr_repository(keep_last = 20000)]
    pub struct Images;
}

fn main() {}
