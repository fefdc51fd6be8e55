// Protected tags are exempt from a `keep_last` rule; without one they
// protect nothing.
#[cicd_dsl::stack(name = "protect")]
pub mod protect {
    #[ecr_repository(protect_tags("production"))]
    pub struct Images;
}

fn main() {}
