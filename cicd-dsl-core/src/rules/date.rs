//! A calendar day, which the caller supplies: the core reads no clock, so
//! `check` gives the same answer for the same stack and the same day. The
//! macro passes the day of the build, the CLI's `check` the current day,
//! tests a fixed one.

use std::fmt;

/// A day in UTC, counted from 1970-01-01 (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    days: i64,
}

impl Date {
    /// `YYYY-MM-DD`; `None` for anything else.
    pub fn parse(iso: &str) -> Option<Date> {
        let mut parts = iso.splitn(3, '-').map(|p| p.parse::<i64>().ok());
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
        Some(Date {
            days: era * 146_097 + doe - 719_468,
        })
    }

    /// The day a Unix timestamp falls on, for callers that read a clock
    /// (`SystemTime`, `SOURCE_DATE_EPOCH`).
    pub fn from_unix_seconds(seconds: u64) -> Date {
        Date {
            days: (seconds / 86_400) as i64,
        }
    }

    /// Days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days - self.days
    }
}

/// `YYYY-MM-DD` (Hinnant's civil_from_days).
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let z = self.days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn iso_dates_round_trip() {
        assert_eq!(Date::parse("1970-01-01"), Some(Date::from_unix_seconds(0)));
        assert_eq!(
            Date::parse("2000-03-01"),
            Some(Date::from_unix_seconds(11_017 * 86_400))
        );
        for days in [0u64, 59, 60, 11_016, 20_000, 21_513, 40_000] {
            let date = Date::from_unix_seconds(days * 86_400 + 3_600);
            assert_eq!(Date::parse(&date.to_string()), Some(date));
        }
        assert_eq!(Date::parse("2025-13-01"), None);
        assert_eq!(Date::parse("soon"), None);
    }

    #[test]
    fn counts_days_across_a_leap_day() {
        let before = Date::parse("2028-02-28").unwrap();
        let after = Date::parse("2028-03-01").unwrap();
        assert_eq!(before.days_until(after), 2);
        assert_eq!(after.days_until(before), -2);
    }
}
