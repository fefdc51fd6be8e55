// `jobs` reads the bucket of `artifacts`, whose bucket waits for the role
// of `jobs`: the two stacks would import from each other.
#[cicd_dsl::app]
pub mod demo {
    #[stack(name = "demo-artifacts")]
    pub mod artifacts {
        #[bucket(depends_on = Reader)]
        pub struct Store;
    }

    #[stack(name = "demo-jobs")]
    pub mod jobs {
        #[role(assumed_by = Lambda, grants(Store.read()))]
        pub struct Reader;
    }
}

fn main() {}
