// A role nobody may assume is useless; the macro asks for `assumed_by`.
#[cicd_dsl::stack(name = "lonely")]
pub mod lonely {
    #[role(grants(Artifacts.read()))]
    pub struct ReaderRole;

    #[bucket]
    pub struct Artifacts;
}

fn main() {}
