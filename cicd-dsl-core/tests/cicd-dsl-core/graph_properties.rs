//! Property tests of the deployment graph: any DAG sorts so that every edge
//! is respected, and any injected cycle is reported with exactly its members.

use cicd_dsl_core::Graph;
use proptest::prelude::*;
use std::collections::BTreeSet;

/// A random DAG: node i may depend only on nodes with a smaller index.
fn dag() -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
    (2usize..40).prop_flat_map(|n| {
        let edges = proptest::collection::vec((1..n, 0..n), 0..n * 3).prop_map(|pairs| {
            pairs
                .into_iter()
                .filter_map(|(a, b)| (b < a).then_some((a, b)))
                .collect::<Vec<_>>()
        });
        (Just(n), edges)
    })
}

fn name(i: usize) -> String {
    format!("N{i}")
}

fn build(n: usize, edges: &[(usize, usize)]) -> Graph {
    let mut g = Graph::new();
    // Declare nodes in a shuffled-but-deterministic order so the order
    // cannot simply mirror the index order.
    for i in (0..n).rev() {
        g.add_node(&name(i));
    }
    for &(dependent, dependency) in edges {
        g.add_dependency(&name(dependent), &name(dependency));
    }
    g
}

proptest! {
    #[test]
    fn every_dag_orders_dependencies_first((n, edges) in dag()) {
        let g = build(n, &edges);
        let order = g.topological_order().expect("a DAG has an order");
        prop_assert_eq!(order.len(), n);
        let position = |x: &str| order.iter().position(|o| *o == x).unwrap();
        for &(dependent, dependency) in &edges {
            prop_assert!(position(&name(dependency)) < position(&name(dependent)));
        }
    }

    #[test]
    fn injected_cycle_is_reported_with_its_members(
        (n, edges) in dag(),
        picks in proptest::collection::btree_set(0usize..40, 2..6),
    ) {
        let members: Vec<usize> = picks.into_iter().filter(|&p| p < n).collect();
        prop_assume!(members.len() >= 2);
        // Members depend only on each other (through the injected edges), so
        // the injected cycle is the only one; others may still depend on them.
        let on_cycle: BTreeSet<usize> = members.iter().copied().collect();
        let kept: Vec<(usize, usize)> = edges
            .into_iter()
            .filter(|(dependent, _)| !on_cycle.contains(dependent))
            .collect();
        let mut g = build(n, &kept);
        for pair in members.windows(2) {
            g.add_dependency(&name(pair[0]), &name(pair[1]));
        }
        g.add_dependency(&name(*members.last().unwrap()), &name(members[0]));

        let cycle = g.topological_order().expect_err("a cycle has no order");
        let reported: BTreeSet<String> = cycle.members.iter().cloned().collect();
        // The reported cycle is a real cycle of the graph: each member
        // depends on the next.
        for (i, member) in cycle.members.iter().enumerate() {
            let next = &cycle.members[(i + 1) % cycle.members.len()];
            prop_assert!(g.dependencies_of(member).contains(&next.as_str()));
        }
        let expected: BTreeSet<String> = members.iter().map(|&m| name(m)).collect();
        prop_assert_eq!(reported, expected);
    }
}
