//! The study side by side: every judgement seed 001 makes about a model or a
//! country that natosim can be held to, evaluated on natosim's output.
//!
//! The judgements are data (`data/judgements.toml`): each has the study's
//! quote, a claim, and a comparison rule over ensemble means such as
//! `decision_days(toolkit) > decision_days(status-quo)`. [`evaluate`] checks
//! each rule against any [`Evidence`] (a [`Comparison`] with per-ally paths,
//! or the report's numbers) and marks it agrees / disagrees / not
//! comparable, with the mechanism responsible where natosim disagrees. So
//! the table in docs/VALIDATION.md and in the report is computed, and stays
//! true when the model changes (a test checks the docs against the code).
//!
//! Rule grammar: `EXPR OP EXPR`, OP one of `<`, `<=`, `>`, `>=`; EXPR is
//! built from numbers, `+ - * /`, parentheses, `abs(e)`, `min(e, …)`,
//! `max(e, …)`, `mean(e, …)`, `METRIC(MODEL)` (a metric's ensemble mean) and
//! `member.QUANTITY(ISO3, MODEL)` (an ally's mean in the final year).

use crate::ensemble::EnsembleOptions;
use crate::workflow::members::{MemberPaths, Quantity, members};
use crate::{AnalysisError, Comparison, Progress, compare};
use natosim_core::metrics::Metric;
use natosim_core::{Dataset, ModelId, Scenario};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// The embedded judgements.
pub const JUDGEMENTS_TOML: &str = include_str!("../data/judgements.toml");

/// One judgement of the study, as written in `data/judgements.toml`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judgement {
    /// Stable machine name.
    pub id: String,
    /// A model id, a country (ISO3) or `europe`.
    pub subject: String,
    /// What it is about (cohesion, capacity to act, …).
    pub topic: String,
    /// Where the study says it.
    pub section: String,
    /// The study's words (German, verbatim).
    pub quote: String,
    /// The judgement in English.
    pub claim: String,
    /// The comparison natosim is held to; `None` if there is nothing to compare.
    #[serde(default)]
    pub rule: Option<String>,
    /// Why there is no rule.
    #[serde(default)]
    pub not_comparable: Option<String>,
    /// `input` if the judgement is one of natosim's inputs.
    #[serde(default)]
    pub basis: Option<String>,
    /// The mechanism responsible when natosim disagrees.
    #[serde(default)]
    pub if_disagrees: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    judgement: Vec<Judgement>,
}

/// The embedded judgements, each rule checked to parse.
pub fn judgements() -> Result<Vec<Judgement>, AnalysisError> {
    let file: File = toml::from_str(JUDGEMENTS_TOML).map_err(|e| invalid(e.to_string()))?;
    for j in &file.judgement {
        match (&j.rule, &j.not_comparable) {
            (Some(r), None) => {
                Rule::parse(r).map_err(|e| invalid(format!("{}: {e}", j.id)))?;
            }
            (None, Some(_)) => {}
            _ => {
                return Err(invalid(format!(
                    "{}: give exactly one of `rule` and `not_comparable`",
                    j.id
                )));
            }
        }
    }
    Ok(file.judgement)
}

fn invalid(message: String) -> AnalysisError {
    AnalysisError::InvalidSetting {
        setting: "judgements",
        message,
    }
}

/// What a rule's terms are evaluated on.
pub trait Evidence {
    /// The ensemble mean of `metric` in `model`; `None` if the model was not run.
    fn metric(&self, model: &str, metric: Metric) -> Option<f64>;
    /// An ally's mean of `q` in the final year in `model`; `None` if not available.
    fn member(&self, model: &str, iso3: &str, q: Quantity) -> Option<f64>;
}

/// A comparison with per-ally paths of some of its models.
pub struct ComparisonEvidence<'a> {
    /// The models' metric summaries.
    pub comparison: &'a Comparison,
    /// Per-ally paths, one per model that has them.
    pub members: &'a [MemberPaths],
}

