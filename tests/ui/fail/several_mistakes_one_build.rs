// A parse error and four rule findings in one stack: all five are reported
// in one build, each at its own token. The role's finding stands although
// the bucket it names has the parse error, and the code after the module
// still uses the items' typed handles and adds no error of its own.
#[cicd_dsl::stack(name = "several")]
pub mod several {
    #[bucket(versoned)]
    pub struct Uploads;

    #[bucket(encryption = None)]
    pub struct Artifacts;

    #[log_group(retention_days = 10)]
    pub struct Logs;

    #[role(assumed_by = Lambda, allow(actions("s3:GetObjects"), resources(Uploads.objects())))]
    pub struct ReaderRole;

    #[function(
        runtime = "python3.9",
        code = inline("def handler(event, context):\n    return 1\n"),
        role = ReaderRole,
        logs = Logs
    )]
    pub struct Handler;
}

use cicd_dsl::Item;

fn bucket_arn<B: cicd_dsl::kinds::Bucket>() -> cicd_dsl::ItemRef {
    B::arn()
}

fn main() {
    let _ = bucket_arn::<several::Uploads>();
    let _ = <several::Handler as Item>::name();
    let _ = several::stack;
}
