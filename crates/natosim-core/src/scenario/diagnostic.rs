//! Typed diagnostics: what is wrong with a scenario, where, and what would fix it.
//!
//! Every problem the scenario layer finds — a TOML syntax error, an unknown or
//! mistyped field, a value out of range, a missing or cyclic `extends` — is a
//! [`Diagnostic`]. It carries the facts separately (kind, file, field path,
//! line and column, allowed values, a hint) so that each front end can render
//! them its own way; [`fmt::Display`] gives the command line's one-line style.

use std::fmt;

/// What kind of problem a [`Diagnostic`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// The text is not valid TOML.
    Syntax,
    /// A field that does not exist at this place.
    UnknownField,
    /// A field that must be set is not (e.g. in a new model without `like`).
    MissingField,
    /// A field of the wrong type (e.g. a string where a number belongs).
    WrongType,
    /// A number outside its allowed range.
    OutOfRange,
    /// A value of the right type that is still not allowed (orderings,
    /// sums, identifiers, dates out of order).
    InvalidValue,
    /// A scenario, model or other named thing that does not exist.
    NotFound,
    /// `extends` or `like` refers back to itself.
    Cycle,
    /// `extends` chains more deeply than [`MAX_DEPTH`](super::MAX_DEPTH).
    TooDeep,
    /// A file could not be read.
    Io,
    /// A bare scenario name that is both a shipped scenario and a file (or
    /// text) of the source; see [`ScenarioName`](super::source::ScenarioName).
    Ambiguous,
}

/// A line and column (both counted from 1) in a file's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
}

impl Location {
    /// The location of byte offset `offset` in `text` (clamped to the text).
    pub fn of_offset(text: &str, offset: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        // u32 keeps a Diagnostic small; a scenario file never has 4 billion lines.
        let count = |n: usize| u32::try_from(n + 1).unwrap_or(u32::MAX);
        Location {
            line: count(before.matches('\n').count()),
            column: count(before[line_start..].chars().count()),
        }
    }
}

/// One problem, located as precisely as possible.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// What kind of problem this is.
    pub kind: DiagnosticKind,
    /// The file, shipped scenario or layer the problem is in, if known.
    pub file: Option<Box<str>>,
    /// The dotted field path (`russia.concentration`, `spending.targets[1].core`).
    pub path: Option<String>,
    /// Where in the file's text, when the path (or the syntax error) can be found there.
    pub location: Option<Location>,
    /// What is wrong, without the allowed values or the hint.
    pub message: String,
    /// What is allowed instead: field names, identifiers or a range (`0 … 1`).
    pub allowed: Vec<String>,
    /// A suggestion, e.g. "did you mean `concentration`?".
    pub hint: Option<Box<str>>,
}

impl Diagnostic {
    /// A diagnostic of `kind` with a message and nothing else yet.
    pub fn new(kind: DiagnosticKind, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            kind,
            file: None,
            path: None,
            location: None,
            message: message.into(),
            allowed: Vec::new(),
            hint: None,
        }
    }

    /// Sets the file.
    pub fn in_file(mut self, file: impl Into<String>) -> Diagnostic {
        self.file = Some(file.into().into_boxed_str());
        self
    }

    /// Sets the field path.
    pub fn at_path(mut self, path: impl Into<String>) -> Diagnostic {
        self.path = Some(path.into());
        self
    }

    /// Sets the line and column.
    pub fn at(mut self, location: Option<Location>) -> Diagnostic {
        self.location = location;
        self
    }

    /// Sets what is allowed.
    pub fn allowing<S: Into<String>>(mut self, allowed: impl IntoIterator<Item = S>) -> Diagnostic {
        self.allowed = allowed.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the hint.
    pub fn with_hint(mut self, hint: Option<String>) -> Diagnostic {
        self.hint = hint.map(String::into_boxed_str);
        self
    }

    /// Lists `candidates` as allowed and, if one is close to `name`, hints at it.
    pub fn suggesting<S: AsRef<str>>(self, name: &str, candidates: &[S]) -> Diagnostic {
        let hint = suggest(name, candidates).map(|s| format!("did you mean `{s}`?"));
        self.allowing(candidates.iter().map(|c| c.as_ref().to_string()))
            .with_hint(hint)
    }
}