impl Evidence for ComparisonEvidence<'_> {
    fn metric(&self, model: &str, metric: Metric) -> Option<f64> {
        self.comparison
            .models
            .iter()
            .find(|m| m.id.id() == model)?
            .metric(metric.name())
            .map(|s| s.mean)
    }

    fn member(&self, model: &str, iso3: &str, q: Quantity) -> Option<f64> {
        let p = self.members.iter().find(|p| p.model.id() == model)?;
        p.get(iso3, p.final_year()?, q).map(|r| r.mean)
    }
}

/// How natosim's output relates to a judgement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The rule holds.
    Agrees,
    /// The rule fails.
    Disagrees,
    /// There is no rule, or a term is unavailable or undefined.
    NotComparable,
}

impl Verdict {
    /// English label.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Agrees => "agrees",
            Verdict::Disagrees => "disagrees",
            Verdict::NotComparable => "not comparable",
        }
    }
}

/// One judgement evaluated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The judgement's id.
    pub id: String,
    /// Its subject's id.
    pub subject: String,
    /// Its subject's name (model label, country name).
    pub subject_label: String,
    /// Topic.
    pub topic: String,
    /// Where the study says it.
    pub section: String,
    /// The study's words.
    pub quote: String,
    /// The judgement in English.
    pub claim: String,
    /// The rule, if any.
    pub rule: Option<String>,
    /// The rule's left side as natosim gives it.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub lhs: f64,
    /// Its right side.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub rhs: f64,
    /// The verdict.
    pub verdict: Verdict,
    /// Whether the judgement is one of natosim's inputs.
    pub input: bool,
    /// Why natosim disagrees or cannot compare (empty when it agrees).
    pub note: String,
}

/// Evaluates `judgements` on `evidence`; `label` names a subject.
pub fn evaluate(
    judgements: &[Judgement],
    evidence: &dyn Evidence,
    label: &dyn Fn(&str) -> String,
) -> Vec<Evaluation> {
    judgements
        .iter()
        .map(|j| {
            let (lhs, rhs, verdict, note) = match (&j.rule, &j.not_comparable) {
                (Some(text), _) => match Rule::parse(text) {
                    Err(e) => (f64::NAN, f64::NAN, Verdict::NotComparable, e),
                    Ok(rule) => match (rule.lhs.eval(evidence), rule.rhs.eval(evidence)) {
                        (Ok(l), Ok(r)) if l.is_finite() && r.is_finite() => {
                            if rule.op.holds(l, r) {
                                (l, r, Verdict::Agrees, String::new())
                            } else {
                                let why = j.if_disagrees.clone().unwrap_or_default();
                                (l, r, Verdict::Disagrees, why)
                            }
                        }
                        (Err(e), _) | (_, Err(e)) => {
                            (f64::NAN, f64::NAN, Verdict::NotComparable, e)
                        }
                        (Ok(l), Ok(r)) => (
                            l,
                            r,
                            Verdict::NotComparable,
                            "undefined in every run (NaN)".into(),
                        ),
                    },
                },
                (None, why) => (
                    f64::NAN,
                    f64::NAN,
                    Verdict::NotComparable,
                    why.clone().unwrap_or_default(),
                ),
            };
            Evaluation {
                id: j.id.clone(),
                subject: j.subject.clone(),
                subject_label: label(&j.subject),
                topic: j.topic.clone(),
                section: j.section.clone(),
                quote: j.quote.clone(),
                claim: j.claim.clone(),
                rule: j.rule.clone(),
                lhs,
                rhs,
                verdict,
                input: j.basis.as_deref() == Some("input"),
                note,
            }
        })
        .collect()
}

/// The study side by side on one scenario: what `natosim judgements` writes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SideBySide {
    /// Scenario name.
    pub scenario: String,
    /// Root seed.
    pub seed: u64,
    /// Runs per model.
    pub runs: u64,
    /// Every judgement, in the data file's order.
    pub judgements: Vec<Evaluation>,
}

