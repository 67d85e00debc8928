//! Round trips of every export format over the fixture graph, with hand-computed expectations.

#[path = "export_fixture.rs"]
mod fixture;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use entigraph::export::{write_all, ExportOptions, Format};
use fixture::*;
use quick_xml::events::Event;
use quick_xml::Reader;

fn export(dir: &Path) -> Vec<PathBuf> {
    write_all(&annotated(), &mentions(), dir, &ExportOptions::default()).expect("export")
}

#[derive(Debug, Default)]
struct Xml {
    /// (element name, attributes) of every element, in document order.
    elements: Vec<(String, BTreeMap<String, String>)>,
    /// `<data key=K>` text per node / edge id: id -> key -> text.
    data: BTreeMap<String, BTreeMap<String, String>>,
}

/// Parses an XML export with quick-xml, unescaping attributes and text.
fn parse_xml(path: &Path) -> Xml {
    let mut r = Reader::from_file(path).expect("open xml");
    let mut buf = Vec::new();
    let mut out = Xml::default();
    let mut owner: Option<String> = None;
    let mut key: Option<String> = None;
    let mut text = String::new();
    loop {
        match r.read_event_into(&mut buf).expect("well-formed xml") {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let attrs: BTreeMap<String, String> = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                            a.unescape_value().unwrap().into_owned(),
                        )
                    })
                    .collect();
                if name == "node" || name == "edge" {
                    owner = attrs.get("id").cloned();
                }
                if name == "data" {
                    key = attrs.get("key").cloned();
                    text.clear();
                }
                out.elements.push((name, attrs));
            }
            Event::Text(t) => text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(g) => match g.resolve_char_ref().unwrap() {
                Some(c) => text.push(c),
                None => text.push_str(
                    quick_xml::escape::resolve_predefined_entity(&g.decode().unwrap()).unwrap(),
                ),
            },
            Event::End(e) if e.name().as_ref() == b"data" => {
                if let (Some(o), Some(k)) = (&owner, key.take()) {
                    out.data
                        .entry(o.clone())
                        .or_default()
                        .insert(k, std::mem::take(&mut text));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

fn count(x: &Xml, name: &str) -> usize {
    x.elements.iter().filter(|e| e.0 == name).count()
}

fn find<'a>(x: &'a Xml, name: &str, id: &str) -> &'a BTreeMap<String, String> {
    &x.elements
        .iter()
        .find(|e| e.0 == name && e.1.get("id").map(String::as_str) == Some(id))
        .unwrap_or_else(|| panic!("no {name} {id}"))
        .1
}

fn cosigned_key() -> String {
    entigraph::export::edge_key(SADEGHI, "CO_SIGNED", MASOURI)
}

#[test]
fn writes_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new/sub");
    let files = export(&out);
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "graph.graphml",
            "cosigners.graphml",
            "graph.gexf",
            "graph.json",
            "cosigners.json",
            "entities.csv",
            "edges.csv",
            "letters.csv",
            "mentions.csv",
            "neo4j_nodes.csv",
            "neo4j_relationships.csv",
            "index.html"
        ]
    );
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), files.len());
}

#[test]
fn graphml_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let x = parse_xml(&dir.path().join("graph.graphml"));
    assert_eq!(count(&x, "node"), NODES);
    assert_eq!(count(&x, "edge"), EDGES);
    let graph = &x.elements.iter().find(|e| e.0 == "graph").unwrap().1;
    assert_eq!(graph["edgedefault"], "directed");
    // Typed keys with neutral ids; no liststring, weight double, entity_type (not type).
    let keys: BTreeMap<&str, (&str, &str)> = x
        .elements
        .iter()
        .filter(|e| e.0 == "key")
        .map(|e| {
            (
                e.1["id"].as_str(),
                (e.1["attr.name"].as_str(), e.1["attr.type"].as_str()),
            )
        })
        .collect();
    assert_eq!(keys["e_weight"], ("weight", "double"));
    assert_eq!(keys["v_entity_type"], ("entity_type", "string"));
    assert_eq!(keys["v_population"], ("population", "long"));
    assert_eq!(keys["v_betweenness"], ("betweenness", "double"));
    assert!(keys
        .values()
        .all(|(n, t)| *n != "type" && *t != "liststring"));

    // Hostile label: escaped by the writer, back verbatim except the control character.
    let xt = &x.data[XTEST];
    assert_eq!(xt["v_label"], HOSTILE_LABEL.replace('\u{1}', ""));
    assert_eq!(
        xt["v_surfaces"],
        "=cmd|' /C calc'!A0;@SUM(1+1);+x;-y;a,b;line\nbreak"
    );
    let m = &x.data[MASOURI];
    assert_eq!(m["v_degree"], "4");
    assert_eq!(m["v_weighted_degree"], "5.0");
    assert_eq!(m["v_component"], "0");
    assert!(x.data[REZA]["v_label"].contains("رضا شهابی"));
    let l2 = &x.data[L2];
    assert_eq!(l2["v_date"], "2017-02");
    assert_eq!(
        l2["v_signers"],
        format!("{MASOURI};{SADEGHI};{XTEST};{MOEZZI}")
    );
    let e = &x.data[&cosigned_key()];
    assert_eq!(e["e_relation"], "CO_SIGNED");
    assert_eq!(e["e_weight"], "2.0");
    assert_eq!(e["e_letters"], format!("{L1};{L2}"));
    // Node ids stay NMTOKEN-safe.
    for (_, a) in x.elements.iter().filter(|e| e.0 == "node") {
        assert!(a["id"]
            .chars()
            .all(|c| c.is_alphanumeric() || c == ':' || c == '-'));
    }
}

