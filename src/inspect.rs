//! `entigraph inspect`: questions about a built graph, answered from `OUT/graph.json`.
//!
//! Names are resolved the way the build resolves them: a query matches a node when it is the
//! node's id, or when [`crate::resolve::same_name`] accepts it against the node's label, one of
//! its surfaces or aliases, or its id slug. An unknown or ambiguous name is an error that lists
//! the candidates. Every command prints aligned tables, or JSON for scripts (`--json`).

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::Path;

use serde::Deserialize;
use serde_json::{json, Value};

use crate::graph::measures::{self, Network};
use crate::{Error, Result};

/// What to ask.
#[derive(Clone, Debug, PartialEq, Eq, clap::Subcommand)]
pub enum InspectCommand {
    /// Who signed letters with this person, how often, and in which letters.
    Cosigners {
        /// A person's name (any known spelling) or id.
        name: String,
    },
    /// Everything known about one entity, with its relations.
    Entity {
        /// A name (any known spelling) or id.
        name: String,
    },
    /// Letters, filtered by signer, prison and date range.
    Letters {
        /// Only letters this person signed.
        #[arg(long)]
        signer: Option<String>,
        /// Only letters written in this prison.
        #[arg(long)]
        prison: Option<String>,
        /// From this date on (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Up to this date, inclusive (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
    },
    /// The most central people of the co-signature network.
    Top {
        #[arg(long, value_enum, default_value_t = TopBy::Degree)]
        by: TopBy,
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// The connected components of the co-signature network.
    Components,
    /// The shortest path between two entities: through co-signatures when there is one,
    /// otherwise through any relation.
    Path { a: String, b: String },
}

/// Ranking of `inspect top`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TopBy {
    /// Number of distinct co-signers.
    Degree,
    /// Betweenness in the co-signature network.
    Betweenness,
    /// Number of letters signed.
    Letters,
}

#[derive(Debug, Deserialize)]
struct JNode {
    id: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    entity_type: String,
    #[serde(default)]
    surfaces: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    documents: Vec<String>,
    #[serde(default)]
    mentions: u64,
    #[serde(default)]
    date: Option<String>,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Deserialize)]
struct JEdge {
    source: String,
    target: String,
    relation: String,
    #[serde(default = "one")]
    weight: f64,
    #[serde(default)]
    letters: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct JGraph {
    nodes: Vec<JNode>,
    #[serde(alias = "links")]
    edges: Vec<JEdge>,
}

/// The graph as read from `graph.json`, indexed.
struct Data {
    nodes: Vec<JNode>,
    index: HashMap<String, usize>,
    /// (source, target, edge) by edge.
    edges: Vec<(usize, usize, JEdge)>,
    /// Edge indices touching each node.
    incident: Vec<Vec<usize>>,
}

impl Data {
    fn load(out_dir: &Path) -> Result<Data> {
        let path = out_dir.join("graph.json");
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let g: JGraph = serde_json::from_slice(&bytes)
            .map_err(|e| Error::parse(&path, e.line(), e.to_string()))?;
        let index: HashMap<String, usize> = g
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
        let mut incident = vec![Vec::new(); g.nodes.len()];
        let mut edges = Vec::with_capacity(g.edges.len());
        for e in g.edges {
            let (Some(&a), Some(&b)) = (index.get(&e.source), index.get(&e.target)) else {
                return Err(Error::parse(
                    &path,
                    0,
                    format!(
                        "edge {} -> {} refers to an unknown node",
                        e.source, e.target
                    ),
                ));
            };
            incident[a].push(edges.len());
            if b != a {
                incident[b].push(edges.len());
            }
            edges.push((a, b, e));
        }
        Ok(Data {
            nodes: g.nodes,
            index,
            edges,
            incident,
        })
    }

    fn name(&self, i: usize) -> String {
        clean(&self.nodes[i].label)
    }

