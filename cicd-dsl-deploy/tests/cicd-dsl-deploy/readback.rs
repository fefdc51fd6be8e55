//! What the tests read back from the endpoint through the engine's own
//! clients: stacks, change sets, templates, buckets and objects.

use cicd_dsl_deploy::AwsClients;
use serde_json::Value;

pub async fn bucket_exists(clients: &AwsClients, bucket: &str) -> bool {
    clients.s3.head_bucket().bucket(bucket).send().await.is_ok()
}

/// Whether `key` is in `bucket`, as the engine itself checks it before an
/// upload.
pub async fn object_exists(clients: &AwsClients, bucket: &str, key: &str) -> bool {
    cicd_dsl_deploy::object_exists(clients, bucket, key)
        .await
        .expect("HeadObject")
}

/// The keys in `bucket` (one ListObjectsV2 page: the tests' buckets hold
/// few).
pub async fn object_keys(clients: &AwsClients, bucket: &str) -> Vec<String> {
    clients
        .s3
        .list_objects_v2()
        .bucket(bucket)
        .send()
        .await
        .expect("ListObjectsV2")
        .contents()
        .iter()
        .filter_map(|o| o.key().map(str::to_owned))
        .collect()
}

/// Change sets of a stack still waiting to be executed or deleted
/// (`AVAILABLE`, or `UNAVAILABLE` while being made). AWS drops change sets
/// once run; the endpoint keeps listing them as `EXECUTE_COMPLETE` or
/// `EXECUTE_FAILED`, which are history, not leftovers.
pub async fn change_sets_left(clients: &AwsClients, stack: &str) -> usize {
    change_sets_in(clients, stack, &["AVAILABLE", "UNAVAILABLE"])
        .await
        .len()
}

/// The names of a stack's change sets whose execution status is one of
/// `statuses`.
pub async fn change_sets_in(clients: &AwsClients, stack: &str, statuses: &[&str]) -> Vec<String> {
    match clients
        .cloudformation
        .list_change_sets()
        .stack_name(stack)
        .send()
        .await
    {
        Ok(answer) => answer
            .summaries()
            .iter()
            .filter(|s| statuses.contains(&s.execution_status().map_or("", |e| e.as_str())))
            .filter_map(|s| s.change_set_name().map(str::to_owned))
            .collect(),
        // The stack is gone, and its change sets with it.
        Err(_) => Vec::new(),
    }
}

/// The stack's status, if DescribeStacks finds it by name (deleted stacks
/// are gone).
pub async fn stack_status(clients: &AwsClients, stack: &str) -> Option<String> {
    let answer = clients
        .cloudformation
        .describe_stacks()
        .stack_name(stack)
        .send()
        .await
        .ok()?;
    answer
        .stacks()
        .first()
        .and_then(|s| s.stack_status())
        .map(|s| s.as_str().to_owned())
}

pub async fn deployed_template(clients: &AwsClients, stack: &str) -> Value {
    let body = clients
        .cloudformation
        .get_template()
        .stack_name(stack)
        .send()
        .await
        .expect("GetTemplate")
        .template_body()
        .expect("a body")
        .to_owned();
    serde_json::from_str(&body).expect("JSON")
}

/// The bucket's tags, as S3 reports them.
pub async fn bucket_tags(clients: &AwsClients, bucket: &str) -> Vec<(String, String)> {
    let answer = clients
        .s3
        .get_bucket_tagging()
        .bucket(bucket)
        .send()
        .await
        .expect("GetBucketTagging");
    answer
        .tag_set()
        .iter()
        .map(|t| (t.key().to_owned(), t.value().to_owned()))
        .collect()
}
