// `Aes265` is no bucket encryption: the help names the nearest one.
#[cicd_dsl::stack(name = "enc")]
pub mod enc {
    #[bucket(encryption = Aes265)]
    pub struct Artifacts;
}

fn main() {}
