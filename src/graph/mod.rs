//! The knowledge graph: typed nodes and relations, each with its evidence.
//!
//! The graph stage: [`build_graph`] (`build.rs`) makes it from the products of the analysis
//! ([`crate::analysis::Analysis`]); [`measures`] adds the co-signature measures to its people.
//! Read by [`crate::export`], [`crate::inspect`] and [`crate::eval`].

pub mod build;
pub mod measures;

use std::collections::BTreeMap;

use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};

use crate::types::{EntityType, Evidence, Source};

pub use build::build_graph;

/// A typed attribute value of a node (`population`, `country`, `signers`, ...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttrValue {
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<String>),
}

/// A node of the knowledge graph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Stable slug id: `person:saeid-masouri`, `prison:gohardasht-prison`, `letter:...`.
    pub id: String,
    /// Display name (canonical form).
    pub label: String,
    pub entity_type: EntityType,
    /// Every distinct form seen in the text, verbatim, sorted.
    pub surfaces: Vec<String>,
    /// Aliases from the gazetteer, sorted.
    pub aliases: Vec<String>,
    /// Documents (file names relative to the input folder, or JSONL ids), sorted.
    pub documents: Vec<std::sync::Arc<str>>,
    /// Number of mentions in the corpus.
    pub mentions: u64,
    pub source: Source,
    /// ISO date, possibly partial (`2016`, `2016-12`, `2016-12-18`), for letters and events.
    pub date: Option<String>,
    /// Type-specific attributes (`country`, `population`, `acronym`, `signer_count`, ...).
    pub attrs: BTreeMap<String, AttrValue>,
    /// Where the node is mentioned (first few spans per document are enough for display).
    pub evidence: Vec<Evidence>,
}

/// A relation between two nodes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Upper case: `SIGNED`, `CO_SIGNED`, `HELD_IN`, `WRITTEN_IN`, `LOCATED_IN`,
    /// `ADDRESSED_TO`, `PUBLISHED_BY`, `ORGANIZED_BY`, `MENTIONED_IN`.
    pub relation: String,
    pub weight: f64,
    /// For `CO_SIGNED`: the letters signed together (sorted ids).
    pub letters: Vec<String>,
    /// ISO date (possibly partial) when the relation holds from (letter dates for `SIGNED`,
    /// `CO_SIGNED`: the earliest letter).
    pub date: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// People who signed at least one letter, by node index.
pub(crate) fn signers(g: &KnowledgeGraph) -> Vec<bool> {
    let mut s = vec![false; g.node_count()];
    for e in g.graph.edge_indices() {
        let rel = g.graph[e].relation.as_str();
        if rel == "SIGNED" || rel == "CO_SIGNED" {
            let (a, b) = g.graph.edge_endpoints(e).expect("valid edge");
            for ix in [a, b] {
                if g.graph[ix].entity_type == EntityType::Person {
                    s[ix.index()] = true;
                }
            }
        }
    }
    s
}

/// `CO_SIGNED` is symmetric: stored once with source id < target id.
pub const UNDIRECTED_RELATIONS: &[&str] = &["CO_SIGNED"];

/// The knowledge graph. Nodes are sorted by id and edges by (source id, target id, relation),
/// so that every export written from it is deterministic.
#[derive(Clone, Debug, Default)]
pub struct KnowledgeGraph {
    pub graph: DiGraph<Node, Edge>,
    index: BTreeMap<String, NodeIndex>,
}

impl KnowledgeGraph {
    /// Builds a graph from nodes and edges given by node ids. Nodes are sorted by id, edges by
    /// (source, target, relation). Edges whose ends are unknown are an error in the caller:
    /// they panic in debug builds and are dropped in release builds.
    pub fn from_parts(mut nodes: Vec<Node>, edges: Vec<(String, String, Edge)>) -> Self {
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        nodes.dedup_by(|a, b| a.id == b.id);
        // Node `i` is the node with the i-th smallest id, so sorting edges by the positions of
        // their ends sorts them by the ids of their ends.
        let position: rustc_hash::FxHashMap<&str, u32> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i as u32))
            .collect();
        let mut keyed: Vec<(u32, u32, Edge)> = edges
            .into_iter()
            .filter_map(
                |(s, t, e)| match (position.get(s.as_str()), position.get(t.as_str())) {
                    (Some(&a), Some(&b)) => Some((a, b, e)),
                    _ => {
                        debug_assert!(false, "edge {s} -> {t} refers to an unknown node");
                        None
                    }
                },
            )
            .collect();
        drop(position);
        keyed.sort_by(|a, b| (a.0, a.1, &a.2.relation).cmp(&(b.0, b.1, &b.2.relation)));
        let index: BTreeMap<String, NodeIndex> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), NodeIndex::new(i)))
            .collect();
        let mut graph = DiGraph::with_capacity(nodes.len(), keyed.len());
        for n in nodes {
            graph.add_node(n);
        }
        for (a, b, e) in keyed {
            graph.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), e);
        }
        KnowledgeGraph { graph, index }
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&ix| &self.graph[ix])
    }

    /// The petgraph index of the node with this id.
    pub fn index_of(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// Nodes in id order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.graph.node_weights()
    }

    /// Edges in (source, target, relation) order, with their end nodes.
    pub fn edges(&self) -> impl Iterator<Item = (&Node, &Node, &Edge)> {
        self.graph.edge_indices().map(move |e| {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge index is valid");
            (&self.graph[a], &self.graph[b], &self.graph[e])
        })
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Number of nodes of each type.
    pub fn count_by_type(&self) -> BTreeMap<EntityType, usize> {
        let mut m = BTreeMap::new();
        for n in self.nodes() {
            *m.entry(n.entity_type).or_insert(0) += 1;
        }
        m
    }
}
