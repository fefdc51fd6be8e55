//! Lambda runtimes: which exist, and when each is deprecated.
//!
//! The table is copied from cfn-lint 1.58.0 (PyPI `cfn-lint`, MIT-0):
//! `data/AdditionalSpecs/LmbdRuntimeLifecycle.json` for the dates and
//! successors, plus the runtimes of the `AWS::Lambda::Function.Runtime` enum
//! in `data/schemas` (schema date 2026-10-20) that carry no dates. Refresh it
//! from a newer cfn-lint when AWS announces new dates; the dates are AWS's
//! "deprecation" dates (after which Lambda stops patching the runtime and
//! blocks creation soon after).

use super::Date;

/// One runtime and its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeInfo {
    pub id: &'static str,
    /// `YYYY-MM-DD`; ISO dates compare correctly as strings.
    pub deprecated: Option<&'static str>,
    /// What AWS recommends moving to.
    pub successor: Option<&'static str>,
}

/// Sorted by `id`.
#[rustfmt::skip]
pub const RUNTIMES: &[RuntimeInfo] = &[
    RuntimeInfo { id: "dotnet10", deprecated: Some("2028-11-14"), successor: None },
    RuntimeInfo { id: "dotnet6", deprecated: Some("2024-12-20"), successor: Some("dotnet10") },
    RuntimeInfo { id: "dotnet8", deprecated: Some("2026-11-10"), successor: Some("dotnet10") },
    RuntimeInfo { id: "dotnet9", deprecated: Some("2026-11-10"), successor: Some("dotnet10") },
    RuntimeInfo { id: "dotnetcore1.0", deprecated: Some("2019-06-27"), successor: Some("dotnet10") },
    RuntimeInfo { id: "dotnetcore2.0", deprecated: Some("2019-05-30"), successor: Some("dotnet10") },
    RuntimeInfo { id: "dotnetcore2.1", deprecated: Some("2022-01-05"), successor: Some("dotnet10") },
    RuntimeInfo { id: "dotnetcore3.1", deprecated: Some("2023-04-03"), successor: Some("dotnet10") },
    RuntimeInfo { id: "go1.x", deprecated: Some("2024-01-08"), successor: Some("provided.al2023") },
    RuntimeInfo { id: "java11", deprecated: Some("2027-06-30"), successor: Some("java25") },
    RuntimeInfo { id: "java11.al2023", deprecated: None, successor: None },
    RuntimeInfo { id: "java17", deprecated: Some("2027-06-30"), successor: Some("java25") },
    RuntimeInfo { id: "java17.al2023", deprecated: None, successor: None },
    RuntimeInfo { id: "java21", deprecated: Some("2029-06-30"), successor: Some("java25") },
    RuntimeInfo { id: "java25", deprecated: Some("2029-06-30"), successor: None },
    RuntimeInfo { id: "java8", deprecated: Some("2024-01-08"), successor: Some("java25") },
    RuntimeInfo { id: "java8.al2", deprecated: Some("2027-06-30"), successor: Some("java25") },
    RuntimeInfo { id: "java8.al2023", deprecated: None, successor: None },
    RuntimeInfo { id: "nodejs", deprecated: Some("2016-08-30"), successor: Some("nodejs24.x") },
    RuntimeInfo { id: "nodejs10.x", deprecated: Some("2021-07-30"), successor: Some("nodejs24.x") },
    RuntimeInfo { id: "nodejs12.x", deprecated: Some("2023-03-31"), successor: Some("nodejs24.x") },
    RuntimeInfo { id: "nodejs14.x", deprecated: Some("2023-12-04"), successor: Some("nodejs24.x") },
    RuntimeInfo { id: "nodejs16.x", deprecated: Some("2024-06-12"), successor: Some("nodejs24.x") },
    RuntimeInfo { id: "nodejs18.x", deprecated: Some("2025-09-01"), successor: Some("nodejs24.x") },
    RuntimeInfo { id: "nodejs20.x", deprecated: Some("2026-04-30"), successor: Some("nodejs24.x") },
    RuntimeInfo { id: "nodejs22.x", deprecated: Some("2027-04-30"), successor: Some("nodejs24.x") },
    RuntimeInfo { id: "nodejs24.x", deprecated: Some("2028-04-30"), successor: None },
    RuntimeInfo { id: "nodejs26.x", deprecated: None, successor: None },
    RuntimeInfo { id: "nodejs4.3", deprecated: Some("2020-03-05"), successor: Some("nodejs24.x") },
    RuntimeInfo { id: "nodejs4.3-edge", deprecated: Some("2020-03-05"), successor: Some("nodejs24.x") },
    RuntimeInfo { id: "nodejs6.10", deprecated: Some("2019-08-12"), successor: Some("nodejs24.x") },
    RuntimeInfo { id: "nodejs8.10", deprecated: Some("2020-03-06"), successor: Some("nodejs24.x") },
    RuntimeInfo { id: "provided", deprecated: Some("2024-01-08"), successor: Some("provided.al2023") },
    RuntimeInfo { id: "provided.al2", deprecated: Some("2026-07-31"), successor: Some("provided.al2023") },
    RuntimeInfo { id: "provided.al2023", deprecated: Some("2029-06-30"), successor: None },
    RuntimeInfo { id: "python2.7", deprecated: Some("2021-07-15"), successor: Some("python3.14") },
    RuntimeInfo { id: "python3.10", deprecated: Some("2026-10-31"), successor: Some("python3.14") },
    RuntimeInfo { id: "python3.11", deprecated: Some("2027-06-30"), successor: Some("python3.14") },
    RuntimeInfo { id: "python3.12", deprecated: Some("2028-10-31"), successor: Some("python3.14") },
    RuntimeInfo { id: "python3.13", deprecated: Some("2029-06-30"), successor: Some("python3.14") },
    RuntimeInfo { id: "python3.14", deprecated: Some("2029-06-30"), successor: None },
    RuntimeInfo { id: "python3.15", deprecated: None, successor: None },
    RuntimeInfo { id: "python3.6", deprecated: Some("2022-07-18"), successor: Some("python3.14") },
    RuntimeInfo { id: "python3.7", deprecated: Some("2023-12-04"), successor: Some("python3.14") },
    RuntimeInfo { id: "python3.8", deprecated: Some("2024-10-14"), successor: Some("python3.14") },
    RuntimeInfo { id: "python3.9", deprecated: Some("2025-12-15"), successor: Some("python3.14") },
    RuntimeInfo { id: "ruby2.5", deprecated: Some("2021-07-30"), successor: Some("ruby4.0") },
    RuntimeInfo { id: "ruby2.7", deprecated: Some("2023-12-07"), successor: Some("ruby4.0") },
    RuntimeInfo { id: "ruby3.2", deprecated: Some("2026-03-31"), successor: Some("ruby4.0") },
    RuntimeInfo { id: "ruby3.3", deprecated: Some("2027-03-31"), successor: Some("ruby4.0") },
    RuntimeInfo { id: "ruby3.4", deprecated: Some("2028-03-31"), successor: Some("ruby4.0") },
    RuntimeInfo { id: "ruby4.0", deprecated: Some("2029-03-31"), successor: None },
];

