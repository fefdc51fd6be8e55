// `;` is not a character AWS accepts in tag values.
#[cicd_dsl::stack(name = "tag-value")]
pub mod tag_value {
    #[bucket(tags(Owner = "build;deploy"))]
    pub struct Artifacts;
}

fn main() {}