impl fmt::Display for Diagnostic {
    /// The command line's style: `file: line L, column C: field `path`:
    /// message; allowed: …; did you mean …?` (each part only when known).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        if let Some(l) = self.location {
            write!(f, "line {}, column {}: ", l.line, l.column)?;
        }
        if let Some(p) = &self.path {
            write!(f, "field `{p}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if !self.allowed.is_empty() {
            write!(f, "; allowed: {}", self.allowed.join(", "))?;
        }
        if let Some(h) = &self.hint {
            write!(f, "; {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// All problems found in one scenario: validation reports every bad field at once.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The diagnostics in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    /// One diagnostic per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(e: Diagnostic) -> Self {
        Diagnostics(vec![e])
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// The candidate closest to `name`, if it is close enough to be a likely
/// typo (normalised Damerau–Levenshtein similarity ≥ 0.7, or one contains
/// the other). Ties go to the first candidate, so the answer is deterministic.
pub fn suggest<'a, S: AsRef<str>>(name: &str, candidates: &'a [S]) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let c = c.as_ref();
        if c == name {
            continue;
        }
        let mut score = strsim::normalized_damerau_levenshtein(name, c);
        // "troops" for "us_troops": a fragment of the right name is a good lead.
        if name.len() >= 3 && c.contains(name) {
            score = score.max(0.7);
        }
        if score >= 0.7 && best.is_none_or(|(_, b)| score > b) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

/// `s` safe to print on a terminal: control characters (escape sequences,
/// carriage returns, newlines, C1 codes) and bidirectional overrides become
/// visible `\u{…}` escapes, so a scenario name or a field in a file cannot
/// recolour the terminal, move the cursor or fake an "ok" line.
pub fn escape_control(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if bad(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Rewrites serde's wording into plain words for people editing a scenario:
/// "invalid type: string \"x\", expected u32" becomes "expected a whole
/// number ≥ 0, found the string \"x\""; "wanted exactly 1 element" (a
/// table where one name is expected) and "unit variant" (a number where a
/// name is expected) are said as such. Other messages pass unchanged.
pub fn plain_serde_message(message: &str) -> String {
    fn expected(what: &str) -> String {
        let what = what.trim();
        match what {
            "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number ≥ 0".into(),
            "i8" | "i16" | "i32" | "i64" | "isize" | "a integer" | "an integer" | "integer" => {
                "a whole number".into()
            }
            "f32" | "f64" | "a float" | "float" => "a number".into(),
            "a boolean" | "bool" => "true or false".into(),
            "string only" | "a string" | "string" => "a string".into(),
            _ => what.replace("a integer", "an integer"),
        }
    }
    fn found(what: &str) -> String {
        let what = what.trim();
        if let Some(v) = what.strip_prefix("string ") {
            format!("the string {v}")
        } else if let Some(v) = what.strip_prefix("floating point ") {
            format!("the number {}", v.trim_matches('`'))
        } else if let Some(v) = what.strip_prefix("integer ") {
            format!("the whole number {}", v.trim_matches('`'))
        } else if let Some(v) = what.strip_prefix("boolean ") {
            format!("the boolean {}", v.trim_matches('`'))
        } else if what == "unit variant" || what == "unit value" {
            "a value of another type".into()
        } else if what == "map" || what == "struct" {
            "a table".into()
        } else if what == "sequence" {
            "an array".into()
        } else {
            what.to_string()
        }
    }
    let m = message.trim();
    if m.starts_with("wanted exactly 1 element, found 0") {
        return "expected a single value (one name, a string), found an empty table".into();
    }
    if m.starts_with("wanted exactly 1 element") {
        return "expected a single value (one name, a string), found a table with several \
                entries"
            .into();
    }
    if let Some(rest) = m.strip_prefix("invalid type: ")
        && let Some((f, e)) = rest.split_once(", expected ")
    {
        return format!("expected {}, found {}", expected(e), found(f));
    }
    if let Some(rest) = m.strip_prefix("invalid value: ")
        && let Some((f, e)) = rest.split_once(", expected ")
    {
        return format!("expected {}, found {}", expected(e), found(f));
    }
    m.replace("a integer", "an integer")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggest_finds_typos_and_ignores_strangers() {
        let fields = ["capability_2025", "concentration", "probe_gain"];
        assert_eq!(suggest("concentraton", &fields), Some("concentration"));
        assert_eq!(suggest("probe_gian", &fields), Some("probe_gain"));
        assert_eq!(suggest("zebra", &fields), None);
        assert_eq!(
            suggest("toolkt", &["status-quo", "toolkit"]),
            Some("toolkit")
        );
    }

    #[test]
    fn location_counts_lines_and_characters() {
        let text = "a = 1\nbä = 2\n";
        let at = text.find("= 2").unwrap();
        assert_eq!(
            Location::of_offset(text, at),
            Location { line: 2, column: 4 }
        );
        assert_eq!(
            Location::of_offset(text, 0),
            Location { line: 1, column: 1 }
        );
    }

    #[test]
    fn a_diagnostic_stays_small_enough_to_return_by_value() {
        // clippy's result_large_err limit: every fallible API returns one.
        assert!(std::mem::size_of::<Diagnostic>() <= 128);
    }

    #[test]
    fn display_has_file_location_path_allowed_and_hint() {
        let d = Diagnostic::new(DiagnosticKind::UnknownField, "unknown field")
            .in_file("my.toml")
            .at_path("russia.concentraton")
            .at(Some(Location { line: 2, column: 1 }))
            .suggesting("concentraton", &["concentration", "probe_gain"]);
        assert_eq!(
            d.to_string(),
            "my.toml: line 2, column 1: field `russia.concentraton`: unknown field; allowed: concentration, probe_gain; did you mean `concentration`?"
        );
    }

    /// Issue 14, defect 10: serde's jargon reached users verbatim.
    #[test]
    fn serde_jargon_becomes_plain_words() {
        for (raw, plain) in [
            (
                "invalid type: string \"x\", expected u32",
                "expected a whole number ≥ 0, found the string \"x\"",
            ),
            (
                "invalid type: floating point `1.5`, expected u32",
                "expected a whole number ≥ 0, found the number 1.5",
            ),
            (
                "invalid type: unit variant, expected string only",
                "expected a string, found a value of another type",
            ),
            (
                "invalid type: string \"x\", expected a integer",
                "expected a whole number, found the string \"x\"",
            ),
            (
                "unknown variant `x`, expected `a`",
                "unknown variant `x`, expected `a`",
            ),
        ] {
            assert_eq!(plain_serde_message(raw), plain);
        }
        let m = plain_serde_message("wanted exactly 1 element, more than 1 element");
        assert!(!m.contains("wanted") && m.contains("several"), "{m}");
    }

    /// Issue 14, defect 10: a name with escape sequences reached the terminal raw.
    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(escape_control("plain – ü"), "plain – ü");
        let e = escape_control("\u{1b}[32mok\u{1b}[0m\nx.toml: ok\r\u{202e}");
        assert!(!e.chars().any(|c| c.is_control() || c == '\u{202e}'), "{e}");
        assert!(e.contains("\\u{1b}[32mok"), "{e}");
    }
}