    /// The node a query names, among nodes of the given types (all types when empty).
    fn resolve(&self, query: &str, types: &[&str]) -> Result<usize> {
        let ok_type = |n: &JNode| types.is_empty() || types.contains(&n.entity_type.as_str());
        if let Some(&i) = self.index.get(query.trim()) {
            if ok_type(&self.nodes[i]) {
                return Ok(i);
            }
        }
        let same = |s: &str| crate::resolve::same_name(query, s);
        let found: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| {
                let n = &self.nodes[i];
                let slug = n.id.split_once(':').map_or(n.id.as_str(), |p| p.1);
                ok_type(n)
                    && (same(&n.label)
                        || same(slug)
                        || n.surfaces.iter().any(|s| same(s))
                        || n.aliases.iter().any(|s| same(s)))
            })
            .collect();
        let kind = if types.is_empty() {
            "entity".to_string()
        } else {
            types.join(" or ")
        };
        let list = |ix: &[usize]| {
            ix.iter()
                .map(|&i| format!("{} ({})", self.name(i), self.nodes[i].id))
                .collect::<Vec<_>>()
                .join("; ")
        };
        match found.as_slice() {
            [i] => Ok(*i),
            [] => {
                let q = crate::text::fold(query);
                let mut near: Vec<(f64, usize)> = (0..self.nodes.len())
                    .filter(|&i| ok_type(&self.nodes[i]))
                    .map(|i| {
                        let n = &self.nodes[i];
                        let best = std::iter::once(&n.label)
                            .chain(&n.surfaces)
                            .chain(&n.aliases)
                            .map(|s| strsim::jaro_winkler(&q, &crate::text::fold(s)))
                            .fold(0.0, f64::max);
                        (best, i)
                    })
                    .filter(|p| p.0 >= 0.8)
                    .collect();
                near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let near: Vec<usize> = near.into_iter().take(5).map(|p| p.1).collect();
                if near.is_empty() {
                    Err(Error::Invalid(format!("no {kind} named {query:?}")))
                } else {
                    Err(Error::Invalid(format!(
                        "no {kind} named {query:?}; candidates: {}",
                        list(&near)
                    )))
                }
            }
            many => Err(Error::Invalid(format!(
                "ambiguous {kind} {query:?}: {}",
                list(many)
            ))),
        }
    }

    /// The co-signature network: people with a `SIGNED` or `CO_SIGNED` edge.
    fn cosignatures(&self) -> Network {
        let person = |i: usize| self.nodes[i].entity_type == "person";
        let mut ids = BTreeSet::new();
        for (a, b, e) in &self.edges {
            if e.relation == "SIGNED" || e.relation == "CO_SIGNED" {
                for i in [*a, *b] {
                    if person(i) {
                        ids.insert(self.nodes[i].id.clone());
                    }
                }
            }
        }
        let edges = self.edges.iter().filter_map(|(a, b, e)| {
            (e.relation == "CO_SIGNED" && person(*a) && person(*b)).then_some((
                self.nodes[*a].id.as_str(),
                self.nodes[*b].id.as_str(),
                e.weight,
            ))
        });
        Network::new(ids, edges)
    }

    fn letters_signed(&self, i: usize) -> usize {
        self.incident[i]
            .iter()
            .filter(|&&e| self.edges[e].0 == i && self.edges[e].2.relation == "SIGNED")
            .count()
    }

    fn node_json(&self, i: usize) -> Value {
        let n = &self.nodes[i];
        let mut v = json!({
            "id": n.id, "label": n.label, "entity_type": n.entity_type,
            "surfaces": n.surfaces, "aliases": n.aliases, "documents": n.documents,
            "mentions": n.mentions,
        });
        if let Some(d) = &n.date {
            v["date"] = json!(d);
        }
        for (k, x) in &n.extra {
            v[k] = x.clone();
        }
        v
    }
}

/// Removes control characters (and bidirectional controls) so a cell cannot disturb the
/// terminal or the alignment.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            !c.is_control()
                && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// An aligned table: columns padded to their widest cell (in characters), the last unpadded.
fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut width: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let last = cells.len().saturating_sub(1);
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            l.push_str(c);
            if i < last {
                let pad = width[i] + 2 - c.chars().count();
                l.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(headers.to_vec());
    for r in rows {
        line(r.iter().map(String::as_str).collect());
    }
    out
}

/// Last day of a possibly partial date, as a comparable string (`2016` → `2016-12-31`).
fn date_upper(d: &str) -> Option<String> {
    let first = crate::export::full_date(d)?;
    Some(match d.trim().len() {
        4 => format!("{}-12-31", &first[..4]),
        7 => format!("{}-31", &first[..7]),
        _ => first,
    })
}

fn bad_date(d: &str) -> Error {
    Error::Invalid(format!("{d:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))
}

fn fmt_float(x: f64) -> String {
    format!("{x:.4}")
}

/// Runs an inspect command over the exports in `out_dir`; returns tables, or JSON when `json`.
pub fn run(cmd: &InspectCommand, out_dir: &Path, json: bool) -> Result<String> {
    let d = Data::load(out_dir)?;
    let (text, value) = match cmd {
        InspectCommand::Cosigners { name } => cosigners(&d, name)?,
        InspectCommand::Entity { name } => entity(&d, name)?,
        InspectCommand::Letters {
            signer,
            prison,
            from,
            to,
        } => letters(
            &d,
            signer.as_deref(),
            prison.as_deref(),
            from.as_deref(),
            to.as_deref(),
        )?,
        InspectCommand::Top { by, limit } => top(&d, *by, *limit),
        InspectCommand::Components => components(&d),
        InspectCommand::Path { a, b } => path(&d, a, b)?,
    };
    if json {
        let mut s = serde_json::to_string_pretty(&value).expect("JSON values serialise");
        s.push('\n');
        Ok(s)
    } else {
        Ok(text)
    }
}

type Answer = (String, Value);

fn cosigners(d: &Data, name: &str) -> Result<Answer> {
    let p = d.resolve(name, &["person"])?;
    let mut rows: Vec<(usize, f64, Vec<String>)> = d.incident[p]
        .iter()
        .filter_map(|&e| {
            let (a, b, edge) = &d.edges[e];
            (edge.relation == "CO_SIGNED").then(|| {
                let other = if *a == p { *b } else { *a };
                (other, edge.weight, edge.letters.clone())
            })
        })
        .collect();
    rows.sort_by(|x, y| {
        y.1.total_cmp(&x.1)
            .then_with(|| d.nodes[x.0].label.cmp(&d.nodes[y.0].label))
    });
    let letters: BTreeSet<&String> = rows.iter().flat_map(|r| &r.2).collect();
    let mut text = format!(
        "{} ({}): {} co-signer(s) in {} letter(s)\n",
        d.name(p),
        d.nodes[p].id,
        rows.len(),
        letters.len()
    );
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|(o, w, ls)| {
            vec![
                d.name(*o),
                d.nodes[*o].id.clone(),
                format!("{w}"),
                ls.join(", "),
            ]
        })
        .collect();
    text.push_str(&table(&["CO-SIGNER", "ID", "TOGETHER", "LETTERS"], &cells));
    let value = json!({
        "person": {"id": d.nodes[p].id, "label": d.nodes[p].label},
        "cosigners": rows.iter().map(|(o, w, ls)| json!({
            "id": d.nodes[*o].id, "label": d.nodes[*o].label, "letters_together": w, "letters": ls,
        })).collect::<Vec<_>>(),
    });
    Ok((text, value))
}

fn entity(d: &Data, name: &str) -> Result<Answer> {
    let i = d.resolve(name, &[])?;
    let n = &d.nodes[i];
    let mut text = format!("{} ({})\n", d.name(i), n.id);
    let mut fields: Vec<Vec<String>> = vec![
        vec!["entity_type".into(), n.entity_type.clone()],
        vec!["aliases".into(), clean(&n.aliases.join("; "))],
        vec!["surfaces".into(), clean(&n.surfaces.join("; "))],
        vec!["documents".into(), clean(&n.documents.join("; "))],
        vec!["mentions".into(), n.mentions.to_string()],
    ];
    if let Some(date) = &n.date {
        fields.push(vec!["date".into(), clean(date)]);
    }
    for (k, v) in &n.extra {
        let shown = match v {
            Value::String(s) => s.clone(),
            Value::Array(a) => a
                .iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        };
        fields.push(vec![k.clone(), clean(&shown)]);
    }
    text.push_str(&table(&["FIELD", "VALUE"], &fields));
    let mut rels = Vec::new();
    let mut rel_json = Vec::new();
    for &e in &d.incident[i] {
        let (a, b, edge) = &d.edges[e];
        let (dir, other) = if *a == i { ("->", *b) } else { ("<-", *a) };
        rels.push(vec![
            dir.to_string(),
            edge.relation.clone(),
            d.name(other),
            d.nodes[other].id.clone(),
            format!("{}", edge.weight),
        ]);
        rel_json.push(json!({
            "direction": if dir == "->" { "out" } else { "in" },
            "relation": edge.relation, "other": d.nodes[other].id, "weight": edge.weight,
        }));
    }
    text.push('\n');
    text.push_str(&table(&["DIR", "RELATION", "OTHER", "ID", "WEIGHT"], &rels));
    Ok((
        text,
        json!({"entity": d.node_json(i), "relations": rel_json}),
    ))
}

fn letters(
    d: &Data,
    signer: Option<&str>,
    prison: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Answer> {
    let signer = signer.map(|s| d.resolve(s, &["person"])).transpose()?;
    let prison = prison.map(|s| d.resolve(s, &["prison"])).transpose()?;
    let from = from
        .map(|f| crate::export::full_date(f).ok_or_else(|| bad_date(f)))
        .transpose()?;
    let to = to
        .map(|t| date_upper(t).ok_or_else(|| bad_date(t)))
        .transpose()?;
    let linked = |l: usize, attr: &str, rel: &str, other: usize, outgoing: bool| {
        let id = &d.nodes[other].id;
        let in_attr = match d.nodes[l].extra.get(attr) {
            Some(Value::String(s)) => s == id,
            Some(Value::Array(a)) => a.iter().any(|x| x.as_str() == Some(id)),
            _ => false,
        };
        in_attr
            || d.incident[l].iter().any(|&e| {
                let (a, b, edge) = &d.edges[e];
                edge.relation == rel
                    && if outgoing {
                        *a == l && *b == other
                    } else {
                        *b == l && *a == other
                    }
            })
    };
    let mut found: Vec<(String, usize)> = Vec::new();
    for l in 0..d.nodes.len() {
        if d.nodes[l].entity_type != "letter" {
            continue;
        }
        if signer.is_some_and(|p| !linked(l, "signers", "SIGNED", p, false)) {
            continue;
        }
        if prison.is_some_and(|p| !linked(l, "prison", "WRITTEN_IN", p, true)) {
            continue;
        }
        let date = d.nodes[l]
            .date
            .as_deref()
            .and_then(crate::export::full_date);
        if from.is_some() || to.is_some() {
            let Some(date) = &date else { continue };
            if from.as_ref().is_some_and(|f| date < f) || to.as_ref().is_some_and(|t| date > t) {
                continue;
            }
        }
        found.push((date.unwrap_or_default(), l));
    }
    found.sort();
    let signers_of = |l: usize| -> Vec<String> {
        match d.nodes[l].extra.get("signers") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => {
                let mut s: Vec<String> = d.incident[l]
                    .iter()
                    .filter(|&&e| d.edges[e].1 == l && d.edges[e].2.relation == "SIGNED")
                    .map(|&e| d.nodes[d.edges[e].0].id.clone())
                    .collect();
                s.sort();
                s
            }
        }
    };
    let label_of = |id: &str| d.index.get(id).map_or(clean(id), |&i| d.name(i));
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|&(_, l)| {
            let n = &d.nodes[l];
            let prison = n
                .extra
                .get("prison")
                .and_then(Value::as_str)
                .map(label_of)
                .unwrap_or_default();
            vec![
                clean(n.date.as_deref().unwrap_or("")),
                n.id.clone(),
                signers_of(l).len().to_string(),
                prison,
                d.name(l),
            ]
        })
        .collect();
    let text = format!(
        "{} letter(s)\n{}",
        rows.len(),
        table(&["DATE", "LETTER", "SIGNERS", "PRISON", "TITLE"], &rows)
    );
    let value = json!({"letters": found.iter().map(|&(_, l)| {
        let mut v = d.node_json(l);
        v["signers"] = json!(signers_of(l));
        v
    }).collect::<Vec<_>>()});
    Ok((text, value))
}

