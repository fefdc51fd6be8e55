//! An app of two stacks in one binary. `artifacts` holds a bucket; `jobs`
//! holds a role that reads it. The role's policy names the bucket's ARN
//! across stacks: `artifacts` exports it (`demo-artifacts-Store-Arn`) and
//! `jobs` imports it, so `deploy` puts `artifacts` first and `destroy` takes it
//! last.

#[cicd_dsl::app]
pub mod two_stacks {
    #[stack(name = "demo-artifacts", tags(Application = "demo"))]
    pub mod artifacts {
        /// Build outputs the jobs read.
        #[bucket(versioned, removal = Destroy)]
        #[suppress(
            CKV_AWS_18,
            reason = "A demo bucket holding build outputs; CloudTrail records the API calls"
        )]
        pub struct Store;
    }

    #[stack(name = "demo-jobs", tags(Application = "demo"))]
    pub mod jobs {
        /// Reads what the artifact stack's bucket holds.
        #[role(assumed_by = Lambda, grants(Store.read()))]
        pub struct Reader;
    }
}

/// The same app after the jobs stack stopped reading the bucket.
#[cicd_dsl::app]
pub mod unlinked {
    #[stack(name = "demo-artifacts", tags(Application = "demo"))]
    pub mod artifacts {
        /// Build outputs the jobs read.
        #[bucket(versioned, removal = Destroy)]
        #[suppress(
            CKV_AWS_18,
            reason = "A demo bucket holding build outputs; CloudTrail records the API calls"
        )]
        pub struct Store;
    }

    #[stack(name = "demo-jobs", tags(Application = "demo"))]
    pub mod jobs {
        /// Reads nothing of the artifact stack any more.
        #[role(assumed_by = Lambda)]
        pub struct Reader;
    }
}

/// Four stacks that import nothing from each other.
#[cicd_dsl::app]
pub mod four_stacks {
    #[stack(name = "demo-logs-a")]
    pub mod a {
        #[log_group(retention_days = 7, removal = Destroy)]
        #[suppress(
            CKV_AWS_158,
            reason = "A demo log group; CloudWatch Logs encrypts at rest"
        )]
        pub struct LogsA;
    }

    #[stack(name = "demo-logs-b")]
    pub mod b {
        #[log_group(retention_days = 7, removal = Destroy)]
        #[suppress(
            CKV_AWS_158,
            reason = "A demo log group; CloudWatch Logs encrypts at rest"
        )]
        pub struct LogsB;
    }

    #[stack(name = "demo-logs-c")]
    pub mod c {
        #[log_group(retention_days = 7, removal = Destroy)]
        #[suppress(
            CKV_AWS_158,
            reason = "A demo log group; CloudWatch Logs encrypts at rest"
        )]
        pub struct LogsC;
    }

    #[stack(name = "demo-logs-d")]
    pub mod d {
        #[log_group(retention_days = 7, removal = Destroy)]
        #[suppress(
            CKV_AWS_158,
            reason = "A demo log group; CloudWatch Logs encrypts at rest"
        )]
        pub struct LogsD;
    }
}
