//! The documentation of every parameter: its source, as the comment above
//! or beside its key in the embedded defaults (`defaults.toml`).
//!
//! Each default cites a seed passage, a public data source or says it is a
//! NAMED ASSUMPTION — but only in a comment, which the TOML parser drops.
//! This module reads the comments back with `toml_edit` (which keeps them)
//! so that front ends can show a parameter's source beside its value (the
//! workbench's Assumptions form). Pure: it parses the embedded text once.
//!
//! Which comment belongs to a key: the comment lines directly above it, and
//! the comment after its value on the same line. A key without either takes
//! the comment of the key before it when no blank line separates them (the
//! file documents `level_high`, `level_medium`, `level_low` with one comment
//! above the first). Per-model keys without a comment take the comment of
//! the same key in another model; a key inside an inline table or array
//! takes its parent's; a key with nothing of its own takes its table's.

use super::DEFAULTS_TOML;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;
use toml_edit::{ImDocument, Item, RawString, Table};

/// The comments of the defaults: key path (arrays without indices, e.g.
/// `spending.targets`, `models.toolkit.us_troops`) → its comment.
struct Docs {
    keys: BTreeMap<String, String>,
    tables: BTreeMap<String, String>,
    /// Every table header's path, documented or not.
    all_tables: BTreeSet<String>,
}

static DOCS: LazyLock<Docs> = LazyLock::new(|| {
    let mut d = Docs {
        keys: BTreeMap::new(),
        tables: BTreeMap::new(),
        all_tables: BTreeSet::new(),
    };
    if let Ok(doc) = ImDocument::parse(DEFAULTS_TOML) {
        walk(doc.as_table(), "", &mut d);
    }
    d
});

/// The text of a decor part (a span into the embedded text).
fn raw(r: Option<&RawString>) -> &'static str {
    r.and_then(|r| r.span())
        .and_then(|s| DEFAULTS_TOML.get(s))
        .unwrap_or("")
}

/// The comment lines of a decor part, `#` removed, joined by spaces; only
/// the last paragraph (lines after the last blank line) for a prefix, so a
/// section's introduction above the first key is not taken for its doc.
fn comment(text: &str, last_paragraph: bool) -> String {
    let text = if last_paragraph {
        text.trim_end_matches([' ', '\t'])
            .trim_end_matches('\n')
            .rsplit("\n\n")
            .next()
            .unwrap_or("")
    } else {
        text
    };
    text.lines()
        .filter_map(|l| l.trim().strip_prefix('#'))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(table: &Table, path: &str, d: &mut Docs) {
    let own = [
        comment(raw(table.decor().prefix()), true),
        comment(raw(table.decor().suffix()), false),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    d.all_tables.insert(path.to_string());
    if !own.is_empty() {
        d.tables.insert(path.to_string(), own);
    }
    let mut previous: Option<String> = None;
    for (k, item) in table.iter() {
        let p = join(path, k);
        if let Item::Table(t) = item {
            walk(t, &p, d);
            previous = None;
            continue;
        }
        let Some((key, _)) = table.get_key_value(k) else {
            continue;
        };
        let prefix = raw(key.leaf_decor().prefix());
        let mut doc = comment(prefix, true);
        if let Some(v) = item.as_value() {
            let after = comment(raw(v.decor().suffix()), false);
            if !after.is_empty() {
                doc = if doc.is_empty() {
                    after
                } else {
                    format!("{doc} {after}")
                };
            }
        }
        // A key right below a documented one (no blank line) shares its doc.
        let adjacent = !prefix.contains('\n') || prefix.trim_matches([' ', '\t']).is_empty();
        if doc.is_empty() && adjacent {
            doc = previous.clone().unwrap_or_default();
        }
        if !doc.is_empty() {
            d.keys.insert(p, doc.clone());
        }
        previous = (!doc.is_empty()).then_some(doc);
    }
}

/// `path` with array indices removed: `spending.targets[2].core` →
/// `spending.targets.core`.
fn strip_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Where a parameter's doc comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocScope {
    /// The key's own comment (or that of the key it is grouped with, of the
    /// same field in another model, or of the inline table or array it is in).
    Key,
    /// Only its table's comment: the section's source, not the key's.
    Table,
}

/// The source comment of the parameter at `path` — a concrete path
/// (`russia.attack_hazard_max`, `models.toolkit.us_troops[1].value`,
/// `spending.targets[2].core`) or a registry pattern (`models.*.us_exit`).
/// `None` if neither the key, its parents nor its table are documented.
pub fn doc(path: &str) -> Option<&'static str> {
    doc_scoped(path).map(|(d, _)| d)
}

