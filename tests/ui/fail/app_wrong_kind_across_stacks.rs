// A reference to another stack's item is typed like any reference.
#[cicd_dsl::app]
pub mod demo {
    #[stack(name = "demo-artifacts")]
    pub mod artifacts {
        #[bucket]
        pub struct Store;
    }

    #[stack(name = "demo-jobs")]
    pub mod jobs {
        #[role(assumed_by = CodeBuild)]
        pub struct BuildRole;

        #[codebuild_project(role = BuildRole, logs = Store, buildspec = "buildspec.yml")]
        pub struct Build;
    }
}

fn main() {}
