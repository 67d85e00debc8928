//! The layouts of signature blocks, on texts written for these tests (invented names).

use crate::extract::extract;
use crate::gazetteer::Gazetteer;
use crate::types::EntityType;

/// A gazetteer with a few places (the blocks' closing lines name them).
fn gaz() -> Gazetteer {
    let mk = crate::extract::testing::entry;
    Gazetteer::with_entries(vec![
        mk("evin-prison", EntityType::Prison, "Evin Prison", &["Evin"]),
        mk("lakan-prison", EntityType::Prison, "Lakan Prison", &[]),
        mk(
            "vakilabad-prison",
            EntityType::Prison,
            "Vakilabad Prison",
            &[],
        ),
        mk(
            "ghezel-hesar-prison",
            EntityType::Prison,
            "Ghezel Hesar Prison",
            &["Ghezel Hesar"],
        ),
        mk("tehran", EntityType::City, "Tehran", &[]),
        mk("rasht", EntityType::City, "Rasht", &[]),
        mk("mashhad", EntityType::City, "Mashhad", &[]),
        mk("karaj", EntityType::City, "Karaj", &[]),
        mk("minsk", EntityType::City, "Minsk", &[]),
        mk("iran", EntityType::Country, "Iran", &[]),
    ])
}

/// A block as the tests look at it.
#[derive(Debug, PartialEq)]
struct Blk {
    names: Vec<String>,
    /// (year, month, day)
    date: Option<(Option<i32>, u32, Option<u32>)>,
    affiliation: Option<String>,
    opener: bool,
}

fn blocks(t: &str) -> Vec<Blk> {
    let d = extract(t, &gaz());
    d.blocks
        .iter()
        .map(|b| Blk {
            names: b
                .signers
                .iter()
                .map(|&i| d.mentions[i].surface.clone())
                .collect(),
            date: b.date.map(|x| (x.year, x.month, x.day)),
            affiliation: b.affiliation.map(|(s, e)| t[s..e].to_string()),
            opener: b.opener,
        })
        .collect()
}

