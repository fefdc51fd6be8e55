// An ECR tag cannot contain a space.
#[cicd_dsl::stack(name = "tag-pattern")]
pub mod tag_pattern {
    #[ecr_repository(keep_last = 10, protect_tags("production", "has space"))]
    pub struct Images;
}

fn main() {}