#[test]
fn cosigners_graphml_is_the_undirected_signature_network() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let x = parse_xml(&dir.path().join("cosigners.graphml"));
    let graph = &x.elements.iter().find(|e| e.0 == "graph").unwrap().1;
    assert_eq!(graph["edgedefault"], "undirected");
    assert_eq!(count(&x, "node"), SIGNERS);
    assert_eq!(count(&x, "edge"), CO_SIGNED);
    assert!(!x.data.contains_key(NARGES), "never signed: not included");
    assert!(x.data.contains_key(IRAEE), "signed alone: included");
    assert_eq!(x.data[&cosigned_key()]["e_weight"], "2.0");
}

#[test]
fn gexf_is_dynamic_with_dated_spells() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let path = dir.path().join("graph.gexf");
    let x = parse_xml(&path);
    let gexf = &x.elements[0].1;
    assert_eq!(gexf["version"], "1.3");
    let graph = &x.elements.iter().find(|e| e.0 == "graph").unwrap().1;
    assert_eq!(graph["mode"], "dynamic");
    assert_eq!(graph["timeformat"], "date");
    assert_eq!(count(&x, "node"), NODES);
    assert_eq!(count(&x, "edge"), EDGES);
    // Spells: 3 letters + 8 SIGNED + 8 CO_SIGNED.
    assert_eq!(count(&x, "spell"), 19);
    let starts: Vec<&str> = x
        .elements
        .iter()
        .filter(|e| e.0 == "spell")
        .map(|e| e.1["start"].as_str())
        .collect();
    assert!(starts.contains(&"2017-02-01") && starts.contains(&"2018-01-01"));
    assert!(starts.iter().all(|s| s.len() == 10));
    assert_eq!(
        find(&x, "node", XTEST)["label"],
        HOSTILE_LABEL.replace('\u{1}', "")
    );
    let e = find(&x, "edge", &cosigned_key());
    assert_eq!(e["weight"], "2.0");
    assert_eq!(e["kind"], "CO_SIGNED");
    // The spell of the co-signature is its earliest letter.
    let pos = x
        .elements
        .iter()
        .position(|el| el.0 == "edge" && el.1["id"] == cosigned_key())
        .unwrap();
    let spell = x.elements[pos..].iter().find(|el| el.0 == "spell").unwrap();
    assert_eq!(spell.1["start"], "2016-12-18");
    let colours = x.elements.iter().filter(|e| e.0 == "viz:color").count();
    assert_eq!(colours, NODES);
    let raw = std::fs::read_to_string(&path).unwrap();
    assert!(!raw.contains('\u{1}'));
}

