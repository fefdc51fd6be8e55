//! The fault proxy's tests, one binary: on the wire with a raw HTTP/1.1
//! client, and under the real AWS SDK's retries, both against the local
//! endpoint.

mod raw_http;
mod retries;

mod sdk_under_faults;
mod wire;