fn top(d: &Data, by: TopBy, limit: usize) -> Answer {
    let net = d.cosignatures();
    let deg = measures::degree(&net.adj);
    let wdeg = measures::weighted_degree(&net.adj);
    let bc = measures::betweenness(&net.adj);
    let node_of: Vec<usize> = net.ids.iter().map(|id| d.index[id]).collect();
    let letters: Vec<usize> = node_of.iter().map(|&i| d.letters_signed(i)).collect();
    let mut order: Vec<usize> = (0..net.len()).collect();
    order.sort_by(|&x, &y| {
        let c = match by {
            TopBy::Degree => deg[y].cmp(&deg[x]).then(wdeg[y].total_cmp(&wdeg[x])),
            TopBy::Betweenness => bc[y].total_cmp(&bc[x]),
            TopBy::Letters => letters[y].cmp(&letters[x]),
        };
        c.then(x.cmp(&y))
    });
    order.truncate(limit);
    let rows: Vec<Vec<String>> = order
        .iter()
        .enumerate()
        .map(|(rank, &k)| {
            vec![
                (rank + 1).to_string(),
                d.name(node_of[k]),
                net.ids[k].clone(),
                deg[k].to_string(),
                format!("{}", wdeg[k]),
                fmt_float(bc[k]),
                letters[k].to_string(),
            ]
        })
        .collect();
    let text = table(
        &[
            "RANK",
            "PERSON",
            "ID",
            "DEGREE",
            "WEIGHTED",
            "BETWEENNESS",
            "LETTERS",
        ],
        &rows,
    );
    let value = json!({"by": format!("{by:?}").to_lowercase(), "people": order.iter().map(|&k| json!({
        "id": net.ids[k], "label": d.nodes[node_of[k]].label, "degree": deg[k],
        "weighted_degree": wdeg[k], "betweenness": bc[k], "letters": letters[k],
    })).collect::<Vec<_>>()});
    (text, value)
}

