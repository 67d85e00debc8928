//! Letters in shapes of the genre that the seeds do not show, in short articles written for
//! these tests (names invented; none is in the gazetteer), so that the rules are not fitted to
//! the seeds alone. Also the seeds' events.

use std::path::{Path, PathBuf};

use entigraph::corpus::Corpus;
use entigraph::gazetteer::Gazetteer;
use entigraph::graph::{AttrValue, KnowledgeGraph};
use entigraph::pipeline;
use entigraph::EntityType;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the graph of a corpus of `(file name, text)` articles with the shipped gazetteer.
fn build(articles: &[(&str, &str)]) -> KnowledgeGraph {
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in articles {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    build_dir(tmp.path())
}

fn build_dir(dir: &Path) -> KnowledgeGraph {
    let mut diags = Vec::new();
    let gaz = Gazetteer::load(&root().join("gazetteer"), &mut diags).unwrap();
    let corpus = Corpus::open(&[dir.to_path_buf()], &mut diags).unwrap();
    let a = pipeline::analyse(&corpus, &gaz, diags, &|_, _| {}).unwrap();
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    entigraph::graph::build_graph(&a, &gaz)
}

/// Label of each signer, date, prison id, kind.
type LetterSummary = (Vec<String>, Option<String>, Option<String>, String);

/// The summary of every letter.
fn letters(g: &KnowledgeGraph) -> Vec<LetterSummary> {
    g.nodes()
        .filter(|n| n.entity_type == EntityType::Letter)
        .map(|n| {
            let signers = match n.attrs.get("signers") {
                Some(AttrValue::List(ids)) => ids
                    .iter()
                    .map(|i| g.node(i).unwrap().label.clone())
                    .collect(),
                _ => Vec::new(),
            };
            let prison = match n.attrs.get("prison") {
                Some(AttrValue::Str(p)) => Some(p.clone()),
                _ => None,
            };
            let kind = match n.attrs.get("kind") {
                Some(AttrValue::Str(k)) => k.clone(),
                _ => String::new(),
            };
            (signers, n.date.clone(), prison, kind)
        })
        .collect()
}

fn cosigned(g: &KnowledgeGraph, a: &str, b: &str) -> Option<f64> {
    g.edges()
        .find(|(s, t, e)| {
            e.relation == "CO_SIGNED"
                && ((s.label == a && t.label == b) || (s.label == b && t.label == a))
        })
        .map(|(_, _, e)| e.weight)
}

#[test]
fn numbered_signer_list() {
    let g = build(&[(
        "numbered.txt",
        "Imprisoned teachers write to the Minister of Education\n\n\
         Four teachers held in Evin Prison have written an open letter about the arrests of their colleagues.\n\n\
         \"We ask that our colleagues be released,\" the letter says.\n\n\
         Signed:\n\
         1. Golnar Behzadi\n\
         2. Arman Tavassoli\n\
         3. Parviz Nourbakhsh\n\
         4. Shirin Dastmalchi\n\n\
         Evin Prison, 14 February 2021\n",
    )]);
    let ls = letters(&g);
    assert_eq!(ls.len(), 1, "{ls:?}");
    assert_eq!(
        ls[0].0,
        vec![
            "Golnar Behzadi",
            "Arman Tavassoli",
            "Parviz Nourbakhsh",
            "Shirin Dastmalchi"
        ]
    );
    assert_eq!(ls[0].1.as_deref(), Some("2021-02-14"));
    assert_eq!(
        cosigned(&g, "Golnar Behzadi", "Shirin Dastmalchi"),
        Some(1.0)
    );
    // 4 signers: 6 co-signature pairs.
    assert_eq!(
        g.edges()
            .filter(|(_, _, e)| e.relation == "CO_SIGNED")
            .count(),
        6
    );
}

#[test]
fn signed_by_inline_with_commas() {
    let g = build(&[(
        "inline.txt",
        "A letter from Qezel Hesar Prison, signed by Behnam Rostamian, Kaveh Azizpour and Dariush Sohrabi, was published on 3 May 2019 by human rights groups.\n\n\
         The prisoners describe the conditions of the ward.\n",
    )]);
    let ls = letters(&g);
    assert_eq!(ls.len(), 1, "{ls:?}");
    assert_eq!(
        ls[0].0,
        vec!["Behnam Rostamian", "Kaveh Azizpour", "Dariush Sohrabi"]
    );
    assert_eq!(
        ls[0].2.as_deref(),
        Some("prison:ghezel-hesar-prison"),
        "{ls:?}"
    );
    assert_eq!(cosigned(&g, "Kaveh Azizpour", "Dariush Sohrabi"), Some(1.0));
}

#[test]
fn statement_of_a_named_group_without_signer_names() {
    let g = build(&[(
        "statement.txt",
        "Women political prisoners in Qarchak Prison issued a statement on Sunday condemning the executions.\n\n\
         \"We will not be silenced,\" the statement said.\n",
    )]);
    let ls = letters(&g);
    assert_eq!(ls.len(), 1, "{ls:?}");
    assert!(ls[0].0.is_empty());
    assert_eq!(ls[0].3, "statement");
    assert_eq!(ls[0].2.as_deref(), Some("prison:qarchak-prison"), "{ls:?}");
    assert_eq!(
        g.edges()
            .filter(|(_, _, e)| e.relation == "CO_SIGNED")
            .count(),
        0
    );
}

#[test]
fn year_of_a_letter_inferred_from_the_article() {
    let g = build(&[(
        "year.txt",
        "Tuesday, July 16, 2024\n\
         Prisoners in Vakilabad Prison write to UN rapporteur\n\n\
         On 2 March 2019 the families gathered outside the court. Two prisoners then wrote a letter dated 12 March to the UN Special Rapporteur.\n\n\
         Farzin Sadeghpour and Mehrdad Kamangar,\n\n\
         Political prisoners in Vakilabad Prison, Mashhad\n",
    )]);
    let ls = letters(&g);
    assert_eq!(ls.len(), 1, "{ls:?}");
    assert_eq!(ls[0].0, vec!["Farzin Sadeghpour", "Mehrdad Kamangar"]);
    // The year comes from the article's own dates (2019), not from the page header (2024).
    assert_eq!(ls[0].1.as_deref(), Some("2019-03-12"), "{ls:?}");
}

#[test]
fn an_article_without_a_year_gives_its_letter_no_year() {
    // Another article of the corpus is full of 2019 dates; the undated one says nothing of
    // its year, so its letter has no date rather than the collection's year.
    let g = build(&[
        (
            "a.txt",
            "On 2 March 2019 the families gathered outside the court. On 9 March 2019 they \
             returned, and on 16 March 2019 again.\n",
        ),
        (
            "b.txt",
            "Two prisoners wrote a letter dated 12 April to the UN Special Rapporteur.\n\n\
             Farzin Sadeghpour and Mehrdad Kamangar,\n\n\
             Political prisoners in Vakilabad Prison, Mashhad\n",
        ),
    ]);
    let ls = letters(&g);
    assert_eq!(ls.len(), 1, "{ls:?}");
    assert_eq!(ls[0].0, vec!["Farzin Sadeghpour", "Mehrdad Kamangar"]);
    assert_eq!(ls[0].1, None, "{ls:?}");
}

#[test]
fn the_same_letter_quoted_by_two_articles_is_one_letter() {
    let quote = "We, the undersigned prisoners, have spent years behind these walls and we know that the \
                 world hears little of what happens here. We ask every free person to speak for those \
                 whose voices are taken from them, and we thank the families who stand outside every week.";
    let a = format!(
        "Prisoners of Urmia write to the families\n\nThe text of the letter follows:\n\n{quote}\n\nSigned by political prisoners:\n\nHeshmat Azadi\nNavid Kiani\n\n5 June 2020\n"
    );
    let b = format!(
        "Political prisoners in Urmia sent a letter to the families of detainees. The letter follows:\n\n{}\n",
        quote.replace("little of", "very little about")
    );
    let g = build(&[("a.txt", &a), ("b.txt", &b)]);
    let letter_nodes: Vec<_> = g
        .nodes()
        .filter(|n| n.entity_type == EntityType::Letter)
        .collect();
    assert_eq!(letter_nodes.len(), 1, "{:?}", letters(&g));
    let docs: Vec<&str> = letter_nodes[0].documents.iter().map(|d| &**d).collect();
    assert_eq!(docs, vec!["a.txt", "b.txt"]);
    assert_eq!(letter_nodes[0].date.as_deref(), Some("2020-06-05"));
}

#[test]
fn seed_events_have_their_date_and_city() {
    let g = build_dir(&root().join("seeds"));
    let located = |id: &str| {
        g.edges()
            .find(|(s, _, e)| s.id == id && e.relation == "LOCATED_IN")
            .map(|(_, t, _)| t.id.clone())
    };
    let events: Vec<_> = g
        .nodes()
        .filter(|n| n.entity_type == EntityType::Event)
        .collect();
    let conf = events
        .iter()
        .find(|e| e.attrs.get("kind") == Some(&AttrValue::Str("conference".into())))
        .unwrap();
    assert_eq!(conf.date.as_deref(), Some("2016-11-26"));
    assert_eq!(located(&conf.id).as_deref(), Some("city:paris"));
    let rally = events
        .iter()
        .find(|e| e.attrs.get("kind") == Some(&AttrValue::Str("rally".into())))
        .unwrap();
    assert_eq!(rally.date.as_deref(), Some("2016-12-17"));
    assert_eq!(located(&rally.id).as_deref(), Some("city:paris"));
    // The letter of 11 prisoners is addressed to the conference.
    assert!(g.edges().any(|(s, t, e)| e.relation == "ADDRESSED_TO"
        && t.id == conf.id
        && s.entity_type == EntityType::Letter));
}

#[test]
fn letters_with_different_signers_never_merge_through_shared_text() {
    let boiler = "The prisoners say that the authorities have denied them medical care for months and that \
                  their families have been threatened with arrest if they speak to the media about the case.";
    let a = format!("{boiler}\n\nSigned by political prisoners:\n\nArash Kamali\nBehrouz Nadimi\n");
    let b =
        format!("{boiler}\n\nSigned by political prisoners:\n\nCyrus Rahmani\nDariush Farzin\n");
    let c = format!("Political prisoners wrote a letter. The letter follows:\n\n{boiler}\n");
    let g = build(&[("a.txt", &a), ("b.txt", &b), ("c.txt", &c)]);
    let ls = letters(&g);
    assert!(
        !ls.iter().any(|l| l.0.contains(&"Arash Kamali".to_string())
            && l.0.contains(&"Cyrus Rahmani".to_string())),
        "{ls:?}"
    );
    assert_eq!(cosigned(&g, "Arash Kamali", "Cyrus Rahmani"), None);
    assert_eq!(ls.iter().filter(|l| !l.0.is_empty()).count(), 2, "{ls:?}");
}

/// A name that a rule finds in one article (after a title) and that only propagation finds in
/// another, written there before a signature list: the new mention comes before the signers in
/// the document, and the signers must still be the listed names (the letter once pointed one
/// mention too early and took the propagated name as its first signer).
#[test]
fn propagated_name_before_a_signature_list_keeps_the_signers() {
    let g = build(&[
        (
            "a.txt",
            "Mr. Farhad Kouchakzadeh, a lawyer, was summoned to court on 2 March 2021.\n",
        ),
        (
            "b.txt",
            "Prisoners write about their lawyer\n\n\
             Four prisoners in Evin Prison have written an open letter in support of their lawyer, \
             whom they met when Farhad Kouchakzadeh visited the ward.\n\n\
             \"We ask that he be allowed to work,\" the letter says.\n\n\
             Signed:\n\
             1. Golnar Behzadi\n\
             2. Arman Tavassoli\n\
             3. Parviz Nourbakhsh\n\
             4. Shirin Dastmalchi\n\n\
             Evin Prison, 14 February 2021\n",
        ),
    ]);
    // The propagated name is a mention of b.txt.
    let lawyer = g
        .nodes()
        .find(|n| n.label == "Farhad Kouchakzadeh")
        .expect("the lawyer is a person");
    assert!(
        lawyer.documents.iter().any(|d| &**d == "b.txt"),
        "{:?}",
        lawyer.documents
    );
    let ls = letters(&g);
    assert_eq!(ls.len(), 1, "{ls:?}");
    assert_eq!(
        ls[0].0,
        vec![
            "Golnar Behzadi",
            "Arman Tavassoli",
            "Parviz Nourbakhsh",
            "Shirin Dastmalchi"
        ]
    );
}

/// Rallies in one city: the same day in two articles is one event; without a full date (no
/// year anywhere in the corpus), two articles' rallies are two events (nothing says they are
/// the same rally; once all such rallies of a corpus became one event of thousands of articles).
#[test]
fn events_merge_across_articles_only_with_a_full_date() {
    let rally_events = |a: &str, b: &str| {
        let g = build(&[("a.txt", a), ("b.txt", b)]);
        let mut docs: Vec<Vec<String>> = g
            .nodes()
            .filter(|n| n.entity_type == EntityType::Event)
            .map(|n| n.documents.iter().map(|d| d.to_string()).collect())
            .collect();
        docs.sort();
        docs
    };
    let dated = rally_events(
        "Hundreds of people held a rally in Paris on 17 December 2016 for the prisoners.\n",
        "Supporters joined a rally in Paris on 17 December 2016, the organisers said.\n",
    );
    assert_eq!(dated, vec![vec!["a.txt".to_string(), "b.txt".to_string()]]);
    let undated = rally_events(
        "Hundreds of people held a rally in Paris on 17 December for the prisoners.\n",
        "Supporters joined a rally in Paris on 17 December, the organisers said.\n",
    );
    assert_eq!(
        undated,
        vec![vec!["a.txt".to_string()], vec!["b.txt".to_string()]]
    );
}

/// A full name a signature list gives in one article is found in a sentence of another, where
/// no rule would take it: the mention is `propagated` and the person has both documents.
#[test]
fn a_signer_named_in_another_article_is_propagated() {
    let g = build(&[
        (
            "a.txt",
            "Signed by political prisoners:\nKouhyar Tavakol\nSina Daryani\n",
        ),
        (
            "b.txt",
            "Yesterday we heard that Kouhyar Tavakol was moved.",
        ),
    ]);
    let kouhyar = g
        .nodes()
        .find(|n| n.label == "Kouhyar Tavakol")
        .expect("a person");
    let docs: Vec<&str> = kouhyar.documents.iter().map(|d| &**d).collect();
    assert_eq!(docs, vec!["a.txt", "b.txt"]);
    let rules = match kouhyar.attrs.get("rules") {
        Some(AttrValue::List(r)) => r.clone(),
        other => panic!("{other:?}"),
    };
    assert!(rules.iter().any(|r| r == "propagated"), "{rules:?}");
}
