//! `gazetteer/overrides.tsv`: a person's hard links between names or ids.
//!
//! Columns are separated by one tab (shown here as `→`):
//!
//! ```text
//! # comments and blank lines are ignored
//! relation → a → b → note
//! same → Saeid Masouri → Saeed Massouri → one person, two transliterations
//! different → person:reza-akbari-monfared → Maryam Akbari Monfared
//! ```
//!
//! `relation` is `same` or `different`; `a` and `b` are each a name (matched on its folded
//! spelling against every surface of the corpus and the gazetteer's names) or an id: a node id
//! (`person:ali-khamenei`) or a gazetteer entry id (`ali-khamenei`). `same` links are applied
//! transitively before any scoring; `different` links stop any merge that would join the two
//! sides. The `note` column is optional. The review CSV written by
//! [`super::explain::write_review_csv`] turns into lines of this file once its `decision`
//! column is filled in.

use std::path::Path;

use super::Override;
use crate::error::Error;

/// Loads an overrides file. A missing file is no overrides; a malformed line is an error
/// naming `file:line`.
pub fn load_overrides(path: &Path) -> crate::Result<Vec<Override>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    parse_overrides(&text, path)
}

/// Parses the text of an overrides file (`path` names it in errors).
pub fn parse_overrides(text: &str, path: &Path) -> crate::Result<Vec<Override>> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim_end_matches('\r');
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = l.split('\t').map(|c| c.trim()).collect();
        if !header_seen && cols.first().map(|c| c.eq_ignore_ascii_case("relation")) == Some(true) {
            header_seen = true;
            continue;
        }
        if cols.len() < 3 {
            return Err(Error::parse(
                path,
                line,
                format!(
                    "expected `relation<TAB>a<TAB>b[<TAB>note]`, found {} column(s)",
                    cols.len()
                ),
            ));
        }
        let same = match cols[0].to_ascii_lowercase().as_str() {
            "same" => true,
            "different" => false,
            other => {
                return Err(Error::parse(
                    path,
                    line,
                    format!("relation must be `same` or `different`, not `{other}`"),
                ))
            }
        };
        if cols[1].is_empty() || cols[2].is_empty() {
            return Err(Error::parse(path, line, "empty name or id"));
        }
        if crate::text::fold(cols[1]) == crate::text::fold(cols[2]) {
            return Err(Error::parse(
                path,
                line,
                format!("`{}` and `{}` are the same name", cols[1], cols[2]),
            ));
        }
        out.push(Override {
            same,
            a: cols[1].to_string(),
            b: cols[2].to_string(),
            file: path.to_path_buf(),
            line,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_lines() {
        let p = Path::new("gazetteer/overrides.tsv");
        let t = "# c\nrelation\ta\tb\tnote\nsame\tA B\tC D\tx\n\ndifferent\tperson:x\tE\n";
        let o = parse_overrides(t, p).unwrap();
        assert_eq!(o.len(), 2);
        assert!(o[0].same && !o[1].same);
        assert_eq!(o[1].line, 5);
        let e = parse_overrides("maybe\ta\tb\n", p).unwrap_err().to_string();
        assert!(e.starts_with("gazetteer/overrides.tsv:1:"), "{e}");
        let e = parse_overrides("same\ta\n", p).unwrap_err().to_string();
        assert!(e.contains(":1:"), "{e}");
    }

    #[test]
    fn missing_file_is_empty() {
        let o = load_overrides(Path::new("/nonexistent/overrides.tsv")).unwrap();
        assert!(o.is_empty());
    }
}
