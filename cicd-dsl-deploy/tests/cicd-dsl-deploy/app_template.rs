//! The small stack most tests deploy.

use serde_json::{Value, json};

/// A bucket (retained), a log group and a role, with a bucket-name output.
pub fn app_template(bucket: &str, tag: &str) -> Value {
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Data": {
                "Type": "AWS::S3::Bucket",
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": {
                    "BucketName": bucket,
                    "Tags": [{"Key": "Purpose", "Value": tag}]
                }
            },
            "Logs": {
                "Type": "AWS::Logs::LogGroup",
                "Properties": {"LogGroupName": format!("/test/{bucket}"), "RetentionInDays": 7}
            },
            "Runner": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole"
                        }]
                    }
                }
            }
        },
        "Outputs": {"DataBucket": {"Value": {"Ref": "Data"}}}
    })
}
