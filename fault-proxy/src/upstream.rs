use std::net::{SocketAddr, ToSocketAddrs};

use crate::error::FaultProxyError;

/// The upstream's socket address, from `http://HOST:PORT` (a trailing `/`
/// is allowed; a path is not, since the proxy keeps each request's own).
/// Only loopback addresses are accepted: the proxy is a test tool and must
/// never carry signed requests off the machine.
pub(crate) fn parse_upstream(upstream: &str) -> Result<SocketAddr, FaultProxyError> {
    let invalid = |reason: &str| FaultProxyError::InvalidUpstream {
        upstream: upstream.to_owned(),
        reason: reason.to_owned(),
    };
    let authority = upstream
        .strip_prefix("http://")
        .ok_or_else(|| invalid("only plain http:// is supported"))?;
    let authority = authority.strip_suffix('/').unwrap_or(authority);
    if authority.contains('/') {
        return Err(invalid("a path is not allowed"));
    }
    let addrs: Vec<SocketAddr> = authority
        .to_socket_addrs()
        .map_err(|e| invalid(&e.to_string()))?
        .collect();
    // `localhost` may resolve to ::1 first; prefer the IPv4 loopback the
    // local endpoint listens on.
    let addr = addrs
        .iter()
        .find(|a| a.is_ipv4())
        .or(addrs.first())
        .copied()
        .ok_or_else(|| invalid("resolves to no address"))?;
    if !addr.ip().is_loopback() {
        return Err(FaultProxyError::NotLoopback {
            upstream: upstream.to_owned(),
        });
    }
    Ok(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_urls_parse() {
        let want: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        assert_eq!(parse_upstream("http://127.0.0.1:5000").unwrap(), want);
        assert_eq!(parse_upstream("http://127.0.0.1:5000/").unwrap(), want);
        assert_eq!(
            parse_upstream("http://localhost:5000").unwrap().port(),
            5000
        );
    }

    #[test]
    fn other_hosts_schemes_and_paths_are_refused() {
        assert!(matches!(
            parse_upstream("http://10.1.2.3:80"),
            Err(FaultProxyError::NotLoopback { .. })
        ));
        for bad in [
            "https://127.0.0.1:5000",
            "127.0.0.1:5000",
            "http://127.0.0.1:5000/x",
            "http://127.0.0.1",
        ] {
            assert!(
                matches!(
                    parse_upstream(bad),
                    Err(FaultProxyError::InvalidUpstream { .. })
                ),
                "{bad}"
            );
        }
    }
}
