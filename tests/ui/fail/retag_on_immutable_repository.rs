// Moving a tag is impossible in a repository with immutable tags.
#[cicd_dsl::stack(name = "immutable")]
pub mod immutable {
    #[ecr_repository(tag_mutability = Immutable)]
    pub struct Images;

    #[role(assumed_by = Lambda, grants(Images.retag()))]
    pub struct TaggerRole;
}

fn main() {}
