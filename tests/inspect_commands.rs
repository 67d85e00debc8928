//! `inspect` over an exported fixture graph.

#[path = "export_fixture.rs"]
mod fixture;

use std::path::Path;

use clap::Parser;
use entigraph::export::{write_all, ExportOptions};
use entigraph::inspect::{run, InspectCommand, TopBy};
use fixture::*;
use serde_json::Value;

fn exported(g: &entigraph::graph::KnowledgeGraph) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_all(g, &mentions(), dir.path(), &ExportOptions::default()).unwrap();
    dir
}

fn json(cmd: InspectCommand, dir: &Path) -> Value {
    serde_json::from_str(&run(&cmd, dir, true).unwrap()).unwrap()
}

fn cosigners(name: &str) -> InspectCommand {
    InspectCommand::Cosigners { name: name.into() }
}

#[test]
fn cosigners_by_name_slug_or_id() {
    let dir = exported(&annotated());
    for q in ["Saeid Masouri", "saeid masouri", "Saeed Masoori", MASOURI] {
        let v = json(cosigners(q), dir.path());
        assert_eq!(v["person"]["id"], MASOURI, "{q}");
        let c = v["cosigners"].as_array().unwrap();
        assert_eq!(c.len(), 4);
        assert_eq!(c[0]["id"], SADEGHI);
        assert_eq!(c[0]["letters_together"], 2.0);
        assert_eq!(c[0]["letters"], serde_json::json!([L1, L2]));
    }
    let text = run(&cosigners("Saeid Masouri"), dir.path(), false).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Saeid Masouri (person:saeid-masouri): 4 co-signer(s) in 2 letter(s)"
    );
    assert!(lines[1].starts_with("CO-SIGNER"));
    assert!(lines[2].starts_with("Arash Sadeghi"));
    // Columns line up: the ID column starts at the same place on every row.
    let col = lines[1].find("ID").unwrap();
    assert_eq!(
        lines[2]
            .char_indices()
            .nth(col)
            .map(|p| &lines[2][p.0..p.0 + 7]),
        Some("person:")
    );
    // The hostile label is shown without its control characters.
    assert!(!text.contains('\u{1}'));
}

#[test]
fn misspelled_unknown_and_ambiguous_names() {
    let dir = exported(&annotated());
    // With the placeholder matcher a misspelling is an error naming the candidate; with the
    // real fuzzy matcher it resolves.
    match run(&cosigners("Saeid Massouri"), dir.path(), true) {
        Ok(s) => assert!(s.contains(MASOURI)),
        Err(e) => assert!(e.to_string().contains("Saeid Masouri"), "{e}"),
    }
    let e = run(&cosigners("Nobody Atall"), dir.path(), false).unwrap_err();
    assert!(e.to_string().contains("no person named"), "{e}");
    // Not a person.
    assert!(run(&cosigners("Gohardasht Prison"), dir.path(), false).is_err());

    let g = annotated();
    let mut nodes: Vec<_> = g.nodes().cloned().collect();
    let mut twin = nodes.iter().find(|n| n.id == MASOURI).unwrap().clone();
    twin.id = "person:saeid-masouri-2".into();
    nodes.push(twin);
    let edges = g
        .edges()
        .map(|(a, b, e)| (a.id.clone(), b.id.clone(), e.clone()))
        .collect();
    let dir2 = exported(&entigraph::graph::KnowledgeGraph::from_parts(nodes, edges));
    let e = run(&cosigners("Saeid Masouri"), dir2.path(), false).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("ambiguous")
            && msg.contains(MASOURI)
            && msg.contains("person:saeid-masouri-2"),
        "{msg}"
    );
}

#[test]
fn entity_shows_fields_and_relations() {
    let dir = exported(&annotated());
    let v = json(
        InspectCommand::Entity {
            name: "Gohardasht Prison".into(),
        },
        dir.path(),
    );
    assert_eq!(v["entity"]["id"], PRISON);
    assert_eq!(v["relations"].as_array().unwrap().len(), 5);
    let text = run(
        &InspectCommand::Entity {
            name: "رضا شهابی".into(),
        },
        dir.path(),
        false,
    )
    .unwrap();
    assert!(
        text.contains("CO_SIGNED") && text.contains("Arash Sadeghi"),
        "{text}"
    );
}

