// A `*` account field matches buckets in every AWS account.
#[cicd_dsl::stack(name = "any-account")]
pub mod any_account {
    #[role(
        assumed_by = Lambda,
        allow(actions("logs:PutLogEvents"), resources("arn:aws:logs:us-east-1:*:log-group:app:*"))
    )]
    pub struct WriterRole;
}

fn main() {}
