//! Operation preferences of a stack set operation: how many accounts of a
//! Region run at once, how many may fail there, and in which order the
//! Regions go. CloudFormation counts both numbers per Region and takes
//! each as a count or a percentage of the Region's accounts (rounded down;
//! a concurrency that rounds to zero counts as one).

use aws_sdk_cloudformation::types::{RegionConcurrencyType, StackSetOperationPreferences};
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// `N` accounts or `N%` of a Region's accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    Count(u32),
    Percent(u32),
}

impl FromStr for Amount {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if let Some(number) = text.strip_suffix('%') {
            let percent: u32 = number
                .parse()
                .map_err(|_| format!("{text:?} is not a percentage: write e.g. 25%"))?;
            if percent > 100 {
                return Err(format!("{text:?}: a percentage is at most 100%"));
            }
            return Ok(Amount::Percent(percent));
        }
        text.parse().map(Amount::Count).map_err(|_| {
            format!("{text:?} is neither a count (e.g. 2) nor a percentage (e.g. 25%)")
        })
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Amount::Count(n) => write!(f, "{n}"),
            Amount::Percent(n) => write!(f, "{n}%"),
        }
    }
}

/// What `--max-concurrent`, `--failure-tolerance` and `--region-order`
/// (or `[stackset]` in cicd.toml) ask for; unset ones keep
/// CloudFormation's defaults (one account at a time, no failure
/// tolerated, Regions in the order given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Preferences {
    pub max_concurrent: Option<Amount>,
    pub failure_tolerance: Option<Amount>,
    pub region_order: Vec<String>,
    /// All Regions at once instead of one after another.
    pub parallel_regions: bool,
}

impl Preferences {
    /// Why CloudFormation would refuse these, checked before any call.
    pub fn problem(&self) -> Option<String> {
        match self.max_concurrent {
            Some(Amount::Count(0)) => Some("max concurrent must be at least 1".to_owned()),
            Some(Amount::Percent(0)) => Some("max concurrent must be at least 1%".to_owned()),
            _ => None,
        }
    }

    pub fn to_sdk(&self) -> StackSetOperationPreferences {
        let mut builder = StackSetOperationPreferences::builder()
            .set_region_order((!self.region_order.is_empty()).then(|| self.region_order.clone()))
            .region_concurrency_type(if self.parallel_regions {
                RegionConcurrencyType::Parallel
            } else {
                RegionConcurrencyType::Sequential
            });
        builder = match self.max_concurrent {
            Some(Amount::Count(n)) => builder.max_concurrent_count(n as i32),
            Some(Amount::Percent(n)) => builder.max_concurrent_percentage(n as i32),
            None => builder,
        };
        builder = match self.failure_tolerance {
            Some(Amount::Count(n)) => builder.failure_tolerance_count(n as i32),
            Some(Amount::Percent(n)) => builder.failure_tolerance_percentage(n as i32),
            None => builder,
        };
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_percentages_parse_and_nonsense_is_named() {
        assert_eq!("2".parse(), Ok(Amount::Count(2)));
        assert_eq!("25%".parse(), Ok(Amount::Percent(25)));
        assert!(
            "150%"
                .parse::<Amount>()
                .unwrap_err()
                .contains("at most 100%")
        );
        assert!(
            "two"
                .parse::<Amount>()
                .unwrap_err()
                .contains("neither a count")
        );
        assert!(
            "x%".parse::<Amount>()
                .unwrap_err()
                .contains("not a percentage")
        );
    }

    #[test]
    fn the_sdk_preferences_carry_count_or_percentage() {
        let prefs = Preferences {
            max_concurrent: Some(Amount::Percent(50)),
            failure_tolerance: Some(Amount::Count(1)),
            region_order: vec!["eu-west-1".into()],
            parallel_regions: false,
        }
        .to_sdk();
        assert_eq!(prefs.max_concurrent_percentage(), Some(50));
        assert_eq!(prefs.max_concurrent_count(), None);
        assert_eq!(prefs.failure_tolerance_count(), Some(1));
        assert_eq!(prefs.region_order(), ["eu-west-1"]);
    }
}
