//! A stack set's instances as CloudFormation lists them, and the targets
//! (accounts x Regions) a command asks for.

use crate::error::{DeployError, aws_error};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The accounts and Regions a stack set is rolled out to: every account
/// in every Region.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Targets {
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
}

impl Targets {
    pub fn pairs(&self) -> impl Iterator<Item = (String, String)> + '_ {
        self.regions.iter().flat_map(move |region| {
            self.accounts
                .iter()
                .map(move |account| (account.clone(), region.clone()))
        })
    }
}

/// One account and Region of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct InstanceResult {
    pub account: String,
    pub region: String,
    /// PENDING, RUNNING, SUCCEEDED, FAILED or CANCELLED.
    pub status: String,
    pub reason: Option<String>,
}

/// A stack instance as it stands.
#[derive(Debug, Clone, Serialize)]
pub struct InstanceRow {
    pub account: String,
    pub region: String,
    /// CURRENT, OUTDATED or INOPERABLE.
    pub status: String,
    /// PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED or INOPERABLE.
    pub detailed_status: Option<String>,
    pub reason: Option<String>,
    pub stack_id: Option<String>,
}

pub async fn list_instances(
    clients: &crate::AwsClients,
    stack_set: &str,
) -> Result<Vec<InstanceRow>, DeployError> {
    let mut rows = Vec::new();
    let mut token = None;
    loop {
        let page = clients
            .cloudformation
            .list_stack_instances()
            .stack_set_name(stack_set)
            .set_next_token(token)
            .send()
            .await
            .map_err(|err| aws_error("ListStackInstances", err))?;
        rows.extend(page.summaries().iter().map(|s| {
            InstanceRow {
                account: s.account().unwrap_or_default().to_owned(),
                region: s.region().unwrap_or_default().to_owned(),
                status: s
                    .status()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
                detailed_status: s
                    .stack_instance_status()
                    .and_then(|d| d.detailed_status())
                    .map(|d| d.as_str().to_owned()),
                reason: s.status_reason().map(str::to_owned),
                stack_id: s.stack_id().map(str::to_owned),
            }
        }));
        token = page.next_token().map(str::to_owned);
        if token.is_none() {
            rows.sort_by(|a, b| (&a.region, &a.account).cmp(&(&b.region, &b.account)));
            return Ok(rows);
        }
    }
}

/// The pairs of `wanted` that are not instances yet, grouped into
/// (accounts, Regions) products, one per set of Regions sharing the same
/// missing accounts (CreateStackInstances takes a product).
pub fn missing_groups(wanted: &Targets, existing: &[InstanceRow]) -> Vec<Targets> {
    let have: BTreeSet<(&str, &str)> = existing
        .iter()
        .map(|i| (i.account.as_str(), i.region.as_str()))
        .collect();
    let mut by_accounts: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for region in &wanted.regions {
        let accounts: Vec<String> = wanted
            .accounts
            .iter()
            .filter(|a| !have.contains(&(a.as_str(), region.as_str())))
            .cloned()
            .collect();
        if !accounts.is_empty() {
            by_accounts
                .entry(accounts)
                .or_default()
                .push(region.clone());
        }
    }
    by_accounts
        .into_iter()
        .map(|(accounts, regions)| Targets { accounts, regions })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(account: &str, region: &str) -> InstanceRow {
        InstanceRow {
            account: account.into(),
            region: region.into(),
            status: "CURRENT".into(),
            detailed_status: None,
            reason: None,
            stack_id: None,
        }
    }

    #[test]
    fn missing_pairs_group_into_products() {
        let wanted = Targets {
            accounts: vec!["1".into(), "2".into()],
            regions: vec!["a".into(), "b".into(), "c".into()],
        };
        // Region a has both, b lacks 2, c lacks both.
        let existing = [row("1", "a"), row("2", "a"), row("1", "b")];
        let groups = missing_groups(&wanted, &existing);
        assert_eq!(
            groups,
            [
                Targets {
                    accounts: vec!["1".into(), "2".into()],
                    regions: vec!["c".into()]
                },
                Targets {
                    accounts: vec!["2".into()],
                    regions: vec!["b".into()]
                },
            ]
        );
        assert!(missing_groups(&wanted, &[]).len() == 1);
    }
}
