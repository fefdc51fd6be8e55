// Output names are letters and digits only.
#[cicd_dsl::stack(name = "out-name")]
pub mod out_name {
    #[bucket]
    pub struct Artifacts;

    #[output(name = "bucket-name", value = Artifacts.name())]
    pub struct BucketName;
}

fn main() {}
