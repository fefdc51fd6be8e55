use std::sync::Mutex;

use crate::config::{FaultConfig, FaultKind};

/// The seeded decision, one roll per request.
#[derive(Debug)]
pub(crate) struct FaultDice {
    rate: f64,
    kinds: Vec<FaultKind>,
    rng: Mutex<fastrand::Rng>,
}

impl FaultDice {
    pub(crate) fn new(config: &FaultConfig) -> Self {
        FaultDice {
            rate: config.rate,
            kinds: config.kinds.clone(),
            rng: Mutex::new(fastrand::Rng::with_seed(config.seed)),
        }
    }

    /// Whether the next request is faulted, and how. Draws the same number
    /// of values whatever the outcome, so that the decision for request `n`
    /// depends only on the seed and `n`.
    pub(crate) fn roll(&self) -> Option<FaultKind> {
        let mut rng = self
            .rng
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let share = rng.f64();
        let pick = rng.u64(..);
        if self.kinds.is_empty() || share >= self.rate {
            return None;
        }
        Some(self.kinds[(pick % self.kinds.len() as u64) as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rolls(config: &FaultConfig, n: usize) -> Vec<Option<FaultKind>> {
        let dice = FaultDice::new(config);
        (0..n).map(|_| dice.roll()).collect()
    }

    #[test]
    fn same_seed_same_faults_and_other_seed_other_faults() {
        let a = rolls(&FaultConfig::mixed(0.2, 42), 500);
        assert_eq!(a, rolls(&FaultConfig::mixed(0.2, 42), 500));
        assert_ne!(a, rolls(&FaultConfig::mixed(0.2, 43), 500));
    }

    #[test]
    fn faulted_share_matches_rate_and_every_kind_comes_up() {
        let n = 20_000;
        let all = rolls(&FaultConfig::mixed(0.2, 1), n);
        let faulted = all.iter().flatten().count();
        let share = faulted as f64 / n as f64;
        assert!((0.18..0.22).contains(&share), "share {share}");
        for kind in FaultKind::ALL {
            let count = all.iter().flatten().filter(|k| **k == kind).count();
            // 20% of 20000 spread over 6 kinds is about 667 each.
            assert!((500..850).contains(&count), "{kind}: {count}");
        }
    }

    #[test]
    fn zero_rate_never_and_full_rate_always() {
        assert!(
            rolls(&FaultConfig::mixed(0.0, 3), 1000)
                .iter()
                .all(Option::is_none)
        );
        assert!(
            rolls(&FaultConfig::none(), 1000)
                .iter()
                .all(Option::is_none)
        );
        let all = rolls(&FaultConfig::only(FaultKind::ConnectionReset, 1.0, 3), 1000);
        assert!(all.iter().all(|k| *k == Some(FaultKind::ConnectionReset)));
    }
}