impl SideBySide {
    /// How many judgements have each verdict: (agrees, disagrees, not comparable).
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |v| self.judgements.iter().filter(|e| e.verdict == v).count();
        (
            n(Verdict::Agrees),
            n(Verdict::Disagrees),
            n(Verdict::NotComparable),
        )
    }

    /// The table as Markdown (docs/VALIDATION.md carries exactly this).
    pub fn to_markdown(&self) -> String {
        let (a, d, n) = self.counts();
        let mut out = format!(
            "Scenario \"{}\", {} runs per model, seed {}: {a} agree, {d} disagree, {n} not comparable.\n\n",
            self.scenario, self.runs, self.seed
        );
        out.push_str("| # | about | the study says | natosim is held to | natosim gives | verdict |\n|---|---|---|---|---|---|\n");
        for (k, e) in self.judgements.iter().enumerate() {
            let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
            let rule = e
                .rule
                .as_deref()
                .map_or_else(|| "–".to_string(), |r| format!("`{}`", cell(r)));
            let values = if e.lhs.is_finite() && e.rhs.is_finite() {
                format!("{} vs {}", number(e.lhs), number(e.rhs))
            } else {
                "–".into()
            };
            let mut verdict = format!("**{}**", e.verdict.label());
            if e.input {
                verdict.push_str(" (an input: the check confirms the dynamics keep it)");
            }
            if !e.note.is_empty() {
                let _ = write!(verdict, ": {}", cell(&e.note));
            }
            let _ = writeln!(
                out,
                "| {} | {} ({}) | {} „{}“ ({}) | {} | {} | {} |",
                k + 1,
                cell(&e.subject_label),
                cell(&e.topic),
                cell(&e.claim),
                cell(&e.quote),
                cell(&e.section),
                rule,
                values,
                verdict
            );
        }
        out
    }
}

/// A number with three significant decimals for small values, fewer for large.
pub fn number(x: f64) -> String {
    let a = x.abs();
    let d = if a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else {
        3
    };
    format!("{x:.d$}")
}

