//! Building a [`Prediction`] from the knowledge graph or from its `graph.json` export.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::{Cluster, Cosignature, PredictedLetter, Prediction};
use crate::graph::{AttrValue, KnowledgeGraph};
use crate::types::EntityType;
use crate::{Error, Result};

/// The parts of a node the prediction needs, whichever form the graph comes in.
struct NodeView {
    id: String,
    entity_type: EntityType,
    label: String,
    surfaces: Vec<String>,
    documents: Vec<String>,
    date: Option<String>,
    rules: Option<Vec<String>>,
    signers: Option<Vec<String>>,
}

struct EdgeView {
    source: String,
    target: String,
    relation: String,
    weight: f64,
}

impl Prediction {
    /// The prediction of a knowledge graph:
    ///
    /// * every node of type person, prison, city, organization or country is a cluster, with its
    ///   `surfaces` (its label when it has none), listed under each of its `documents`; its
    ///   `attrs["rules"]` list, when present, goes to [`Prediction::rules`];
    /// * every letter node is a letter with its `documents` and `date`; its signers are
    ///   `attrs["signers"]` when that list is present, otherwise the sources of the `SIGNED`
    ///   edges into it (in id order);
    /// * every `CO_SIGNED` edge is a co-signature pair, `letters` = its weight (rounded).
    ///
    /// Event nodes are not part of the prediction format.
    pub fn from_graph(g: &KnowledgeGraph) -> Prediction {
        let nodes = g.nodes().map(|n| {
            let list = |key: &str| match n.attrs.get(key) {
                Some(AttrValue::List(v)) => Some(v.clone()),
                _ => None,
            };
            NodeView {
                id: n.id.clone(),
                entity_type: n.entity_type,
                label: n.label.clone(),
                surfaces: n.surfaces.clone(),
                documents: n.documents.iter().map(|d| d.to_string()).collect(),
                date: n.date.clone(),
                rules: list("rules"),
                signers: list("signers"),
            }
        });
        let edges = g.edges().map(|(a, b, e)| EdgeView {
            source: a.id.clone(),
            target: b.id.clone(),
            relation: e.relation.clone(),
            weight: e.weight,
        });
        build(nodes.collect(), edges.collect())
    }

    /// The prediction of an export's `graph.json` (networkx node-link form; the edge list may be
    /// called `edges` or `links`). `path` may also be the export directory holding `graph.json`.
    /// Nodes are read as in [`Prediction::from_graph`], from their `entity_type`, `label`,
    /// `surfaces`, `documents`, `date`, `rules` and `signers` fields; nodes of an unknown type
    /// are skipped.
    pub fn from_graph_json(path: &Path) -> Result<Prediction> {
        let file = if path.is_dir() {
            path.join("graph.json")
        } else {
            path.to_path_buf()
        };
        let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
        let v: Value = serde_json::from_str(&text)
            .map_err(|e| Error::parse(&file, e.line(), e.to_string()))?;
        let bad = |m: &str| Error::Invalid(format!("{}: {m}", file.display()));
        let Some(nodes) = v.get("nodes").and_then(Value::as_array) else {
            return Err(bad(
                "no \"nodes\" list (expected a networkx node-link graph)",
            ));
        };
        let edges = v
            .get("edges")
            .or_else(|| v.get("links"))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let strings = |x: Option<&Value>| -> Option<Vec<String>> {
            x.and_then(Value::as_array).map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
        };
        let string = |x: Option<&Value>| x.and_then(Value::as_str).map(str::to_string);
        let mut views = Vec::new();
        for n in nodes {
            let Some(id) = n.get("id").and_then(id_string) else {
                return Err(bad("a node has no id"));
            };
            let Some(ty) = string(n.get("entity_type")).and_then(|t| EntityType::parse(&t)) else {
                continue;
            };
            views.push(NodeView {
                label: string(n.get("label")).unwrap_or_else(|| id.clone()),
                id,
                entity_type: ty,
                surfaces: strings(n.get("surfaces")).unwrap_or_default(),
                documents: strings(n.get("documents")).unwrap_or_default(),
                date: string(n.get("date")),
                rules: strings(n.get("rules")),
                signers: strings(n.get("signers")),
            });
        }
        let mut edge_views = Vec::new();
        for e in edges {
            let (Some(source), Some(target)) = (
                e.get("source").and_then(id_string),
                e.get("target").and_then(id_string),
            ) else {
                return Err(bad("an edge has no source or target"));
            };
            edge_views.push(EdgeView {
                source,
                target,
                relation: string(e.get("relation")).unwrap_or_default(),
                weight: e.get("weight").and_then(Value::as_f64).unwrap_or(1.0),
            });
        }
        Ok(build(views, edge_views))
    }
}

