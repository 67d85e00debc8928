//! One letter told twice in a document: the prose announces it ("A and B wrote a letter to Y.
//! The letter reads: ...") and a signature block next to it lists the same people (the
//! letter's sign-off under its text, "A, B - Z Prison", or the names above the report). Two
//! adjacent frames, one anchored by the block and one by the prose, with the same people, are
//! one: the later one (whose text is the letter's), with what only the earlier gave.

use super::frames::Frame;
use crate::extract::DocExtraction;
use crate::text::fold;

/// `frames` (one per anchor, in order) with each pair of adjacent frames, one anchored by a
/// signature block (`is_block[k]`) and the other not, that name the same people merged.
pub(super) fn merge_told_and_signed(
    ex: &DocExtraction,
    frames: Vec<Frame>,
    is_block: &[bool],
) -> Vec<Frame> {
    let mut out: Vec<Frame> = Vec::with_capacity(frames.len());
    // Whether the last frame of `out` is a block, when it may still merge with the next.
    let mut open: Option<bool> = None;
    for (k, f) in frames.into_iter().enumerate() {
        let merge = open.is_some_and(|b| b != is_block[k])
            && out
                .last()
                .is_some_and(|p| same_people(ex, &p.signers, &f.signers));
        if merge {
            let earlier = out.pop().expect("a last frame");
            out.push(with_earlier(f, earlier));
            open = None;
        } else {
            out.push(f);
            open = Some(is_block[k]);
        }
    }
    out
}

/// True when `a` and `b` (mention indices) name the same people, one or more.
fn same_people(ex: &DocExtraction, a: &[usize], b: &[usize]) -> bool {
    let names = |v: &[usize]| {
        let mut n: Vec<String> = v.iter().map(|&i| fold(&ex.mentions[i].surface)).collect();
        n.sort_unstable();
        n.dedup();
        n
    };
    !a.is_empty() && !b.is_empty() && names(a) == names(b)
}

/// The later frame `f` with what the earlier frame `e` adds (date, recipient, publisher,
/// prison, quote).
fn with_earlier(mut f: Frame, e: Frame) -> Frame {
    f.statement |= e.statement;
    f.date = f.date.or(e.date);
    if f.recipient.is_none() && f.recipient_event.is_none() {
        f.recipient = e.recipient;
        f.recipient_event = e.recipient_event;
    }
    f.publisher = f.publisher.or(e.publisher);
    f.prison = f.prison.or(e.prison);
    f.quote = f.quote.or(e.quote);
    f
}

#[cfg(test)]
mod tests {
    use crate::extract::extract;
    use crate::gazetteer::Gazetteer;
    use crate::structure::frames;

    /// The signers and recipient of each frame of `text`, as written.
    fn letters(text: &str) -> Vec<(Vec<String>, Option<String>)> {
        let g = Gazetteer::with_entries(Vec::new());
        let ex = extract(text, &g);
        let name = |i: usize| ex.mentions[i].surface.clone();
        frames(text, &ex, &g)
            .frames
            .iter()
            .map(|f| {
                (
                    f.signers.iter().map(|&i| name(i)).collect(),
                    f.recipient.map(name),
                )
            })
            .collect()
    }

    #[test]
    fn told_then_signed() {
        let t = "Karim Nasseri and Leila Farahani, two teachers held in the central prison, wrote a letter to Dariush Kamali, the prosecutor. The letter reads:\nDear Sir,\nWe are ill and we ask for a doctor. We have asked for one since May and nobody came to the ward.\n\nKarim Nasseri\nLeila Farahani\nPolitical prisoners in the central prison\n";
        let l = letters(t);
        assert_eq!(l.len(), 1, "{l:?}");
        assert_eq!(l[0].0, vec!["Karim Nasseri", "Leila Farahani"]);
        assert_eq!(l[0].1.as_deref(), Some("Dariush Kamali"));
    }

    #[test]
    fn names_above_the_report_then_told() {
        let t = "Iran: two political prisoners write letter to UN envoy\n\n\nKarim Nasseri and Leila Farahani\nKarim Nasseri and Leila Farahani, two teachers held in the central prison, wrote a letter to Dariush Kamali, the UN envoy, asking for help. This letter reads:\nDear Mr. Kamali\nWe are ill and we ask for a doctor. We have asked for one since May and nobody came to the ward.\n";
        let l = letters(t);
        assert_eq!(l.len(), 1, "{l:?}");
        assert_eq!(l[0].0, vec!["Karim Nasseri", "Leila Farahani"]);
        assert_eq!(l[0].1.as_deref(), Some("Dariush Kamali"));
    }

    #[test]
    fn two_letters_of_other_people() {
        let t = "Karim Nasseri and Leila Farahani, two teachers held in the central prison, wrote a letter to Dariush Kamali, the prosecutor. The letter reads:\nDear Sir,\nWe are ill and we ask for a doctor. We have asked for one since May and nobody came to the ward.\n\nKarim Nasseri\nMina Rostami\nPolitical prisoners in the central prison\n";
        assert_eq!(letters(t).len(), 2);
    }
}