/// Runs what the judgements need on `scenario` (a paired comparison of every
/// model they name that the scenario defines, and per-ally paths of the
/// models their member terms name) and evaluates them. Models the scenario
/// lacks make their judgements "not comparable".
pub fn side_by_side(
    scenario: &Scenario,
    data: &Dataset,
    opts: EnsembleOptions,
    progress: &Progress,
) -> Result<SideBySide, AnalysisError> {
    let js = judgements()?;
    let (mut metric_models, mut member_models) = (Vec::new(), Vec::new());
    for j in &js {
        if let Some(r) = &j.rule {
            let rule = Rule::parse(r).map_err(invalid)?;
            rule.lhs.models(&mut metric_models, &mut member_models);
            rule.rhs.models(&mut metric_models, &mut member_models);
        }
    }
    let ids = scenario.model_ids();
    let defined = |names: &[String]| -> Vec<ModelId> {
        ids.iter()
            .filter(|id| names.iter().any(|n| n == id.id()))
            .cloned()
            .collect()
    };
    let to_compare = defined(&metric_models);
    progress.start(opts.runs * to_compare.len() as u64, "comparing models");
    let comparison = compare(scenario, data, &to_compare, opts, progress)?;
    let paths = defined(&member_models)
        .iter()
        .map(|m| {
            progress.start(opts.runs, &format!("per-ally paths of {m}"));
            members(scenario, data, m, opts, progress)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let evidence = ComparisonEvidence {
        comparison: &comparison,
        members: &paths,
    };
    let label = |subject: &str| subject_label(scenario, data, subject);
    Ok(SideBySide {
        scenario: scenario.scenario.name.clone(),
        seed: opts.seed,
        runs: opts.runs,
        judgements: evaluate(&js, &evidence, &label),
    })
}

/// A subject's name: the model's label, the country's name, or "Europe".
pub fn subject_label(scenario: &Scenario, data: &Dataset, subject: &str) -> String {
    if let Some(m) = scenario.models.iter().find(|m| m.id.id() == subject) {
        return m.institution.label.clone();
    }
    if let Some(m) = data.members.iter().find(|m| m.iso3 == subject) {
        return m.name.clone();
    }
    if subject == "europe" {
        return "European allies".into();
    }
    subject.to_string()
}

// ---------------------------------------------------------------- rules ---

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    fn holds(self, l: f64, r: f64) -> bool {
        match self {
            Cmp::Lt => l < r,
            Cmp::Le => l <= r,
            Cmp::Gt => l > r,
            Cmp::Ge => l >= r,
        }
    }
}

/// An aggregate function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Func {
    Abs,
    Min,
    Max,
    Mean,
}

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Num(f64),
    Metric(Metric, String),
    Member(Quantity, String, String),
    Neg(Box<Expr>),
    Bin(char, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

impl Expr {
    fn eval(&self, ev: &dyn Evidence) -> Result<f64, String> {
        Ok(match self {
            Expr::Num(x) => *x,
            Expr::Metric(m, model) => ev
                .metric(model, *m)
                .ok_or_else(|| format!("the scenario has no model `{model}`"))?,
            Expr::Member(q, iso, model) => ev
                .member(model, iso, *q)
                .ok_or_else(|| format!("no per-ally output for `{iso}` in model `{model}`"))?,
            Expr::Neg(e) => -e.eval(ev)?,
            Expr::Bin(op, a, b) => {
                let (a, b) = (a.eval(ev)?, b.eval(ev)?);
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    _ => a / b,
                }
            }
            Expr::Call(f, args) => {
                let v = args
                    .iter()
                    .map(|a| a.eval(ev))
                    .collect::<Result<Vec<f64>, String>>()?;
                match f {
                    Func::Abs => v[0].abs(),
                    Func::Min => v.iter().copied().fold(f64::INFINITY, f64::min),
                    Func::Max => v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    Func::Mean => v.iter().sum::<f64>() / v.len() as f64,
                }
            }
        })
    }

    /// Collects the models the expression names (metric terms, member terms).
    fn models(&self, metric: &mut Vec<String>, member: &mut Vec<String>) {
        let add = |list: &mut Vec<String>, m: &String| {
            if !list.contains(m) {
                list.push(m.clone());
            }
        };
        match self {
            Expr::Num(_) => {}
            Expr::Metric(_, m) => add(metric, m),
            Expr::Member(_, _, m) => add(member, m),
            Expr::Neg(e) => e.models(metric, member),
            Expr::Bin(_, a, b) => {
                a.models(metric, member);
                b.models(metric, member);
            }
            Expr::Call(_, args) => {
                for a in args {
                    a.models(metric, member);
                }
            }
        }
    }
}

/// A parsed rule: `lhs op rhs`.
#[derive(Clone, Debug, PartialEq)]
struct Rule {
    lhs: Expr,
    op: Cmp,
    rhs: Expr,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Ident(String),
    Punct(char),
    Cmp(Cmp),
}