/// The names of the only block of `t`.
fn signers(t: &str) -> Vec<String> {
    let bs = blocks(t);
    assert_eq!(bs.len(), 1, "{t}\n{bs:?}");
    bs.into_iter().next().expect("one block").names
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn signature_block_after_opener() {
    let t = "The letter.\n\nSigned by political prisoners:\n\nNarges Ahmadi\nKeyvan Rostami-Far\nAbol Fazl Tavakoli\n\n3 March 2019";
    let d = extract(t, &gaz());
    let names: Vec<_> = d.mentions.iter().map(|m| m.surface.as_str()).collect();
    assert_eq!(
        names,
        vec!["Narges Ahmadi", "Keyvan Rostami-Far", "Abol Fazl Tavakoli"]
    );
    assert_eq!(d.blocks.len(), 1);
    assert_eq!(d.blocks[0].signers, vec![0, 1, 2]);
    assert_eq!(d.blocks[0].date.unwrap().iso().unwrap(), "2019-03-03");
}

#[test]
fn names_joined_with_and_before_affiliation() {
    let t = "Text.\n\nSoheil Karimi and Dariush Nejati,\n\nPolitical Prisoners in Dizelabad Prison, Iran\n\nMay 2, 2018\n";
    let d = extract(t, &gaz());
    let people: Vec<_> = d
        .mentions
        .iter()
        .filter(|m| m.etype == EntityType::Person)
        .map(|m| m.surface.as_str())
        .collect();
    assert_eq!(people, vec!["Soheil Karimi", "Dariush Nejati"]);
    assert!(d
        .mentions
        .iter()
        .any(|m| m.surface == "Dizelabad Prison" && m.etype == EntityType::Prison));
    assert_eq!(
        d.blocks[0].affiliation.map(|(s, e)| &t[s..e]),
        Some("Political Prisoners in Dizelabad Prison, Iran")
    );
    assert_eq!(d.blocks[0].date.unwrap().iso().unwrap(), "2018-05-02");
}

#[test]
fn one_name_a_line_with_commas_then_a_date_and_place_line() {
    let t = "We have written to you before, and we write again because the number of women sleeping on the floor of this ward grows every week while our letters go unanswered.\n\nWith respect,\n\nRoya Ghasemi,\nLeila Bahrami,\nParisa Nikzad\n\nThursday, 6 April 2023, Evin Prison\n\nEditors' note: the text was translated by volunteers.\n";
    assert_eq!(
        blocks(t),
        vec![Blk {
            names: strings(&["Roya Ghasemi", "Leila Bahrami", "Parisa Nikzad"]),
            date: Some((Some(2023), 4, Some(6))),
            affiliation: Some("Thursday, 6 April 2023, Evin Prison".into()),
            opener: false,
        }]
    );
}

#[test]
fn several_names_a_line_then_place_and_date_lines() {
    let t = "\"We will drink that tea together outside, on the day the gates open and the guards have gone home, and we will count the years we lost.\"\n\nRoya Ghasemi, Leila Bahrami, Parisa Nikzad, Samira Tavakol\nWomen's ward, Lakan Prison, Rasht\nSunday, 12 November 2023\n\nThe husband of one of them said she wrote most of it.\n";
    assert_eq!(
        blocks(t),
        vec![Blk {
            names: strings(&[
                "Roya Ghasemi",
                "Leila Bahrami",
                "Parisa Nikzad",
                "Samira Tavakol"
            ]),
            date: Some((Some(2023), 11, Some(12))),
            affiliation: Some("Women's ward, Lakan Prison, Rasht".into()),
            opener: false,
        }]
    );
}

#[test]
fn numbered_names() {
    let t = "The letter is signed:\n\n1. Golnar Sadeghi\n2) Arman Tavakoli\n3- Parviz Nouri\n4 - Kaveh Moradi\n5 – Omid Jalali\n\nA relative said the family had no news.\n";
    let bs = blocks(t);
    assert_eq!(bs.len(), 1);
    assert!(bs[0].opener);
    assert_eq!(
        bs[0].names,
        strings(&[
            "Golnar Sadeghi",
            "Arman Tavakoli",
            "Parviz Nouri",
            "Kaveh Moradi",
            "Omid Jalali"
        ])
    );
}

#[test]
fn bulleted_names_and_a_last_and() {
    let t = "Signed by:\n\n• Golnar Sadeghi\n- Arman Tavakoli\n* Parviz Nouri\n– Kaveh Moradi\n· Omid Jalali\nAnd Farid Sobhani\n";
    assert_eq!(
        signers(t),
        strings(&[
            "Golnar Sadeghi",
            "Arman Tavakoli",
            "Parviz Nouri",
            "Kaveh Moradi",
            "Omid Jalali",
            "Farid Sobhani"
        ])
    );
    let t = "Signed by:\n\n- Golnar Sadeghi\n- Arman Tavakoli\nand Parviz Nouri\n";
    assert_eq!(
        signers(t),
        strings(&["Golnar Sadeghi", "Arman Tavakoli", "Parviz Nouri"])
    );
}

#[test]
fn names_with_a_note_after_a_dash_or_in_brackets() {
    let t = "The signatories are:\n\nArash Safavi - political prisoner\nOmid Jalali – Karaj Central Prison\nKaveh Moradi (Kefaya movement)\nDariush Kamali (sentenced to 10 years)\nSayed Hamid al-Nasseri (السيد حميد الناصري) - life imprisonment\nNader Ebadi — Evin Prison, Tehran\n";
    let d = extract(t, &gaz());
    let people: Vec<_> = d
        .mentions
        .iter()
        .filter(|m| m.etype == EntityType::Person)
        .map(|m| m.surface.as_str())
        .collect();
    let want = [
        "Arash Safavi",
        "Omid Jalali",
        "Kaveh Moradi",
        "Dariush Kamali",
        "Sayed Hamid al-Nasseri",
        "Nader Ebadi",
    ];
    // The name in Arabic script is the same person's (rule `script_gloss`), no other signer.
    let mut with_gloss = want.to_vec();
    with_gloss.insert(5, "السيد حميد الناصري");
    assert_eq!(people, with_gloss);
    assert_eq!(signers(t), strings(&want));
}

#[test]
fn names_with_a_note_after_a_comma() {
    let t = "The appeal is signed by:\n\n• Volha Marchenka, 38, accountant from Minsk, sentenced to 5 years under Article 361 of the Criminal Code;\n• Nader Ebadi, retired teacher, serving ten years;\n• Leila Bahrami, 24, student, 3 years.\n";
    assert_eq!(
        signers(t),
        strings(&["Volha Marchenka", "Nader Ebadi", "Leila Bahrami"])
    );
    // Prose after a name is no note.
    let t = "Signed:\nOmid Jalali\nKaveh Moradi, a poet from Ahvaz, is not related to him.\n";
    assert_eq!(signers(t), strings(&["Omid Jalali"]));
}

#[test]
fn openers_of_every_kind() {
    let names = "\n\nArash Safavi\nOmid Jalali\n\nEvin Prison, 2 June 2024\n";
    for opener in [
        "Signed by:",
        "Signed:",
        "Signatories:",
        "The undersigned:",
        "The letter is signed:",
        "The signatories are:",
        "The appeal is signed by:",
        "The declaration is signed by:",
        "The note carries four names, each with the prison the man is held in:",
        "The statement ends with the names of the signatories, each followed by her party:",
        "The names are written at the foot of the page, each with the sentence served:",
        "The message closed with the following signatures:",
        "The letter ends with two names, written one under the other:",
    ] {
        let bs = blocks(&format!("The text.\n\n{opener}{names}"));
        assert_eq!(bs.len(), 1, "{opener}");
        assert!(bs[0].opener, "{opener}");
        assert_eq!(bs[0].names, strings(&["Arash Safavi", "Omid Jalali"]));
    }
    // Names alone open nothing: "The names of those hanged this month are:".
    for heading in [
        "The names of those hanged this month are:",
        "Prisoners moved this week:",
    ] {
        assert!(blocks(&format!("The text.\n\n{heading}{names}")).is_empty());
    }
}

#[test]
fn place_line_then_a_solar_hijri_date_with_its_gregorian_equivalent() {
    let t = "The signatories are:\nHamid Nasseri - political prisoner\nNader Ebadi - political prisoner\n\nVakilabad Prison, Mashhad\n20 Dey 1402 (10 January 2024)\n\nNasseri was arrested in 2016.\n";
    assert_eq!(
        blocks(t),
        vec![Blk {
            names: strings(&["Hamid Nasseri", "Nader Ebadi"]),
            date: Some((Some(2024), 1, Some(10))),
            affiliation: Some("Vakilabad Prison, Mashhad".into()),
            opener: true,
        }]
    );
}

#[test]
fn place_and_date_on_one_line() {
    // A place the gazetteer lacks, with a date.
    let t = "We hold you responsible.\n\nSigned:\nHamid Nasseri\nFarid Sobhani\nQasr al-Nur, 14 May 2024\n";
    assert_eq!(
        blocks(t),
        vec![Blk {
            names: strings(&["Hamid Nasseri", "Farid Sobhani"]),
            date: Some((Some(2024), 5, Some(14))),
            affiliation: None,
            opener: true,
        }]
    );
    // Closing lines alone are evidence enough for two names.
    let t = "We have written to you before, and we write again because the number of women sleeping on the floor of this ward grows every week while our letters go unanswered.\n\nHamid Nasseri\nFarid Sobhani\nWard 4, Ghezel Hesar Prison, Karaj, 2 June 2024\n";
    assert_eq!(
        blocks(t),
        vec![Blk {
            names: strings(&["Hamid Nasseri", "Farid Sobhani"]),
            date: Some((Some(2024), 6, Some(2))),
            affiliation: Some("Ward 4, Ghezel Hesar Prison, Karaj, 2 June 2024".into()),
            opener: false,
        }]
    );
}

#[test]
fn lists_that_sign_nothing() {
    // Related headlines, navigation links.
    let t = "The prisoners were moved on Monday.\n\nRelated posts\n- Hamid Nasseri Moved To Solitary After Hunger Strike\n- Families Gather Outside Evin Prison\n- Kaveh Moradi Released On Bail\n\nHome | News | Prisons | Reports | Contact\n© 2024 Prison Watch. All rights reserved.\n";
    assert!(blocks(t).is_empty());
    // A list of prisons, some of them in two capitalised words.
    let t = "The strike spread again.\n\nPrisons taking part:\nEvin Prison\nKaraj Central\nVakil Abad\nDizel Abad\nLakan Prison, Rasht\n\nMore will join, the group said.\n";
    assert!(blocks(t).is_empty());
    let t = "The strike spread again.\n\nPrisons taking part:\nKaraj Central\nVakil Abad\nLakan Prison, Rasht\n";
    assert!(blocks(t).is_empty());
    // A headline over the article's dateline.
    let t = "Prison News | Home | Reports\n\nHamid Nasseri and Kaveh Moradi - Two Teachers Sentenced\n\nTehran, 3 May 2024\n\nTwo teachers were sentenced on Sunday to five years each by the Revolutionary Court, their lawyer said, after a trial that lasted less than an hour.\n";
    assert!(blocks(t).is_empty());
    // A list of demands.
    let t = "The prisoners list their demands:\n\n1. Examination of our colleagues by independent doctors\n2. Family Visits\n3. Release of Hamid Nasseri and Kaveh Moradi\n\nEvin Prison, 2 June 2024\n";
    assert!(blocks(t).is_empty());
}

#[test]
fn headline_is_not_a_signature() {
    let d = extract("Water Shortage Crisis\n\nThe rains failed.\n", &gaz());
    assert!(d.mentions.is_empty());
}

#[test]
fn signers_inside_a_sentence() {
    let t = "The letter, signed by Golnar Sadeghi (teacher), Arman Tavakoli and Parviz Nouri (lawyer), was published on Monday.";
    let d = extract(t, &gaz());
    let names: Vec<_> = d.mentions.iter().map(|m| m.surface.as_str()).collect();
    assert_eq!(
        names,
        vec!["Golnar Sadeghi", "Arman Tavakoli", "Parviz Nouri"]
    );
    assert_eq!(d.blocks.len(), 1);
    assert_eq!(d.blocks[0].signers.len(), 3);
    // "signed by 11 prisoners" names nobody.
    assert!(blocks("A letter signed by 11 prisoners was read.").is_empty());
}

#[test]
fn signatories_with_descriptions_between_semicolons() {
    let t = "The four issued a statement on Sunday. The signatories are Arash Safavi, a teacher from Sanandaj; Omid Jalali, a kolbar (porter) from Baneh; Kaveh Moradi, a university student; and Nader Ebadi, a shopkeeper. They call for calm.";
    assert_eq!(
        signers(t),
        strings(&["Arash Safavi", "Omid Jalali", "Kaveh Moradi", "Nader Ebadi"])
    );
    // Part of the list.
    let t = "The signatories include Hamid Nasseri, a veteran of the Green movement who has campaigned since 2009; Farid Sobhani, a member of the Bread and Labour Party; and Dariush Kamali of the Writers' Association. The other two are students.";
    assert_eq!(
        signers(t),
        strings(&["Hamid Nasseri", "Farid Sobhani", "Dariush Kamali"])
    );
}

#[test]
fn signers_with_descriptions_and_role_nouns() {
    let t = "It was signed by Arash Safavi and Omid Jalali of Sahar Agency, Leila Bahrami, an editor at Nima News, and freelance reporters Kaveh Moradi, Roya Ghasemi and Parisa Nikzad. All six were detained in March.";
    assert_eq!(
        signers(t),
        strings(&[
            "Arash Safavi",
            "Omid Jalali",
            "Leila Bahrami",
            "Kaveh Moradi",
            "Roya Ghasemi",
            "Parisa Nikzad"
        ])
    );
}

#[test]
fn signer_list_ends_at_a_non_name_or_a_clause() {
    let t = "The letter, written on May 20, was signed by Arash Safavi, Omid Jalali, Kaveh Moradi and four other prisoners held in Ward 7. It describes the heat.";
    let bs = blocks(t);
    assert_eq!(bs.len(), 1);
    assert_eq!(
        bs[0].names,
        strings(&["Arash Safavi", "Omid Jalali", "Kaveh Moradi"])
    );
    assert_eq!(bs[0].date, Some((None, 5, Some(20))));
    let t = "The appeal, dated 2 March, is signed by Roya Ghasemi, Leila Bahrami and Parisa Nikzad, whose sons were arrested in the spring, according to Hamid Nasseri, a lawyer.";
    let bs = blocks(t);
    assert_eq!(bs.len(), 1);
    assert_eq!(
        bs[0].names,
        strings(&["Roya Ghasemi", "Leila Bahrami", "Parisa Nikzad"])
    );
    assert_eq!(bs[0].date, Some((None, 3, Some(2))));
}

#[test]
fn signers_after_a_count_and_including() {
    let t = "The letter was signed by more than 20 political prisoners, including Arash Safavi, Omid Jalali as well as Kaveh Moradi. It was read out at the rally.";
    assert_eq!(
        signers(t),
        strings(&["Arash Safavi", "Omid Jalali", "Kaveh Moradi"])
    );
    let t = "It was signed by Arash Safavi as well as Omid Jalali.";
    assert_eq!(signers(t), strings(&["Arash Safavi", "Omid Jalali"]));
}

#[test]
fn names_after_a_title() {
    let t = "Signed:
Dr. Farid Sobhani
Mrs Leila Bahrami, retired teacher
";
    assert_eq!(signers(t), strings(&["Farid Sobhani", "Leila Bahrami"]));
}

#[test]
fn signatories_named_in_passing_are_no_list() {
    for t in [
        "Two of the signatories, Roya Ghasemi and Leila Bahrami, were moved in July.",
        "The signatories say that Hamid Nasseri was beaten.",
        "We the signatories of this statement demand the release of Kaveh Moradi.",
        "The letter, signed by 11 prisoners who said Kaveh Moradi was beaten, including guards, was published.",
    ] {
        assert!(blocks(t).is_empty(), "{t}");
    }
}

/// Prints the signature blocks of every file of `$BLOCKS_DIR` (a debugging aid):
/// `BLOCKS_DIR=../shared/eval/dev/docs cargo test print_blocks -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_blocks() {
    let Ok(dir) = std::env::var("BLOCKS_DIR") else {
        return;
    };
    let gaz =
        Gazetteer::load(std::path::Path::new("gazetteer"), &mut Vec::new()).expect("gazetteer");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for f in files {
        let t = std::fs::read_to_string(&f).expect("text");
        let d = extract(&t, &gaz);
        println!("== {}", f.file_name().unwrap_or_default().to_string_lossy());
        for b in &d.blocks {
            let names: Vec<_> = b
                .signers
                .iter()
                .map(|&i| d.mentions[i].surface.as_str())
                .collect();
            println!(
                "  block{} {:?} date={:?} aff={:?}",
                if b.opener { " (opener)" } else { "" },
                names,
                b.date.map(|d| (d.year, d.month, d.day)),
                b.affiliation.map(|(s, e)| &t[s..e])
            );
        }
    }
}

