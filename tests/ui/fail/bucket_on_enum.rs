#[cicd_dsl::stack(name = "bucket-enum")]
pub mod bucket_enum {
    #[bucket]
    pub enum Artifacts {
        One,
    }
}

fn main() {}