#[test]
fn json_node_link_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("graph.json")).unwrap()).unwrap();
    assert_eq!(v["directed"], true);
    assert_eq!(v["multigraph"], true);
    assert!(v["graph"].is_object());
    let nodes = v["nodes"].as_array().unwrap();
    let edges = v["edges"].as_array().unwrap();
    assert_eq!((nodes.len(), edges.len()), (NODES, EDGES));
    let node = |id: &str| nodes.iter().find(|n| n["id"] == id).unwrap();
    // JSON is lossless: the control character survives as an escape.
    assert_eq!(node(XTEST)["label"], HOSTILE_LABEL);
    let m = node(MASOURI);
    for k in [
        "id",
        "label",
        "entity_type",
        "surfaces",
        "aliases",
        "documents",
        "mentions",
        "source",
    ] {
        assert!(m.get(k).is_some(), "{k}");
    }
    assert!(m.get("type").is_none());
    assert_eq!(m["degree"], 4);
    assert_eq!(m["weighted_degree"], 5.0);
    assert_eq!(m["betweenness"], 0.1);
    assert_eq!(m["component"], 0);
    assert_eq!(node(IRAEE)["component"], 1);
    assert_eq!(node(IRAEE)["weighted_degree"], 0.0);
    assert!(node(NARGES).get("degree").is_none());
    assert_eq!(node("city:karaj")["population"], 1_592_492);
    assert_eq!(node(L1)["signers"][2], REZA);
    let e = edges
        .iter()
        .find(|e| e["key"] == cosigned_key().as_str())
        .unwrap();
    assert_eq!(e["source"], SADEGHI);
    assert_eq!(e["target"], MASOURI);
    assert_eq!(e["weight"], 2.0);
    assert_eq!(e["letters"], serde_json::json!([L1, L2]));
    assert_eq!(
        e["evidence"][0],
        serde_json::json!({"document": "news/2017-01-10-iran-hrm.txt", "start": 200, "end": 210})
    );
    let mut keys: Vec<&str> = edges.iter().map(|e| e["key"].as_str().unwrap()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), EDGES, "edge keys are unique");

    let c: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("cosigners.json")).unwrap()).unwrap();
    assert_eq!(c["directed"], false);
    assert_eq!(c["nodes"].as_array().unwrap().len(), SIGNERS);
    assert_eq!(c["edges"].as_array().unwrap().len(), CO_SIGNED);
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

#[test]
fn csv_round_trip_and_formula_safety() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let (h, rows) = read_csv(&dir.path().join("entities.csv"));
    assert_eq!(
        &h[..7],
        [
            "Id",
            "Label",
            "entity_type",
            "aliases",
            "surfaces",
            "documents",
            "mentions"
        ]
    );
    assert_eq!(rows.len(), NODES);
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap();
    let x = row(XTEST);
    assert_eq!(x[1], HOSTILE_LABEL.replace('\u{1}', ""));
    assert_eq!(
        x[col(&h, "surfaces")],
        "'=cmd|' /C calc'!A0;@SUM(1+1);+x;-y;a,b;line\nbreak"
    );
    assert_eq!(row("org:un")[1], "'-United Nations");
    assert_eq!(row("org:un")[col(&h, "acronym")], "'=UN");
    assert_eq!(row(MASOURI)[col(&h, "degree")], "4");
    assert_eq!(row(PRISON)[col(&h, "rules")], "prison-suffix;=evil");
    // No cell may start a formula.
    for r in &rows {
        for c in r {
            assert!(!c.starts_with(['=', '+', '@']), "{c}");
        }
    }

    let (h, rows) = read_csv(&dir.path().join("edges.csv"));
    assert_eq!(
        &h[..8],
        ["Id", "Source", "Target", "Type", "Kind", "Label", "Weight", "letters"]
    );
    assert_eq!(rows.len(), EDGES);
    let undirected: Vec<&Vec<String>> = rows.iter().filter(|r| r[3] == "Undirected").collect();
    assert_eq!(undirected.len(), CO_SIGNED);
    assert!(undirected.iter().all(|r| r[4] == "CO_SIGNED"));
    let e = rows.iter().find(|r| r[0] == cosigned_key()).unwrap();
    assert_eq!(
        (e[6].as_str(), e[7].as_str()),
        ("2.0", &*format!("{L1};{L2}"))
    );

    let (h, rows) = read_csv(&dir.path().join("letters.csv"));
    assert_eq!(
        &h[..6],
        ["id", "date", "signers", "prison", "recipient", "documents"]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][0], L1);
    assert_eq!(rows[0][2], format!("{MASOURI};{SADEGHI};{REZA}"));
    assert_eq!(
        (rows[0][3].as_str(), rows[0][4].as_str()),
        (PRISON, "org:un")
    );
    assert_eq!(rows[1][1], "2017-02");
    assert_eq!(rows[1][col(&h, "signer_count")], "4");

    let (h, rows) = read_csv(&dir.path().join("mentions.csv"));
    assert_eq!(
        &h[..6],
        ["document", "start", "end", "text", "entity", "rule"]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][3], "'=1+1");
    assert_eq!(rows[1][4], REZA);
}

