use super::context::Context;
use super::metadata::Entry;
use crate::model::{Bucket, Encryption, Resource};
use serde_json::{Map, Value as Json, json};

pub fn synth(cx: &Context<'_>, resource: &Resource, bucket: &Bucket) -> Vec<(String, Json)> {
    let id = &resource.id;
    let mut props = cx.named_props("BucketName", &bucket.name);
    if bucket.versioned {
        props.insert(
            "VersioningConfiguration".into(),
            json!({ "Status": "Enabled" }),
        );
    }
    if let Some(sse) = encryption(bucket.encryption) {
        props.insert("BucketEncryption".into(), sse);
    }
    if let Some(lifecycle) = lifecycle(bucket) {
        props.insert("LifecycleConfiguration".into(), lifecycle);
    }
    if bucket.block_public_access {
        props.insert(
            "PublicAccessBlockConfiguration".into(),
            json!({
                "BlockPublicAcls": true,
                "BlockPublicPolicy": true,
                "IgnorePublicAcls": true,
                "RestrictPublicBuckets": true
            }),
        );
    }
    if bucket.eventbridge {
        props.insert(
            "NotificationConfiguration".into(),
            json!({ "EventBridgeConfiguration": { "EventBridgeEnabled": true } }),
        );
    }
    props.insert("Tags".into(), cx.tags(resource));

    let mut out = vec![Entry::item(resource, props).under_item_id(cx)];
    if bucket.tls_only {
        out.push((format!("{id}Policy"), tls_only_policy(cx, resource)));
    }
    out
}

fn encryption(encryption: Encryption) -> Option<Json> {
    let by_default = match encryption {
        Encryption::None => return None,
        Encryption::Aes256 => json!({ "SSEAlgorithm": "AES256" }),
        Encryption::KmsManaged => json!({ "SSEAlgorithm": "aws:kms" }),
    };
    Some(json!({
        "ServerSideEncryptionConfiguration": [{
            "ServerSideEncryptionByDefault": by_default,
            "BucketKeyEnabled": encryption == Encryption::KmsManaged
        }]
    }))
}

fn lifecycle(bucket: &Bucket) -> Option<Json> {
    if bucket.expire_after_days.is_none() && bucket.expire_noncurrent_after_days.is_none() {
        return None;
    }
    let mut rule = Map::new();
    rule.insert("Id".into(), json!("expire-objects"));
    rule.insert("Status".into(), json!("Enabled"));
    if let Some(days) = bucket.expire_after_days {
        rule.insert("ExpirationInDays".into(), json!(days));
    }
    if let Some(days) = bucket.expire_noncurrent_after_days {
        rule.insert(
            "NoncurrentVersionExpiration".into(),
            json!({ "NoncurrentDays": days }),
        );
    }
    // Uploads that never complete cost money and are never listed; a
    // bucket that expires its objects should not keep their parts.
    rule.insert(
        "AbortIncompleteMultipartUpload".into(),
        json!({ "DaysAfterInitiation": 7 }),
    );
    Some(json!({ "Rules": [Json::Object(rule)] }))
}

fn tls_only_policy(cx: &Context<'_>, resource: &Resource) -> Json {
    let id = &resource.id;
    let props = json!({
        "Bucket": { "Ref": id },
        "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": { "AWS": "*" },
                "Action": "s3:*",
                "Resource": [
                    { "Fn::GetAtt": [id, "Arn"] },
                    { "Fn::Sub": format!("${{{id}.Arn}}/*") }
                ],
                "Condition": { "Bool": { "aws:SecureTransport": "false" } }
            }]
        }
    });
    let mut entry = Entry::new(resource, "AWS::S3::BucketPolicy", props);
    entry.suppressions.clear();
    entry.into_json(cx)
}