#[test]
fn one_line_sign_off_with_prison_and_date() {
    let prose = "I have asked the court three times to hear my lawyer, and three times the hearing was put off without a word to my family or to me.\n\n";
    let t = format!("{prose}Nader Ebadi – Lakan Prison (Rasht) – 12 Azar 1402 [3 December 2023]\n\nAnother text follows.\n");
    assert_eq!(
        blocks(&t),
        vec![Blk {
            names: strings(&["Nader Ebadi"]),
            date: Some((Some(2023), 12, Some(3))),
            affiliation: Some(
                "Nader Ebadi – Lakan Prison (Rasht) – 12 Azar 1402 [3 December 2023]".into()
            ),
            opener: false,
        }]
    );
    // In brackets.
    let t = format!("{prose}Hamid Nasseri (Evin Prison, 14 May 2024)\n");
    assert_eq!(blocks(&t).len(), 1);
    // A prison without a date (or without its day), a date without a prison, or no prose
    // above: no signature.
    for line in [
        "Nader Ebadi – Lakan Prison (Rasht)",
        "Nader Ebadi – Rasht, 3 December 2023",
        "Nader Ebadi – Lakan Prison, December 2023",
    ] {
        assert!(blocks(&format!("{prose}{line}\n")).is_empty(), "{line}");
    }
    assert!(blocks("Nader Ebadi – Lakan Prison – 3 December 2023\n\nShort.\n").is_empty());
}

