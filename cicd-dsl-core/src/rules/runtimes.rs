//! Lambda runtimes: which exist, and when each is deprecated.
//!
//! The table is copied from cfn-lint 1.58.0 (PyPI `cfn-lint`, MIT-0):
//! `data/AdditionalSpecs/LmbdRuntimeLifecycle.json` for the dates and
//! successors, plus the runtimes of the `AWS::Lambda::Function.Runtime` enum
//! in `data/schemas` (schema date 2026-10-20) that carry no dates. Refresh it
//! from a newer cfn-lint when AWS announces new dates; the dates are AWS's
//! "deprecation" dates (after which Lambda stops patching the runtime and
//! blocks creation soon after).

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

pub fn runtime_status(id: &str, today: &str) -> RuntimeStatus {
    let Some(info) = runtime_info(id) else {
        return RuntimeStatus::Unknown;
    };
    let Some(date) = info.deprecated else {
        return RuntimeStatus::Supported;
    };
    if date <= today {
        return RuntimeStatus::Deprecated {
            since: date,
            successor: info.successor,
        };
    }
    match (days_from_iso(date), days_from_iso(today)) {
        (Some(d), Some(t)) if d - t <= DEPRECATION_NOTICE_DAYS => RuntimeStatus::Deprecating {
            on: date,
            successor: info.successor,
        },
        _ => RuntimeStatus::Supported,
    }
}

/// Today's date in UTC as `YYYY-MM-DD`. Runtime deprecation is a fact about
/// time: a stack on a runtime that AWS deprecates stops compiling on that
/// day, which is exactly when it needs attention.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    iso_from_days((secs / 86_400) as i64)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
pub fn days_from_iso(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The inverse of [`days_from_iso`].
pub fn iso_from_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(RUNTIMES.windows(2).all(|w| w[0].id < w[1].id));
        for r in RUNTIMES {
            if let Some(s) = r.successor {
                assert!(runtime_info(s).is_some(), "{} -> {s}", r.id);
            }
            if let Some(d) = r.deprecated {
                assert!(days_from_iso(d).is_some(), "{d}");
            }
        }
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(days_from_iso("1970-01-01"), Some(0));
        assert_eq!(days_from_iso("2000-03-01"), Some(11_017));
        for days in [0, 59, 60, 11_016, 20_000, 21_513, 40_000] {
            assert_eq!(days_from_iso(&iso_from_days(days)), Some(days));
        }
        assert_eq!(days_from_iso("2025-13-01"), None);
        assert_eq!(days_from_iso("soon"), None);
        assert_eq!(today().len(), 10);
    }

    #[test]
    fn python_lifecycle() {
        assert_eq!(
            runtime_status("python3.9", "2026-01-01"),
            RuntimeStatus::Deprecated {
                since: "2025-12-15",
                successor: Some("python3.14")
            }
        );
        assert_eq!(
            runtime_status("python3.9", "2025-12-14"),
            RuntimeStatus::Deprecating {
                on: "2025-12-15",
                successor: Some("python3.14")
            }
        );
        assert_eq!(
            runtime_status("python3.9", "2025-01-01"),
            RuntimeStatus::Supported
        );
        assert_eq!(
            runtime_status("python3.13", "2026-11-26"),
            RuntimeStatus::Supported
        );
        assert_eq!(
            runtime_status("python3.15", "2026-11-26"),
            RuntimeStatus::Supported
        );
        assert_eq!(
            runtime_status("python4.0", "2026-11-26"),
            RuntimeStatus::Unknown
        );
    }

    #[test]
    fn provided_al2023_is_the_rust_runtime() {
        assert_eq!(
            runtime_status("provided.al2023", "2026-11-26"),
            RuntimeStatus::Supported
        );
        assert!(matches!(
            runtime_status("provided.al2", "2026-11-26"),
            RuntimeStatus::Deprecated {
                successor: Some("provided.al2023"),
                ..
            }
        ));
    }
}