/// A node-link id: a string, or a number written as one.
fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn build(nodes: Vec<NodeView>, edges: Vec<EdgeView>) -> Prediction {
    let mut signed: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut cosignatures = Vec::new();
    for e in &edges {
        match e.relation.as_str() {
            "SIGNED" => signed
                .entry(e.target.as_str())
                .or_default()
                .push(e.source.clone()),
            "CO_SIGNED" => cosignatures.push(Cosignature {
                a: e.source.clone(),
                b: e.target.clone(),
                letters: e.weight.round().max(0.0) as u32,
            }),
            _ => {}
        }
    }
    let mut p = Prediction::default();
    for n in &nodes {
        match n.entity_type {
            EntityType::Event => {}
            EntityType::Letter => {
                let signers = n.signers.clone().unwrap_or_else(|| {
                    let mut s = signed.get(n.id.as_str()).cloned().unwrap_or_default();
                    s.sort();
                    s.dedup();
                    s
                });
                p.letters.push(PredictedLetter {
                    id: Some(n.id.clone()),
                    documents: n.documents.iter().map(|d| d.to_string()).collect(),
                    date: n.date.clone(),
                    signers,
                });
            }
            ty => {
                let surfaces = if n.surfaces.is_empty() {
                    vec![n.label.clone()]
                } else {
                    n.surfaces.clone()
                };
                p.clusters.push(Cluster {
                    id: n.id.clone(),
                    entity_type: ty,
                    surfaces,
                });
                for d in &n.documents {
                    p.documents.entry(d.clone()).or_default().push(n.id.clone());
                }
                if let Some(r) = &n.rules {
                    p.rules.insert(n.id.clone(), r.clone());
                }
            }
        }
    }
    p.cosignatures = cosignatures;
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Edge, Node};
    use crate::types::Source;

    fn node(id: &str, ty: EntityType, surfaces: &[&str], docs: &[&str]) -> Node {
        Node {
            id: id.into(),
            label: id.into(),
            entity_type: ty,
            surfaces: surfaces.iter().map(|s| s.to_string()).collect(),
            aliases: vec![],
            documents: docs.iter().map(|&s| s.into()).collect(),
            mentions: 1,
            source: Source::Rule,
            date: None,
            attrs: BTreeMap::new(),
            evidence: vec![],
        }
    }

    fn edge(rel: &str, w: f64) -> Edge {
        Edge {
            relation: rel.into(),
            weight: w,
            letters: vec![],
            date: None,
            evidence: vec![],
        }
    }

    fn sample() -> KnowledgeGraph {
        let mut a = node("person:a", EntityType::Person, &["Ann A"], &["d1", "d2"]);
        a.attrs.insert(
            "rules".into(),
            AttrValue::List(vec!["signature_block".into()]),
        );
        let b = node("person:b", EntityType::Person, &[], &["d1"]);
        let c = node("country:iran", EntityType::Country, &["Iran"], &["d2"]);
        let ev = node("event:x", EntityType::Event, &["X"], &["d2"]);
        let mut l1 = node("letter:1", EntityType::Letter, &[], &["d1"]);
        l1.date = Some("2016-12".into());
        let mut l2 = node("letter:2", EntityType::Letter, &[], &["d2"]);
        l2.attrs.insert(
            "signers".into(),
            AttrValue::List(vec!["person:b".into(), "person:a".into()]),
        );
        KnowledgeGraph::from_parts(
            vec![a, b, c, ev, l1, l2],
            vec![
                ("person:b".into(), "letter:1".into(), edge("SIGNED", 1.0)),
                ("person:a".into(), "letter:1".into(), edge("SIGNED", 1.0)),
                ("person:a".into(), "person:b".into(), edge("CO_SIGNED", 2.0)),
                (
                    "person:a".into(),
                    "country:iran".into(),
                    edge("HELD_IN", 1.0),
                ),
            ],
        )
    }

    fn expected() -> Prediction {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        Prediction {
            clusters: vec![
                Cluster {
                    id: "country:iran".into(),
                    entity_type: EntityType::Country,
                    surfaces: s(&["Iran"]),
                },
                Cluster {
                    id: "person:a".into(),
                    entity_type: EntityType::Person,
                    surfaces: s(&["Ann A"]),
                },
                Cluster {
                    id: "person:b".into(),
                    entity_type: EntityType::Person,
                    surfaces: s(&["person:b"]),
                },
            ],
            documents: BTreeMap::from([
                ("d1".into(), s(&["person:a", "person:b"])),
                ("d2".into(), s(&["country:iran", "person:a"])),
            ]),
            letters: vec![
                PredictedLetter {
                    id: Some("letter:1".into()),
                    documents: s(&["d1"]),
                    date: Some("2016-12".into()),
                    signers: s(&["person:a", "person:b"]),
                },
                PredictedLetter {
                    id: Some("letter:2".into()),
                    documents: s(&["d2"]),
                    date: None,
                    signers: s(&["person:b", "person:a"]),
                },
            ],
            cosignatures: vec![Cosignature {
                a: "person:a".into(),
                b: "person:b".into(),
                letters: 2,
            }],
            rules: BTreeMap::from([("person:a".into(), s(&["signature_block"]))]),
            ..Prediction::default()
        }
    }

    #[test]
    fn prediction_from_graph() {
        assert_eq!(Prediction::from_graph(&sample()), expected());
    }

    #[test]
    fn prediction_from_graph_json_matches_from_graph() {
        // The node-link form of `sample()`, as the exporter writes it (with `links` here to
        // check the older networkx name).
        let json = r#"{"directed": true, "multigraph": false, "graph": {},
          "nodes": [
            {"id": "country:iran", "label": "country:iran", "entity_type": "country", "surfaces": ["Iran"], "documents": ["d2"]},
            {"id": "event:x", "label": "X", "entity_type": "event", "surfaces": ["X"], "documents": ["d2"]},
            {"id": "letter:1", "label": "l", "entity_type": "letter", "surfaces": [], "documents": ["d1"], "date": "2016-12"},
            {"id": "letter:2", "label": "l", "entity_type": "letter", "surfaces": [], "documents": ["d2"], "signers": ["person:b", "person:a"]},
            {"id": "person:a", "label": "person:a", "entity_type": "person", "surfaces": ["Ann A"], "documents": ["d1", "d2"], "rules": ["signature_block"]},
            {"id": "person:b", "label": "person:b", "entity_type": "person", "surfaces": [], "documents": ["d1"]},
            {"id": "doc:1", "label": "?", "entity_type": "document"}
          ],
          "links": [
            {"source": "person:a", "target": "country:iran", "relation": "HELD_IN", "weight": 1.0, "evidence": []},
            {"source": "person:a", "target": "letter:1", "relation": "SIGNED", "weight": 1.0, "evidence": []},
            {"source": "person:a", "target": "person:b", "relation": "CO_SIGNED", "weight": 2.0, "letters": ["letter:1", "letter:2"], "evidence": []},
            {"source": "person:b", "target": "letter:1", "relation": "SIGNED", "weight": 1.0, "evidence": []}
          ]}"#;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("graph.json"), json).unwrap();
        assert_eq!(Prediction::from_graph_json(dir.path()).unwrap(), expected());
        let e = Prediction::from_graph_json(&dir.path().join("nope.json")).unwrap_err();
        assert!(e.to_string().contains("nope.json"));
        std::fs::write(dir.path().join("bad.json"), "{\"nodes\": 1}").unwrap();
        let e = Prediction::from_graph_json(&dir.path().join("bad.json")).unwrap_err();
        assert!(e.to_string().contains("bad.json"));
    }
}
