//! The deployment graph: items as nodes, "must exist before" as edges.
//!
//! Edges come from references between items and from explicit depends-on.
//! The order is deterministic: among the nodes ready at each step, the one
//! declared first goes first, so the same stack always yields the same order.

use crate::model::StackDef;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Graph {
    nodes: Vec<String>,
    /// Position of each name in `nodes`.
    positions: HashMap<String, usize>,
    /// `(from, to)`: `from` must exist before `to`. Indexes into `nodes`.
    edges: BTreeSet<(usize, usize)>,
}

/// A dependency cycle, with its members in the order they depend on each
/// other (each needs the next; the last needs the first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dependency cycle: {}", display_cycle(.members))]
pub struct Cycle {
    pub members: Vec<String>,
}

fn display_cycle(members: &[String]) -> String {
    let mut text = members.join(" -> ");
    if let Some(first) = members.first() {
        text.push_str(" -> ");
        text.push_str(first);
    }
    text
}

impl Graph {
    pub fn new() -> Self {
        Graph::default()
    }

    /// Adds a node and returns its index; adding a known name returns the
    /// existing index.
    pub fn add_node(&mut self, name: &str) -> usize {
        if let Some(i) = self.index(name) {
            return i;
        }
        self.nodes.push(name.to_owned());
        self.positions.insert(name.to_owned(), self.nodes.len() - 1);
        self.nodes.len() - 1
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.positions.get(name).copied()
    }

    /// Records that `dependent` needs `dependency` to exist first. Unknown
    /// names are added as nodes.
    pub fn add_dependency(&mut self, dependent: &str, dependency: &str) {
        let to = self.add_node(dependent);
        let from = self.add_node(dependency);
        self.edges.insert((from, to));
    }

    pub fn nodes(&self) -> &[String] {
        &self.nodes
    }

    /// Edges as `(dependency, dependent)` names.
    pub fn edges(&self) -> impl Iterator<Item = (&str, &str)> {
        self.edges
            .iter()
            .map(|&(a, b)| (self.nodes[a].as_str(), self.nodes[b].as_str()))
    }

    /// What `node` depends on, in declaration order.
    pub fn dependencies_of(&self, node: &str) -> Vec<&str> {
        let Some(i) = self.index(node) else {
            return Vec::new();
        };
        self.edges
            .iter()
            .filter(|&&(_, to)| to == i)
            .map(|&(from, _)| self.nodes[from].as_str())
            .collect()
    }

    /// A topological order (Kahn's algorithm, ties broken by declaration
    /// order), or the first cycle found.
    pub fn topological_order(&self) -> Result<Vec<&str>, Cycle> {
        let n = self.nodes.len();
        let mut incoming = vec![0usize; n];
        let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &(from, to) in &self.edges {
            incoming[to] += 1;
            outgoing[from].push(to);
        }
        let mut ready: BTreeSet<usize> = (0..n).filter(|&i| incoming[i] == 0).collect();
        let mut order = Vec::with_capacity(n);
        while let Some(next) = ready.pop_first() {
            order.push(next);
            for &to in &outgoing[next] {
                incoming[to] -= 1;
                if incoming[to] == 0 {
                    ready.insert(to);
                }
            }
        }
        if order.len() == n {
            return Ok(order.into_iter().map(|i| self.nodes[i].as_str()).collect());
        }
        let stuck: BTreeSet<usize> = (0..n).filter(|&i| incoming[i] > 0).collect();
        Err(self.find_cycle(&stuck))
    }

    /// Every node left after Kahn's algorithm is on a cycle or downstream of
    /// one; walking backwards along dependencies from any of them must
    /// revisit a node, and the walk from that node is a cycle.
    fn find_cycle(&self, stuck: &BTreeSet<usize>) -> Cycle {
        let start = *stuck.first().expect("a failed sort leaves nodes behind");
        let mut path = vec![start];
        loop {
            let current = *path.last().expect("path is never empty");
            let dependency = self
                .edges
                .iter()
                .find(|&&(from, to)| to == current && stuck.contains(&from))
                .map(|&(from, _)| from)
                .expect("a stuck node has a stuck dependency");
            if let Some(pos) = path.iter().position(|&p| p == dependency) {
                // path[pos..] lists each node followed by what it depends on.
                let members = path[pos..].iter().map(|&i| self.nodes[i].clone()).collect();
                return Cycle { members };
            }
            path.push(dependency);
        }
    }