/// The table entry for `id`, if Lambda knows the runtime.
pub fn runtime_info(id: &str) -> Option<&'static RuntimeInfo> {
    RUNTIMES
        .binary_search_by(|r| r.id.cmp(id))
        .ok()
        .map(|i| &RUNTIMES[i])
}

/// Where a runtime stands on `today` (`YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuntimeStatus {
    Supported,
    /// Deprecation is announced within [`DEPRECATION_NOTICE_DAYS`].
    Deprecating {
        on: &'static str,
        successor: Option<&'static str>,
    },
    Deprecated {
        since: &'static str,
        successor: Option<&'static str>,
    },
    Unknown,
}

/// How far ahead a coming deprecation is reported as a warning.
pub const DEPRECATION_NOTICE_DAYS: i64 = 180;

pub fn runtime_status(id: &str, today: Date) -> RuntimeStatus {
    let Some(info) = runtime_info(id) else {
        return RuntimeStatus::Unknown;
    };
    let Some(date) = info.deprecated else {
        return RuntimeStatus::Supported;
    };
    let Some(deprecation) = Date::parse(date) else {
        unreachable!("the table's dates are checked by a test");
    };
    match today.days_until(deprecation) {
        ..=0 => RuntimeStatus::Deprecated {
            since: date,
            successor: info.successor,
        },
        1..=DEPRECATION_NOTICE_DAYS => RuntimeStatus::Deprecating {
            on: date,
            successor: info.successor,
        },
        _ => RuntimeStatus::Supported,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(iso: &str) -> Date {
        Date::parse(iso).unwrap()
    }

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(RUNTIMES.windows(2).all(|w| w[0].id < w[1].id));
        for r in RUNTIMES {
            if let Some(s) = r.successor {
                assert!(runtime_info(s).is_some(), "{} -> {s}", r.id);
            }
            if let Some(d) = r.deprecated {
                assert!(Date::parse(d).is_some(), "{d}");
            }
        }
    }

    #[test]
    fn python_lifecycle() {
        assert_eq!(
            runtime_status("python3.9", day("2026-01-01")),
            RuntimeStatus::Deprecated {
                since: "2025-12-15",
                successor: Some("python3.14")
            }
        );
        assert_eq!(
            runtime_status("python3.9", day("2025-12-14")),
            RuntimeStatus::Deprecating {
                on: "2025-12-15",
                successor: Some("python3.14")
            }
        );
        assert_eq!(
            runtime_status("python3.9", day("2025-01-01")),
            RuntimeStatus::Supported
        );
        assert_eq!(
            runtime_status("python3.13", day("2026-11-26")),
            RuntimeStatus::Supported
        );
        assert_eq!(
            runtime_status("python3.15", day("2026-11-26")),
            RuntimeStatus::Supported
        );
        assert_eq!(
            runtime_status("python4.0", day("2026-11-26")),
            RuntimeStatus::Unknown
        );
    }

    #[test]
    fn provided_al2023_is_the_rust_runtime() {
        assert_eq!(
            runtime_status("provided.al2023", day("2026-11-26")),
            RuntimeStatus::Supported
        );
        assert!(matches!(
            runtime_status("provided.al2", day("2026-11-26")),
            RuntimeStatus::Deprecated {
                successor: Some("provided.al2023"),
                ..
            }
        ));
    }
}