fn tokens(s: &str) -> Result<Vec<Tok>, String> {
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch.is_ascii_digit() || ch == '.' {
            let start = i;
            while i < c.len() && (c[i].is_ascii_digit() || c[i] == '.') {
                i += 1;
            }
            let text: String = c[start..i].iter().collect();
            out.push(Tok::Num(
                text.parse().map_err(|_| format!("bad number `{text}`"))?,
            ));
        } else if ch.is_ascii_alphabetic() || ch == '_' {
            let start = i;
            // A hyphen between letters belongs to the name (model ids).
            while i < c.len()
                && (c[i].is_ascii_alphanumeric()
                    || c[i] == '_'
                    || c[i] == '.'
                    || (c[i] == '-'
                        && c[i - 1].is_ascii_alphanumeric()
                        && c.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic())))
            {
                i += 1;
            }
            out.push(Tok::Ident(c[start..i].iter().collect()));
        } else if ch == '<' || ch == '>' {
            let eq = c.get(i + 1) == Some(&'=');
            out.push(Tok::Cmp(match (ch, eq) {
                ('<', false) => Cmp::Lt,
                ('<', true) => Cmp::Le,
                ('>', false) => Cmp::Gt,
                _ => Cmp::Ge,
            }));
            i += if eq { 2 } else { 1 };
        } else if "()+-*/,".contains(ch) {
            out.push(Tok::Punct(ch));
            i += 1;
        } else {
            return Err(format!("unexpected `{ch}`"));
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn expect(&mut self, p: char) -> Result<(), String> {
        match self.next() {
            Some(Tok::Punct(c)) if c == p => Ok(()),
            other => Err(format!("expected `{p}`, found {other:?}")),
        }
    }

    fn ident(&mut self) -> Result<String, String> {
        match self.next() {
            Some(Tok::Ident(s)) => Ok(s),
            other => Err(format!("expected a name, found {other:?}")),
        }
    }

    fn expr(&mut self) -> Result<Expr, String> {
        let mut e = self.term()?;
        while let Some(Tok::Punct(op @ ('+' | '-'))) = self.peek().cloned() {
            self.at += 1;
            e = Expr::Bin(op, Box::new(e), Box::new(self.term()?));
        }
        Ok(e)
    }

    fn term(&mut self) -> Result<Expr, String> {
        let mut e = self.factor()?;
        while let Some(Tok::Punct(op @ ('*' | '/'))) = self.peek().cloned() {
            self.at += 1;
            e = Expr::Bin(op, Box::new(e), Box::new(self.factor()?));
        }
        Ok(e)
    }

    fn factor(&mut self) -> Result<Expr, String> {
        match self.next() {
            Some(Tok::Num(x)) => Ok(Expr::Num(x)),
            Some(Tok::Punct('-')) => Ok(Expr::Neg(Box::new(self.factor()?))),
            Some(Tok::Punct('(')) => {
                let e = self.expr()?;
                self.expect(')')?;
                Ok(e)
            }
            Some(Tok::Ident(name)) => {
                self.expect('(')?;
                let func = match name.as_str() {
                    "abs" => Some(Func::Abs),
                    "min" => Some(Func::Min),
                    "max" => Some(Func::Max),
                    "mean" => Some(Func::Mean),
                    _ => None,
                };
                if let Some(f) = func {
                    let mut args = vec![self.expr()?];
                    while self.peek() == Some(&Tok::Punct(',')) {
                        self.at += 1;
                        args.push(self.expr()?);
                    }
                    self.expect(')')?;
                    if f == Func::Abs && args.len() != 1 {
                        return Err("abs takes one argument".into());
                    }
                    return Ok(Expr::Call(f, args));
                }
                if let Some(q) = name.strip_prefix("member.") {
                    let q = Quantity::parse(q).ok_or_else(|| {
                        let all: Vec<&str> = Quantity::ALL.iter().map(|q| q.name()).collect();
                        format!("unknown quantity `{q}`; allowed: {}", all.join(", "))
                    })?;
                    let iso = self.ident()?;
                    self.expect(',')?;
                    let model = self.ident()?;
                    self.expect(')')?;
                    return Ok(Expr::Member(q, iso, model));
                }
                let metric = Metric::from_name(&name).map_err(|e| e.to_string())?;
                let model = self.ident()?;
                self.expect(')')?;
                Ok(Expr::Metric(metric, model))
            }
            other => Err(format!("expected a value, found {other:?}")),
        }
    }
}

