//! The answers the proxy gives instead of the upstream's, in the wire
//! format of the service asked: awsquery (CloudFormation, IAM, STS), S3's
//! REST-XML, or JSON (ECR, CloudWatch Logs, CodeBuild, Lambda...).
//! An error in another service's shape is one its SDK parser cannot read,
//! and the SDK rightly does not retry what it cannot read.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Response, StatusCode};

use crate::config::FaultKind;
use crate::forward::ProxyBody;

/// How the asked service frames its errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    AwsQuery,
    S3RestXml,
    AwsJson,
}

/// The error answer for a fault kind that has one (not reset or delay).
pub(crate) fn fault_response(
    kind: FaultKind,
    request_number: u64,
    protocol: Protocol,
) -> Option<Response<ProxyBody>> {
    match protocol {
        Protocol::S3RestXml => return s3_fault_response(kind, request_number),
        Protocol::AwsJson => return json_fault_response(kind, request_number),
        Protocol::AwsQuery => {}
    }
    let (status, sender_or_receiver, code, message) = match kind {
        FaultKind::Throttling => (
            StatusCode::BAD_REQUEST,
            "Sender",
            "Throttling",
            "Rate exceeded",
        ),
        FaultKind::TooManyRequests => (
            StatusCode::TOO_MANY_REQUESTS,
            "Sender",
            "TooManyRequestsException",
            "Too many requests",
        ),
        FaultKind::InternalError => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Receiver",
            "InternalFailure",
            "The request processing has failed",
        ),
        FaultKind::ServiceUnavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            "Receiver",
            "ServiceUnavailable",
            "The service is unavailable",
        ),
        FaultKind::ConnectionReset | FaultKind::Delay => return None,
    };
    let request_id = format!("fault-proxy-{request_number:010}");
    // The message says where the error came from, so that a test log that
    // shows it is not mistaken for a real service error.
    let body = format!(
        "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">\
         <Error><Type>{sender_or_receiver}</Type><Code>{code}</Code>\
         <Message>{message} (injected by fault-proxy)</Message></Error>\
         <RequestId>{request_id}</RequestId></ErrorResponse>"
    );
    let response = Response::builder()
        .status(status)
        .header("content-type", "text/xml")
        .header("x-amzn-requestid", request_id)
        .body(full(body))
        .expect("static status and headers are valid");
    Some(response)
}

/// The same faults as S3 answers them (its REST-XML errors have no
/// `ErrorResponse` wrapper, and S3 throttles with 503 SlowDown, never a 400):
/// an awsquery-shaped 400 is an error S3's parser cannot read, which the SDK
/// rightly does not retry, so it would test nothing S3 ever does.
fn s3_fault_response(kind: FaultKind, request_number: u64) -> Option<Response<ProxyBody>> {
    let (status, code, message) = match kind {
        FaultKind::Throttling | FaultKind::TooManyRequests => (
            StatusCode::SERVICE_UNAVAILABLE,
            "SlowDown",
            "Please reduce your request rate.",
        ),
        FaultKind::InternalError => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            "We encountered an internal error. Please try again.",
        ),
        FaultKind::ServiceUnavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            "Service is unable to handle request.",
        ),
        FaultKind::ConnectionReset | FaultKind::Delay => return None,
    };
    let request_id = format!("fault-proxy-{request_number:010}");
    let body = format!(
        "<Error><Code>{code}</Code><Message>{message} (injected by fault-proxy)</Message>\
         <RequestId>{request_id}</RequestId></Error>"
    );
    let response = Response::builder()
        .status(status)
        .header("content-type", "application/xml")
        .header("x-amz-request-id", request_id)
        .body(full(body))
        .expect("static status and headers are valid");
    Some(response)
}

/// The same faults as a JSON service (awsJson or restJson) answers them: the error code in
/// `__type` and the `x-amzn-errortype` header, which the SDK's JSON error
/// parser reads (ThrottlingException is one of the codes it retries).
fn json_fault_response(kind: FaultKind, request_number: u64) -> Option<Response<ProxyBody>> {
    let (status, code, message) = match kind {
        FaultKind::Throttling => (
            StatusCode::BAD_REQUEST,
            "ThrottlingException",
            "Rate exceeded",
        ),
        FaultKind::TooManyRequests => (
            StatusCode::TOO_MANY_REQUESTS,
            "TooManyRequestsException",
            "Too many requests",
        ),
        FaultKind::InternalError => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalFailure",
            "The request processing has failed",
        ),
        FaultKind::ServiceUnavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            "The service is unavailable",
        ),
        FaultKind::ConnectionReset | FaultKind::Delay => return None,
    };
    let request_id = format!("fault-proxy-{request_number:010}");
    let body =
        format!("{{\"__type\":\"{code}\",\"message\":\"{message} (injected by fault-proxy)\"}}");
    let response = Response::builder()
        .status(status)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amzn-errortype", code)
        .header("x-amzn-requestid", request_id)
        .body(full(body))
        .expect("static status and headers are valid");
    Some(response)
}

/// A 502 for a forwarded request the upstream did not answer.
pub(crate) fn bad_gateway(reason: String) -> Response<ProxyBody> {
    Response::builder()
        .status(StatusCode::BAD_GATEWAY)
        .header("content-type", "text/plain")
        .body(full(format!(
            "fault-proxy: upstream did not answer: {reason}\n"
        )))
        .expect("static status and headers are valid")
}

fn full(text: String) -> ProxyBody {
    Full::new(Bytes::from(text))
        .map_err(|never| match never {})
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_is_a_400_with_the_awsquery_error_code() {
        let response = fault_response(FaultKind::Throttling, 7, Protocol::AwsQuery).unwrap();
        assert_eq!(response.status(), 400);
        assert_eq!(
            response.headers()["x-amzn-requestid"],
            "fault-proxy-0000000007"
        );
    }

    #[test]
    fn json_services_get_their_error_code_where_their_parser_reads_it() {
        let response = fault_response(FaultKind::Throttling, 3, Protocol::AwsJson).unwrap();
        assert_eq!(response.status(), 400);
        assert_eq!(
            response.headers()["x-amzn-errortype"],
            "ThrottlingException"
        );
        assert_eq!(
            response.headers()["content-type"],
            "application/x-amz-json-1.1"
        );
    }

    #[test]
    fn reset_and_delay_have_no_error_answer() {
        assert!(fault_response(FaultKind::ConnectionReset, 1, Protocol::AwsQuery).is_none());
        assert!(fault_response(FaultKind::Delay, 1, Protocol::AwsQuery).is_none());
        for kind in [
            FaultKind::TooManyRequests,
            FaultKind::InternalError,
            FaultKind::ServiceUnavailable,
        ] {
            for protocol in [Protocol::AwsQuery, Protocol::S3RestXml, Protocol::AwsJson] {
                assert!(fault_response(kind, 1, protocol).is_some());
            }
        }
    }
}
