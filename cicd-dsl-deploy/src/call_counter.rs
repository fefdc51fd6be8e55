//! Counts AWS API calls per operation, so a command can report (and a
//! benchmark can bound) how many requests it made.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use serde::Serialize;

/// Calls made, keyed by `"<service>:<Operation>"` (e.g. `"cloudformation:DescribeStacks"`).
///
/// One entry per SDK execution: retries of the same call are not counted twice,
/// because what a user pays attention to is the number of requests the tool
/// decided to make.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ApiCallCounts(pub BTreeMap<String, u64>);

impl ApiCallCounts {
    /// Total calls to one service (`"cloudformation"`, `"s3"`).
    pub fn service_total(&self, service: &str) -> u64 {
        let prefix = format!("{service}:");
        self.0
            .iter()
            .filter(|(name, _)| name.starts_with(&prefix))
            .map(|(_, count)| count)
            .sum()
    }

    /// Calls of one operation, e.g. `count("cloudformation:CreateChangeSet")`.
    pub fn count(&self, key: &str) -> u64 {
        self.0.get(key).copied().unwrap_or(0)
    }

    /// Calls made since `earlier` was taken.
    pub fn since(&self, earlier: &ApiCallCounts) -> ApiCallCounts {
        let mut diff = BTreeMap::new();
        for (name, count) in &self.0 {
            let delta = count - earlier.count(name);
            if delta > 0 {
                diff.insert(name.clone(), delta);
            }
        }
        ApiCallCounts(diff)
    }
}

/// SDK interceptor shared by every client built in [`crate::load_aws`].
#[derive(Debug, Clone, Default)]
pub(crate) struct CallCounter {
    counts: Arc<Mutex<BTreeMap<String, u64>>>,
}

impl CallCounter {
    pub(crate) fn snapshot(&self) -> ApiCallCounts {
        ApiCallCounts(self.lock().clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, u64>> {
        // A panic while holding this lock cannot leave the map inconsistent
        // (one insert), so a poisoned lock is still usable.
        self.counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "CicdDslCallCounter"
    }

    // Once per execution, and late enough that the operation's own
    // configuration (which carries `Metadata`) is in the bag; client-level
    // `read_before_execution` runs before that.
    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let key = match cfg.load::<Metadata>() {
            Some(meta) => format!("{}:{}", meta.service().to_ascii_lowercase(), meta.name()),
            None => "unknown:unknown".to_owned(),
        };
        *self.lock().entry(key).or_insert(0) += 1;
        Ok(())
    }
}