#[test]
fn a_signer_after_the_office_he_holds() {
    // The organization before the office signs nothing, known or not.
    for org in ["Tala Nur Guild", "Arvin Tahkim Kavir"] {
        let t = format!("The signatories include {org} spokesman Reza Tavakoli and Omid Farahani, a member of the teachers' council.");
        let b = blocks(&t);
        assert_eq!(b.len(), 1, "{t}");
        assert_eq!(
            b[0].names,
            strings(&["Reza Tavakoli", "Omid Farahani"]),
            "{t}"
        );
    }
}

#[test]
fn inline_signers_with_honorifics() {
    assert_eq!(
        signers("The letter was signed by U Tin Lwin, Daw Khin Nu, Ko Zaw Min (aka) Ko Zaw and U Pyinya."),
        strings(&["U Tin Lwin", "Daw Khin Nu", "Ko Zaw Min", "U Pyinya"])
    );
}

#[test]
fn signatories_to_what_they_signed() {
    let t =
        "Signatories to the statement are: Arash Safavi, Omid Jalali, Kaveh Moradi, Nader Ebadi.";
    assert_eq!(
        signers(t),
        strings(&["Arash Safavi", "Omid Jalali", "Kaveh Moradi", "Nader Ebadi"])
    );
    let t = "The signatories of this open letter include Roya Ghasemi, Leila Bahrami and Parisa Nikzad.";
    assert_eq!(
        signers(t),
        strings(&["Roya Ghasemi", "Leila Bahrami", "Parisa Nikzad"])
    );
    // What follows is not what they signed.
    assert!(
        blocks("The signatories of the Evin group say that Hamid Nasseri was beaten.").is_empty()
    );
}

#[test]
fn signers_among_the_signatories() {
    let t = "The prisoners wrote a letter to the judiciary. Teachers union member Arash Safavi, student activist Omid Jalali, and journalists Kaveh Moradi and Nader Ebadi were among the signatories.";
    assert_eq!(
        signers(t),
        strings(&["Arash Safavi", "Omid Jalali", "Kaveh Moradi", "Nader Ebadi"])
    );
    let t = "Roya Ghasemi and Leila Bahrami (both teachers) are among the signatories to the statement.";
    assert_eq!(signers(t), strings(&["Roya Ghasemi", "Leila Bahrami"]));
    for t in [
        // No letter near.
        "The team played in Tehran on Friday. Roya Ghasemi and Leila Bahrami were among the signatories.",
        // The list does not run up to the verb.
        "Roya Ghasemi said her friends in Tehran were among the signatories of the letter.",
        // More than a noun for people before the first name.
        "Yesterday the guards told Roya Ghasemi and Leila Bahrami were among the signatories of the letter.",
    ] {
        assert!(blocks(t).is_empty(), "{t}");
    }
}