#[test]
fn neo4j_headers_and_rows() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let (h, rows) = read_csv(&dir.path().join("neo4j_nodes.csv"));
    assert_eq!(&h[..3], ["id:ID(Entity)", "name", ":LABEL"]);
    assert!(h.contains(&"population:long".to_string()));
    assert!(h.contains(&"betweenness:double".to_string()));
    assert!(h.contains(&"signers:string[]".to_string()));
    assert!(h.contains(&"date:date".to_string()));
    assert_eq!(rows.len(), NODES);
    let l2 = rows.iter().find(|r| r[0] == L2).unwrap();
    assert_eq!(l2[2], "Entity;Letter");
    assert_eq!(l2[col(&h, "date:date")], "2017-02-01");
    assert_eq!(l2[col(&h, "date_text")], "2017-02");
    // Neo4j gets the data as it is: no spreadsheet marker, no newline.
    let un = rows.iter().find(|r| r[0] == "org:un").unwrap();
    assert_eq!(un[1], "-United Nations");
    assert!(rows.iter().flatten().all(|c| !c.contains('\n')));
    let (h, rows) = read_csv(&dir.path().join("neo4j_relationships.csv"));
    assert_eq!(&h[..3], [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"]);
    assert_eq!(rows.len(), EDGES);
}

#[test]
fn two_writes_give_identical_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let fa = export(a.path());
    let fb = export(b.path());
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{x:?}"
        );
    }
}

#[test]
fn bom_only_on_spreadsheet_csvs_and_formats_select_files() {
    let dir = tempfile::tempdir().unwrap();
    let opts = ExportOptions {
        formats: vec![Format::Csv, Format::Neo4j],
        bom: true,
    };
    let files = write_all(&annotated(), &mentions(), dir.path(), &opts).unwrap();
    assert_eq!(files.len(), 6);
    let bytes = std::fs::read(dir.path().join("entities.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFId,Label"));
    let neo = std::fs::read(dir.path().join("neo4j_nodes.csv")).unwrap();
    assert!(neo.starts_with(b"id:ID(Entity)"));
    assert!(!dir.path().join("graph.json").exists());
}

#[test]
fn output_path_that_is_a_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.txt");
    std::fs::write(&file, "x").unwrap();
    let err = write_all(&graph(), &[], &file, &ExportOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("out.txt") && msg.contains("not a directory"),
        "{msg}"
    );
}

#[test]
fn rewrite_replaces_previous_export_completely() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("graph.json"), "old").unwrap();
    export(dir.path());
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("graph.json")).unwrap()).unwrap();
    assert_eq!(v["nodes"].as_array().unwrap().len(), NODES);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("graph.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o044, 0o044, "readable by others like a normal file");
    }
}

/// Runs the shared checker when its venv is present (CI runs it separately).
#[test]
fn check_exports_reports_no_fail_and_no_warn() {
    let py = Path::new("/work/venv-check/bin/python");
    let script = Path::new("/work/shared/tools/check_exports.py");
    if !py.exists() || !script.exists() {
        println!("note: /work/venv-check absent: check_exports.py skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let run = |args: &[&str]| {
        let o = std::process::Command::new(py)
            .arg(script)
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(o.status.success(), "{text}");
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("FAIL") || l.starts_with("WARN")),
            "{text}"
        );
        text
    };
    let all = run(&["--require-gexf"]);
    assert!(all.contains("0 failed"), "{all}");
    run(&["--only", "graphml", "--graphml", "cosigners.graphml"]);
    run(&["--only", "json", "--json", "cosigners.json"]);
    // networkx and igraph load the co-signature network with the expected counts.
    let snippet = format!(
        "import json, networkx as nx, igraph\n\
         d = {dir:?}\n\
         G = nx.read_graphml(d + '/cosigners.graphml')\n\
         assert (type(G).__name__, G.number_of_nodes(), G.number_of_edges()) == ('Graph', {SIGNERS}, {CO_SIGNED}), G\n\
         assert G.edges['{SADEGHI}', '{MASOURI}']['weight'] == 2.0\n\
         J = nx.node_link_graph(json.load(open(d + '/cosigners.json')), edges='edges')\n\
         assert (J.number_of_nodes(), J.number_of_edges()) == ({SIGNERS}, {CO_SIGNED})\n\
         bc = nx.betweenness_centrality(J)\n\
         assert all(abs(bc[n] - J.nodes[n]['betweenness']) < 1e-12 for n in J), bc\n\
         I = igraph.Graph.Read_GraphML(d + '/cosigners.graphml')\n\
         assert (I.is_directed(), I.vcount(), I.ecount()) == (False, {SIGNERS}, {CO_SIGNED})\n",
        dir = dir.path().to_str().unwrap()
    );
    let o = std::process::Command::new(py)
        .arg("-c")
        .arg(snippet)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Every node of every graph file has a position, the same on a second export.