fn components(d: &Data) -> Answer {
    let net = d.cosignatures();
    let comp = measures::components(&net.adj);
    let count = comp.iter().max().map_or(0, |m| m + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (k, &c) in comp.iter().enumerate() {
        members[c].push(k);
    }
    let rows: Vec<Vec<String>> = members
        .iter()
        .enumerate()
        .map(|(c, m)| {
            let mut names: Vec<String> = m
                .iter()
                .take(8)
                .map(|&k| d.name(d.index[&net.ids[k]]))
                .collect();
            if m.len() > 8 {
                names.push(format!("... +{} more", m.len() - 8));
            }
            vec![c.to_string(), m.len().to_string(), names.join(", ")]
        })
        .collect();
    let text = format!(
        "{} component(s), {} people\n{}",
        count,
        net.len(),
        table(&["COMPONENT", "SIZE", "MEMBERS"], &rows)
    );
    let value = json!({"components": members.iter().enumerate().map(|(c, m)| json!({
        "component": c, "size": m.len(),
        "members": m.iter().map(|&k| &net.ids[k]).collect::<Vec<_>>(),
    })).collect::<Vec<_>>()});
    (text, value)
}

/// One step of a path: from, relation, to, letters (for co-signatures).
type Step = (usize, String, usize, Vec<String>);

fn path(d: &Data, a: &str, b: &str) -> Result<Answer> {
    let ia = d.resolve(a, &[])?;
    let ib = d.resolve(b, &[])?;
    // Breadth-first search over edges accepted by `keep`, neighbours in id order.
    let bfs = |keep: &dyn Fn(&JEdge) -> bool| -> Option<Vec<Step>> {
        let mut prev: HashMap<usize, (usize, usize)> = HashMap::new();
        let mut seen = vec![false; d.nodes.len()];
        let mut q = VecDeque::from([ia]);
        seen[ia] = true;
        while let Some(v) = q.pop_front() {
            if v == ib {
                break;
            }
            let mut next: Vec<(&str, usize, usize)> = d.incident[v]
                .iter()
                .filter(|&&e| keep(&d.edges[e].2))
                .map(|&e| {
                    let (x, y, _) = &d.edges[e];
                    let o = if *x == v { *y } else { *x };
                    (d.nodes[o].id.as_str(), o, e)
                })
                .collect();
            next.sort();
            for (_, o, e) in next {
                if !seen[o] {
                    seen[o] = true;
                    prev.insert(o, (v, e));
                    q.push_back(o);
                }
            }
        }
        if !seen[ib] {
            return None;
        }
        let mut steps = Vec::new();
        let mut v = ib;
        while v != ia {
            let (u, e) = prev[&v];
            let edge = &d.edges[e].2;
            steps.push((u, edge.relation.clone(), v, edge.letters.clone()));
            v = u;
        }
        steps.reverse();
        Some(steps)
    };
    let persons = d.nodes[ia].entity_type == "person" && d.nodes[ib].entity_type == "person";
    let (network, steps) = match persons
        .then(|| bfs(&|e: &JEdge| e.relation == "CO_SIGNED"))
        .flatten()
    {
        Some(s) => ("co-signature", Some(s)),
        None => ("full graph", bfs(&|_: &JEdge| true)),
    };
    let Some(steps) = steps else {
        let text = format!(
            "no path between {} ({}) and {} ({})\n",
            d.name(ia),
            d.nodes[ia].id,
            d.name(ib),
            d.nodes[ib].id
        );
        return Ok((
            text,
            json!({"from": d.nodes[ia].id, "to": d.nodes[ib].id, "path": null}),
        ));
    };
    let rows: Vec<Vec<String>> = steps
        .iter()
        .map(|(u, rel, v, ls)| vec![d.name(*u), rel.clone(), d.name(*v), ls.join(", ")])
        .collect();
    let text = format!(
        "{} step(s) through the {} network\n{}",
        steps.len(),
        network,
        table(&["FROM", "RELATION", "TO", "LETTERS"], &rows)
    );
    let value = json!({
        "from": d.nodes[ia].id, "to": d.nodes[ib].id, "network": network,
        "path": steps.iter().map(|(u, rel, v, ls)| json!({
            "from": d.nodes[*u].id, "relation": rel, "to": d.nodes[*v].id, "letters": ls,
        })).collect::<Vec<_>>(),
    });
    Ok((text, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_by_characters() {
        let t = table(
            &["A", "B"],
            &[
                vec!["رضا".into(), "x".into()],
                vec!["long name".into(), "y".into()],
            ],
        );
        assert_eq!(t, "A          B\nرضا        x\nlong name  y\n");
    }

    #[test]
    fn upper_dates() {
        assert_eq!(date_upper("2016").as_deref(), Some("2016-12-31"));
        assert_eq!(date_upper("2016-02").as_deref(), Some("2016-02-31"));
        assert_eq!(date_upper("2016-02-03").as_deref(), Some("2016-02-03"));
        assert_eq!(date_upper("soon"), None);
    }
}
