// Two stacks in one binary: the role of `jobs` reads the bucket of
// `artifacts`, a typed reference across stacks.
#[cicd_dsl::app]
pub mod demo {
    #[stack(name = "demo-artifacts")]
    pub mod artifacts {
        #[bucket]
        pub struct Store;
    }

    #[stack(name = "demo-jobs")]
    pub mod jobs {
        #[role(assumed_by = Lambda, grants(Store.read()))]
        pub struct Reader;

        #[output(name = "storeName", value = Store.name())]
        pub struct StoreName;
    }
}

fn main() {
    let app = demo::app();
    assert_eq!(app.stacks.len(), 2);
    assert_eq!(app.deploy_order().unwrap(), ["demo-artifacts", "demo-jobs"]);
}
