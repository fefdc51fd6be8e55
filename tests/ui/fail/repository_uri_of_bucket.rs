// `uri()` exists only for repositories.
use cicd_dsl::Item;

#[cicd_dsl::stack(name = "uri")]
pub mod uri {
    #[bucket]
    pub struct Artifacts;
}

fn main() {
    let _ = uri::Artifacts::uri();
}