/// Like [`doc`], saying whether the comment is the key's or only its table's.
pub fn doc_scoped(path: &str) -> Option<(&'static str, DocScope)> {
    let docs = &*DOCS;
    let path = strip_indices(path).replace("[]", "");
    let model_field = |p: &str| -> Option<&'static str> {
        // `models.<id>.<field…>`: the same field in any model of the defaults.
        let rest = p.strip_prefix("models.")?;
        let (_, field) = rest.split_once('.')?;
        docs.keys
            .iter()
            .find(|(k, _)| {
                k.strip_prefix("models.")
                    .and_then(|r| r.split_once('.'))
                    .is_some_and(|(_, f)| f == field)
            })
            .map(|(_, v)| v.as_str())
    };
    // The key itself, then its parents up to (not including) its table.
    let mut p = path.as_str();
    loop {
        if let Some(d) = docs.keys.get(p) {
            return Some((d, DocScope::Key));
        }
        if let Some(d) = model_field(p) {
            return Some((d, DocScope::Key));
        }
        match p.rsplit_once('.') {
            Some((parent, _)) if !docs.all_tables.contains(parent) => p = parent,
            _ => break,
        }
    }
    // The table's own comment.
    let mut p = path.as_str();
    while let Some((parent, _)) = p.rsplit_once('.') {
        if let Some(d) = docs.tables.get(parent) {
            return Some((d, DocScope::Table));
        }
        p = parent;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::REGISTRY;
    use crate::scenario::Scenario;

    #[test]
    fn reads_comments_above_and_beside_keys() {
        assert!(
            doc("russia.reconstitution_years_min")
                .unwrap()
                .contains("seed 001")
        );
        // Shares the comment of the key above it.
        assert_eq!(
            doc("russia.reconstitution_years_max"),
            doc("russia.reconstitution_years_min")
        );
        assert_eq!(doc("perception.level_low"), doc("perception.level_high"));
        assert!(
            doc("perception.level_high")
                .unwrap()
                .contains("NAMED ASSUMPTION")
        );
        assert!(
            doc("spending.targets[2].core").unwrap().contains("Hague")
                || doc("spending.targets[2].core")
                    .unwrap()
                    .contains("seed 001")
        );
        assert!(
            doc("russia.attack_nuclear_cost")
                .unwrap()
                .contains("CALIBRATED")
        );
        assert!(doc("models.*.procurement_integration").is_some());
    }

    /// Every parameter of the defaults has a source comment, so that the
    /// workbench's form can say where each number comes from.
    #[test]
    fn every_registry_parameter_has_a_doc() {
        let s = Scenario::defaults();
        let ids = s.model_ids();
        let mut missing = Vec::new();
        for p in REGISTRY.iter() {
            let path = match p.pattern.contains('*') {
                true => p.pattern.replacen('*', ids[0].id(), 1),
                false => p.pattern.to_string(),
            };
            if doc(&path).is_none_or(str::is_empty) {
                missing.push(p.pattern);
            }
        }
        // Those documented only by their table's comment: the section's
        // source stands for theirs. Printed (`--nocapture`) so they can be
        // given comments of their own; bounded so that the list does not grow.
        let table_only: Vec<&str> = REGISTRY
            .iter()
            .filter(|p| {
                let path = p.pattern.replacen('*', ids[0].id(), 1);
                doc_scoped(&path).is_some_and(|(_, s)| s == DocScope::Table)
            })
            .map(|p| p.pattern)
            .collect();
        println!(
            "{} of {} parameters documented by their table only: {table_only:?}",
            table_only.len(),
            REGISTRY.len()
        );
        // 90 today: the crisis types, the conflict fields and the Ukraine
        // options are documented per table in defaults.toml, not per key.
        assert!(
            table_only.len() <= 90,
            "more parameters documented only by their table: {table_only:?}"
        );
        assert!(
            missing.is_empty(),
            "parameters without a source comment in defaults.toml: {missing:?}"
        );
    }
}
