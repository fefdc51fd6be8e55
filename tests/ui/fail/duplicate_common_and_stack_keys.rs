// Keys every item takes (`removal`, `description`) and the stack's own keys
// are once only as well; `grants(...)` on a role is one list, not two.
#[cicd_dsl::stack(name = "twice", description = "first", description = "second")]
pub mod twice {
    #[bucket(removal = Destroy, removal = Retain)]
    pub struct Artifacts;

    #[role(assumed_by = CodeBuild, grants(Artifacts.read()), grants(Artifacts.write()))]
    pub struct BuildRole;
}

fn main() {}
