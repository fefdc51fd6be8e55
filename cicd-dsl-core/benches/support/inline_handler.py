import json
import boto3

codepipeline = boto3.client("codepipeline")


def handler(event, context):
    job = event["CodePipeline.job"]
    try:
        print(json.dumps({"job": job["id"]}))
        codepipeline.put_job_success_result(jobId=job["id"])
    except Exception as error:
        codepipeline.put_job_failure_result(
            jobId=job["id"],
            failureDetails={"type": "JobFailed", "message": str(error)[:500]},
        )