    /// Mermaid flowchart source: an arrow from each dependency to what needs it.
    pub fn to_mermaid(&self, label: impl Fn(&str) -> String) -> String {
        self.render(TextFormat::Mermaid, label)
    }

    /// Graphviz DOT source, same shape as [`Graph::to_mermaid`].
    pub fn to_dot(&self, label: impl Fn(&str) -> String) -> String {
        self.render(TextFormat::Dot, label)
    }

    /// The graph as text: a header, a line per node, a line per edge and,
    /// for DOT, the closing brace.
    fn render(&self, format: TextFormat, label: impl Fn(&str) -> String) -> String {
        use TextFormat::{Dot, Mermaid};
        let mut out = String::from(match format {
            Mermaid => "flowchart LR\n",
            Dot => "digraph stack {\n    rankdir=LR;\n    node [shape=box];\n",
        });
        for node in &self.nodes {
            let label = label(node);
            out.push_str(&match format {
                Mermaid => format!("    {node}[\"{label}\"]\n"),
                Dot => format!("    {node} [label=\"{label}\"];\n"),
            });
        }
        for (from, to) in self.edges() {
            out.push_str(&match format {
                Mermaid => format!("    {from} --> {to}\n"),
                Dot => format!("    {from} -> {to};\n"),
            });
        }
        if let Dot = format {
            out.push_str("}\n");
        }
        out
    }
}

/// The text formats [`Graph`] writes.
#[derive(Clone, Copy)]
enum TextFormat {
    Mermaid,
    Dot,
}

impl StackDef {
    /// The stack's item graph. References to names that are not items of
    /// the stack are left out here; the rules report them.
    pub fn graph(&self) -> Graph {
        let mut graph = Graph::new();
        for resource in &self.resources {
            graph.add_node(&resource.id);
        }
        for resource in &self.resources {
            for reference in resource.kind.references() {
                let target = &reference.target.item;
                if reference.orders_items() && graph.index(target).is_some() {
                    graph.add_dependency(&resource.id, target);
                }
            }
            for dependency in &resource.depends_on {
                if graph.index(dependency).is_some() {
                    graph.add_dependency(&resource.id, dependency);
                }
            }
        }
        graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &str)]) -> Graph {
        let mut g = Graph::new();
        for (dependent, dependency) in edges {
            g.add_dependency(dependent, dependency);
        }
        g
    }

    #[test]
    fn order_puts_dependencies_first() {
        let g = graph(&[
            ("Project", "Role"),
            ("Pipeline", "Project"),
            ("Pipeline", "Role"),
        ]);
        assert_eq!(
            g.topological_order().unwrap(),
            ["Role", "Project", "Pipeline"]
        );
    }

    #[test]
    fn cycle_names_every_member_in_dependency_order() {
        let g = graph(&[("A", "B"), ("B", "C"), ("C", "A"), ("D", "A")]);
        let cycle = g.topological_order().unwrap_err();
        let mut members = cycle.members.clone();
        members.sort();
        assert_eq!(members, ["A", "B", "C"]);
        assert!(cycle.to_string().starts_with("dependency cycle: "));
    }

    #[test]
    fn self_loop_is_a_cycle() {
        let mut g = Graph::new();
        g.add_dependency("A", "A");
        assert_eq!(g.topological_order().unwrap_err().members, ["A"]);
    }

    #[test]
    fn mermaid_and_dot_list_every_edge() {
        let g = graph(&[("Project", "Role")]);
        let mermaid = g.to_mermaid(|n| n.to_owned());
        assert!(mermaid.contains("Role --> Project"));
        let dot = g.to_dot(|n| n.to_owned());
        assert!(dot.contains("Role -> Project;"));
    }

    #[test]
    fn mermaid_and_dot_write_every_node_then_every_edge() {
        let g = graph(&[("Build", "Role")]);
        let label = |node: &str| format!("{node} item");
        assert_eq!(
            g.to_mermaid(label),
            "flowchart LR\n    Build[\"Build item\"]\n    Role[\"Role item\"]\n    Role --> Build\n"
        );
        assert_eq!(
            g.to_dot(label),
            "digraph stack {\n    rankdir=LR;\n    node [shape=box];\n    Build [label=\"Build item\"];\n    Role [label=\"Role item\"];\n    Role -> Build;\n}\n"
        );
    }
}
