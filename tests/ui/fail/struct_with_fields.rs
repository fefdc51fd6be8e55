// Resources are unit structs: the error is on the struct's name.
#[cicd_dsl::stack(name = "fields")]
pub mod fields {
    #[bucket]
    pub struct Artifacts {
        pub name: String,
    }
}

fn main() {}