#[test]
fn every_node_is_laid_out() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
    let gexf = read("graph.gexf");
    let nodes = gexf.matches("<node ").count();
    assert!(nodes > 0);
    assert_eq!(gexf.matches("<viz:position x=\"").count(), nodes);
    assert!(gexf.contains("xmlns:viz=\"http://gexf.net/1.3/viz\""));
    for f in ["graph.graphml", "cosigners.graphml"] {
        let g = read(f);
        let nodes = g.matches("<node ").count();
        assert!(nodes > 0, "{f}");
        assert!(g.contains("<key id=\"v_x\" for=\"node\" attr.name=\"x\" attr.type=\"double\"/>"));
        assert_eq!(g.matches("<data key=\"v_x\">").count(), nodes, "{f}");
        assert_eq!(g.matches("<data key=\"v_y\">").count(), nodes, "{f}");
    }
    let again = tempfile::tempdir().unwrap();
    export(again.path());
    for f in [
        "graph.gexf",
        "graph.graphml",
        "cosigners.graphml",
        "index.html",
    ] {
        let b = std::fs::read(again.path().join(f)).unwrap();
        assert!(
            read(f).as_bytes() == b.as_slice(),
            "{f} differs between two exports"
        );
    }
}

/// The data embedded in `index.html`.
fn page_json(dir: &Path) -> serde_json::Value {
    const OPEN: &str = "<script type=\"application/json\" id=\"data\">";
    let page = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let start = page.find(OPEN).unwrap() + OPEN.len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
}

/// The page's people, letters and search keys, checked by hand against the fixture.
#[test]
fn the_page_holds_the_network_letters_and_names() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let d = page_json(dir.path());
    let ents = d["entities"].as_array().unwrap();
    let id = |i: &serde_json::Value| ents[i.as_u64().unwrap() as usize]["id"].as_str().unwrap();
    assert_eq!(ents.len(), NODES);
    // The co-signature network: the six signers, the eight co-signatures, one of them twice.
    let co = &d["co"];
    let people: Vec<&str> = co["node"].as_array().unwrap().iter().map(id).collect();
    assert_eq!(people.len(), SIGNERS);
    assert!(!people.contains(&NARGES), "Narges Mohammadi never signed");
    let e: Vec<u64> = co["e"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(e.len(), 3 * CO_SIGNED);
    let twice: Vec<(&str, &str)> = e
        .chunks(3)
        .filter(|t| t[2] == 2)
        .map(|t| (people[t[0] as usize], people[t[1] as usize]))
        .collect();
    assert_eq!(twice, [(SADEGHI, MASOURI)]);
    // Letters by date, with their signers.
    let letters = d["letters"].as_array().unwrap();
    let order: Vec<(&str, &str)> = letters
        .iter()
        .map(|l| (id(&l["n"]), l["date"].as_str().unwrap()))
        .collect();
    assert_eq!(order, [(L1, "2016-12-18"), (L2, "2017-02"), (L3, "2018")]);
    let l2_signers: Vec<&str> = letters[1]["signers"]
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    assert_eq!(l2_signers, [MASOURI, SADEGHI, XTEST, MOEZZI]);
    // Saeid Masouri: both letters, one prison (from the letters and HELD_IN), his spellings.
    let k = people.iter().position(|&p| p == MASOURI).unwrap();
    let me = &d["people"][k];
    assert_eq!(me["letters"], serde_json::json!([0, 1]));
    let prisons: Vec<&str> = me["prisons"].as_array().unwrap().iter().map(id).collect();
    assert_eq!(prisons, [PRISON]);
    let m = ents.iter().find(|n| n["id"] == MASOURI).unwrap();
    assert_eq!(
        m["names"],
        serde_json::json!(["Saeid Masouri", "Saeed Masoori", "سعید ماسوری"])
    );
    let keys: Vec<&str> = m["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"saeid masouri") && keys.contains(&"saeed masoori"),
        "{keys:?}"
    );
    // Positions: the page draws what graph.gexf says.
    let gexf = std::fs::read_to_string(dir.path().join("graph.gexf")).unwrap();
    let f = &d["full"];
    let i = f["node"]
        .as_array()
        .unwrap()
        .iter()
        .position(|n| id(n) == MASOURI)
        .unwrap();
    let at = format!("<viz:position x=\"{}\" y=\"{}\"/>", f["x"][i], f["y"][i]);
    let node = &gexf[gexf.find("<node id=\"person:saeid-masouri\"").unwrap()..];
    assert!(node[..node.find("</node>").unwrap()].contains(&at), "{at}");
}