#[test]
fn letters_filters() {
    let dir = exported(&annotated());
    let ids = |cmd: InspectCommand| -> Vec<String> {
        json(cmd, dir.path())["letters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["id"].as_str().unwrap().to_string())
            .collect()
    };
    let letters =
        |signer: Option<&str>, prison: Option<&str>, from: Option<&str>, to: Option<&str>| {
            InspectCommand::Letters {
                signer: signer.map(Into::into),
                prison: prison.map(Into::into),
                from: from.map(Into::into),
                to: to.map(Into::into),
            }
        };
    assert_eq!(ids(letters(None, None, None, None)), [L1, L2, L3]);
    assert_eq!(
        ids(letters(Some("Arash Sadeghi"), None, None, None)),
        [L1, L2]
    );
    assert_eq!(
        ids(letters(None, Some("Gohardasht Prison"), Some("2017"), None)),
        [L2]
    );
    assert_eq!(ids(letters(None, None, None, Some("2016"))), [L1]);
    assert_eq!(
        ids(letters(None, None, Some("2017-02"), Some("2017-02"))),
        [L2]
    );
    assert!(run(
        &letters(None, None, Some("last week"), None),
        dir.path(),
        false
    )
    .is_err());
}

#[test]
fn top_components_and_paths() {
    let dir = exported(&annotated());
    let v = json(
        InspectCommand::Top {
            by: TopBy::Degree,
            limit: 2,
        },
        dir.path(),
    );
    let people: Vec<&str> = v["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(people, [SADEGHI, MASOURI]);
    let v = json(
        InspectCommand::Top {
            by: TopBy::Betweenness,
            limit: 3,
        },
        dir.path(),
    );
    assert_eq!(v["people"][0]["betweenness"], 0.1);
    assert_eq!(v["people"][2]["betweenness"], 0.0);
    let v = json(
        InspectCommand::Top {
            by: TopBy::Letters,
            limit: 10,
        },
        dir.path(),
    );
    assert_eq!(v["people"].as_array().unwrap().len(), SIGNERS);
    assert_eq!(v["people"][0]["letters"], 2);

    let v = json(InspectCommand::Components, dir.path());
    let sizes: Vec<u64> = v["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes, [5, 1]);

    let path = |a: &str, b: &str| {
        json(
            InspectCommand::Path {
                a: a.into(),
                b: b.into(),
            },
            dir.path(),
        )
    };
    let v = path("Ali Moezzi", "رضا شهابی");
    assert_eq!(v["network"], "co-signature");
    let steps: Vec<&str> = v["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["to"].as_str().unwrap())
        .collect();
    assert_eq!(steps, [SADEGHI, REZA]);
    let v = path("Narges Mohammadi", "Ali Moezzi");
    assert_eq!(v["network"], "full graph");
    let steps: Vec<&str> = v["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["to"].as_str().unwrap())
        .collect();
    assert_eq!(steps, [PRISON, L2, MOEZZI]);
    let v = path("Golrokh Ebrahimi Iraee", "Saeid Masouri");
    assert!(v["path"].is_null());
}

#[test]
fn clap_parses_the_subcommands() {
    #[derive(Parser)]
    struct Cli {
        #[command(subcommand)]
        cmd: InspectCommand,
    }
    let c = Cli::try_parse_from(["x", "top", "--by", "betweenness", "--limit", "3"]).unwrap();
    assert_eq!(
        c.cmd,
        InspectCommand::Top {
            by: TopBy::Betweenness,
            limit: 3
        }
    );
    let c = Cli::try_parse_from(["x", "letters", "--signer", "A B", "--from", "2016"]).unwrap();
    assert!(matches!(
        c.cmd,
        InspectCommand::Letters {
            signer: Some(_),
            from: Some(_),
            ..
        }
    ));
    let c = Cli::try_parse_from(["x", "path", "a", "b"]).unwrap();
    assert!(matches!(c.cmd, InspectCommand::Path { .. }));
}

#[test]
fn missing_graph_json_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let e = run(&InspectCommand::Components, dir.path(), false).unwrap_err();
    assert!(e.to_string().contains("graph.json"), "{e}");
}
