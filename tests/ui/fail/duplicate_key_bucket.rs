// A key given twice is an error at the second: before, the last one
// silently won and `b-bucket` became the name.
#[cicd_dsl::stack(name = "twice")]
pub mod twice {
    #[bucket(name = "a-bucket", versioned, name = "b-bucket")]
    pub struct Artifacts;
}

fn main() {}