impl Rule {
    fn parse(text: &str) -> Result<Rule, String> {
        let toks = tokens(text)?;
        let mut p = Parser { toks, at: 0 };
        let lhs = p.expr()?;
        let op = match p.next() {
            Some(Tok::Cmp(op)) => op,
            other => {
                return Err(format!(
                    "expected a comparison (< <= > >=), found {other:?}"
                ));
            }
        };
        let rhs = p.expr()?;
        if p.at != p.toks.len() {
            return Err(format!("unexpected {:?} after the rule", p.peek()));
        }
        Ok(Rule { lhs, op, rhs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed;
    impl Evidence for Fixed {
        fn metric(&self, model: &str, metric: Metric) -> Option<f64> {
            match (model, metric) {
                ("a", Metric::Cohesion) => Some(0.8),
                ("b", Metric::Cohesion) => Some(0.7),
                ("a", Metric::DecisionDays) => Some(f64::NAN),
                _ => None,
            }
        }
        fn member(&self, model: &str, iso3: &str, q: Quantity) -> Option<f64> {
            (model == "a" && iso3 == "POL" && q == Quantity::Threat).then_some(0.9)
        }
    }

    fn verdict(rule: &str) -> (Verdict, f64, f64) {
        let j = Judgement {
            id: "t".into(),
            subject: "a".into(),
            topic: String::new(),
            section: String::new(),
            quote: String::new(),
            claim: String::new(),
            rule: Some(rule.into()),
            not_comparable: None,
            basis: None,
            if_disagrees: Some("why".into()),
        };
        let e = evaluate(&[j], &Fixed, &|s| s.to_string()).remove(0);
        (e.verdict, e.lhs, e.rhs)
    }

    #[test]
    fn rules_parse_and_evaluate_with_precedence() {
        assert_eq!(verdict("cohesion(a) > cohesion(b)").0, Verdict::Agrees);
        assert_eq!(verdict("cohesion(a) < cohesion(b)").0, Verdict::Disagrees);
        let (v, l, r) = verdict("cohesion(a) - cohesion(b) * 2 >= -0.6 - 0.01");
        assert_eq!(v, Verdict::Agrees);
        assert!((l - (0.8 - 1.4)).abs() < 1e-12 && (r + 0.61).abs() < 1e-12);
        assert_eq!(
            verdict("abs(cohesion(b) - member.threat(POL, a)) <= 0.25").0,
            Verdict::Agrees
        );
        let (_, l, _) = verdict("mean(cohesion(a), cohesion(b), 0.3) > max(0, 0.1)");
        assert!((l - 0.6).abs() < 1e-12);
        assert_eq!(
            verdict("min(cohesion(a), 0.5) <= 0.5").0,
            Verdict::Agrees,
            "hyphen-free names and plain numbers mix"
        );
    }

    #[test]
    fn missing_models_and_nan_are_not_comparable() {
        assert_eq!(verdict("cohesion(c) > 0").0, Verdict::NotComparable);
        assert_eq!(verdict("decision_days(a) > 0").0, Verdict::NotComparable);
        assert_eq!(
            verdict("member.threat(DEU, a) > 0").0,
            Verdict::NotComparable
        );
    }

    #[test]
    fn model_ids_with_hyphens_are_names_and_bad_rules_are_errors() {
        let r = Rule::parse("cohesion(european-defence-union) - cohesion(status-quo) > 0").unwrap();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        r.lhs.models(&mut a, &mut b);
        assert_eq!(a, ["european-defence-union", "status-quo"]);
        for bad in [
            "cohesion(a)",
            "cohesion(a) > ",
            "cohesio(a) > 0",
            "member.thread(POL, a) > 0",
            "cohesion(a) > 0 0",
            "cohesion(a) = 0",
        ] {
            assert!(Rule::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_embedded_judgements_parse_and_name_known_subjects() {
        let js = judgements().unwrap();
        assert!(js.len() >= 30);
        let data = Dataset::embedded().unwrap();
        let sc = Scenario::defaults();
        let mut ids = std::collections::HashSet::new();
        for j in &js {
            assert!(ids.insert(j.id.clone()), "duplicate id {}", j.id);
            let known = j.subject == "europe"
                || sc.models.iter().any(|m| m.id.id() == j.subject)
                || data.members.iter().any(|m| m.iso3 == j.subject);
            assert!(known, "{}: unknown subject {}", j.id, j.subject);
            assert!(!j.quote.is_empty() && !j.claim.is_empty(), "{}", j.id);
            if j.rule.is_some() {
                assert!(
                    j.if_disagrees.is_some(),
                    "{}: say why it may disagree",
                    j.id
                );
            }
        }
    }
}
