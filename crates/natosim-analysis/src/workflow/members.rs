//! Per-ally outputs: each ally's simulated path by year — defence spending
//! (% of GDP and USD bn), threat perception, trust in the US guarantee and
//! contribution — with the mean and the 5/50/95 % quantiles across runs
//! (`natosim members`, the report's per-ally table and map).
//!
//! The engine shows each member's year-end record to an observer
//! ([`MemberYearView`]); [`MemberYearStats`] folds them run by run into
//! streaming summaries (a sum for the mean and a fixed-bin histogram per
//! ally, year and quantity), so memory does not grow with the number of runs
//! and the numbers are the same on any number of threads (chunks run in
//! parallel, their results are folded in run order).

use crate::ensemble::EnsembleOptions;
use crate::summary::{MetricSummary, Stats};
use crate::{AnalysisError, Progress};
use natosim_core::engine::MemberYear;
use natosim_core::metrics::Kind;
use natosim_core::{Dataset, Engine, ModelId, Observer, Scenario};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Runs per parallel chunk (a run's records are a few kB).
const CHUNK: u64 = 256;

/// Largest histogram per cell: a quantile is exact to `(hi − lo) / bins`.
const MAX_BINS: usize = 2000;

/// A per-ally quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// Defence spending, % of GDP.
    SpendingGdp,
    /// Defence spending, USD bn at 2024 prices.
    SpendingBusd,
    /// Threat perception (1 = "high" in the seed's coding).
    Threat,
    /// Trust in the US guarantee (undefined for the United States).
    UsTrust,
    /// Forces the ally can offer the alliance within 30 days, USD bn of
    /// built-up capability (see [`MemberYear::contribution_busd`]).
    ContributionBusd,
}

impl Quantity {
    /// Every quantity, in output order.
    pub const ALL: [Quantity; 5] = [
        Quantity::SpendingGdp,
        Quantity::SpendingBusd,
        Quantity::Threat,
        Quantity::UsTrust,
        Quantity::ContributionBusd,
    ];

    /// Machine name (CSV `quantity`, JSON).
    pub fn name(self) -> &'static str {
        match self {
            Quantity::SpendingGdp => "spending_gdp",
            Quantity::SpendingBusd => "spending_busd",
            Quantity::Threat => "threat",
            Quantity::UsTrust => "us_trust",
            Quantity::ContributionBusd => "contribution_busd",
        }
    }

    /// Looks a quantity up by its machine name.
    pub fn parse(name: &str) -> Option<Quantity> {
        Quantity::ALL.into_iter().find(|q| q.name() == name)
    }

    /// What it measures.
    pub fn description(self) -> &'static str {
        match self {
            Quantity::SpendingGdp => "defence spending, % of GDP",
            Quantity::SpendingBusd => "defence spending, USD bn at 2024 prices",
            Quantity::Threat => "threat perception (1 = \"high\" in the study's coding)",
            Quantity::UsTrust => "trust in the US guarantee (not defined for the US)",
            Quantity::ContributionBusd => {
                "contribution: forces available to the alliance within 30 days, USD bn of built-up capability"
            }
        }
    }

    /// Kind (formatting and unit).
    pub fn kind(self) -> Kind {
        match self {
            Quantity::SpendingGdp => Kind::PercentGdp,
            Quantity::SpendingBusd | Quantity::ContributionBusd => Kind::UsdBn,
            Quantity::Threat | Quantity::UsTrust => Kind::Index,
        }
    }

    /// The histogram range (values outside are clamped into the edge bins;
    /// the mean is exact whatever the range).
    pub fn range(self) -> (f64, f64) {
        match self {
            Quantity::SpendingGdp => (0.0, 20.0),
            Quantity::SpendingBusd | Quantity::ContributionBusd => (0.0, 4000.0),
            Quantity::Threat => (0.0, 1.5),
            Quantity::UsTrust => (0.0, 1.0),
        }
    }

    /// The value in one record.
    pub fn value(self, r: &MemberYear) -> f64 {
        match self {
            Quantity::SpendingGdp => r.spending_gdp,
            Quantity::SpendingBusd => r.spending_busd,
            Quantity::Threat => r.threat,
            Quantity::UsTrust => r.us_trust,
            Quantity::ContributionBusd => r.contribution_busd,
        }
    }

    /// Histogram bins: one per last shown digit, at most [`MAX_BINS`].
    fn bins(self) -> usize {
        let (lo, hi) = self.range();
        (((hi - lo) * 10f64.powi(self.kind().decimals() as i32)).round() as usize)
            .clamp(1, MAX_BINS)
    }
}

const Q: usize = Quantity::ALL.len();

/// One run's year-end records of every member, flat:
/// `values[(year · members + member) · quantities + quantity]`.
#[derive(Clone, Debug, Default)]
pub struct MemberYearView {
    years: Vec<i32>,
    values: Vec<f64>,
}

impl Observer for MemberYearView {
    const MONTHS: bool = false;
    const MEMBERS: bool = false;

    fn member_year(&mut self, member: usize, r: &MemberYear) {
        if member == 0 {
            self.years.push(r.year);
        }
        self.values.extend(Quantity::ALL.map(|q| q.value(r)));
    }
}

/// Streaming summaries of every ally, year and quantity over an ensemble.
#[derive(Clone, Debug)]
pub struct MemberYearStats {
    members: usize,
    years: Vec<i32>,
    cells: Vec<Stats>,
}

impl MemberYearStats {
    /// Empty statistics for `members` allies (years are learnt from the first run).
    pub fn new(members: usize) -> MemberYearStats {
        MemberYearStats {
            members,
            years: Vec::new(),
            cells: Vec::new(),
        }
    }

    /// Adds one run; runs must be added in run order for byte-identical sums.
    pub fn add(&mut self, view: &MemberYearView) {
        if self.cells.is_empty() {
            self.years = view.years.clone();
            self.cells = (0..view.values.len())
                .map(|c| {
                    let q = Quantity::ALL[c % Q];
                    let (lo, hi) = q.range();
                    Stats::new(lo, hi, q.bins())
                })
                .collect();
        }
        for (s, &v) in self.cells.iter_mut().zip(&view.values) {
            s.add(v);
        }
    }

    /// The years, base year first.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The summary of one cell (`None` outside the recorded years).
    pub fn summary(&self, year_index: usize, member: usize, q: Quantity) -> Option<MetricSummary> {
        let k = q as usize;
        self.cells
            .get((year_index * self.members + member) * Q + k)
            .map(Stats::summary)
    }

    /// The finished table for `data`'s allies.
    pub fn finish(
        &self,
        scenario: &str,
        model: &ModelId,
        label: &str,
        opts: EnsembleOptions,
        data: &Dataset,
    ) -> MemberPaths {
        let mut rows = Vec::with_capacity(self.cells.len());
        for (i, m) in data.members.iter().enumerate() {
            for (y, &year) in self.years.iter().enumerate() {
                for q in Quantity::ALL {
                    if let Some(s) = self.summary(y, i, q) {
                        rows.push(MemberRow {
                            iso3: m.iso3.clone(),
                            year,
                            quantity: q,
                            mean: s.mean,
                            p05: s.p05,
                            p50: s.p50,
                            p95: s.p95,
                            n: s.n,
                        });
                    }
                }
            }
        }
        MemberPaths {
            scenario: scenario.to_string(),
            model: model.clone(),
            label: label.to_string(),
            seed: opts.seed,
            runs: opts.runs,
            years: self.years.clone(),
            allies: data
                .members
                .iter()
                .map(|m| Ally {
                    iso3: m.iso3.clone(),
                    name: m.name.clone(),
                    european: m.is_european(),
                })
                .collect(),
            quantities: Quantity::ALL.to_vec(),
            rows,
        }
    }
}

/// An ally as the table lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ally {
    /// ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// English name.
    pub name: String,
    /// Whether it counts among the European allies (all but the US and Canada).
    pub european: bool,
}

/// One ally, year and quantity across runs (one CSV row).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    /// The ally.
    pub iso3: String,
    /// Year (the base year is the initial state: the reference data).
    pub year: i32,
    /// Quantity.
    pub quantity: Quantity,
    /// Mean over runs.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub mean: f64,
    /// 5th percentile.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub p05: f64,
    /// Median.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub p50: f64,
    /// 95th percentile.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub p95: f64,
    /// Runs in which it was defined.
    pub n: u64,
}

/// Every ally's path in one model: what `natosim members --format json`
/// writes. Rows run ally by ally (dataset order), year by year, quantity by
/// quantity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberPaths {
    /// Scenario name.
    pub scenario: String,
    /// Model.
    pub model: ModelId,
    /// Its label.
    pub label: String,
    /// Root seed.
    pub seed: u64,
    /// Runs.
    pub runs: u64,
    /// The years, base year (initial state) first.
    pub years: Vec<i32>,
    /// The allies, dataset order.
    pub allies: Vec<Ally>,
    /// The quantities of each row, in order.
    pub quantities: Vec<Quantity>,
    /// The rows.
    pub rows: Vec<MemberRow>,
}

impl MemberPaths {
    /// The row of an ally, year and quantity.
    pub fn get(&self, iso3: &str, year: i32, q: Quantity) -> Option<&MemberRow> {
        let a = self.allies.iter().position(|a| a.iso3 == iso3)?;
        let y = self.years.iter().position(|&y| y == year)?;
        let k = self.quantities.iter().position(|&x| x == q)?;
        let per_ally = self.years.len() * self.quantities.len();
        self.rows
            .get(a * per_ally + y * self.quantities.len() + k)
            .filter(|r| r.iso3 == iso3 && r.year == year && r.quantity == q)
    }

    /// The final year of the horizon.
    pub fn final_year(&self) -> Option<i32> {
        self.years.last().copied()
    }

    /// The base year (the initial state).
    pub fn base_year(&self) -> Option<i32> {
        self.years.first().copied()
    }
}

/// Runs `opts.runs` runs of `model` and summarises every ally's path
/// (progress counts runs). A model the scenario does not define is an
/// [`AnalysisError::Scenario`] diagnostic.
pub fn members(
    scenario: &Scenario,
    data: &Dataset,
    model: &ModelId,
    opts: EnsembleOptions,
    progress: &Progress,
) -> Result<MemberPaths, AnalysisError> {
    crate::limits::check_runs(opts.runs, 1)?;
    let engine = Engine::new(scenario, data, model).map_err(Box::new)?;
    let mut stats = MemberYearStats::new(engine.members());
    let mut start = 0;
    while start < opts.runs {
        progress.check()?;
        let end = (start + CHUNK).min(opts.runs);
        let views: Vec<MemberYearView> = (start..end)
            .into_par_iter()
            .map(|r| {
                let mut view = MemberYearView::default();
                engine.run_observed(opts.seed, r, &mut view);
                view
            })
            .collect();
        for v in &views {
            stats.add(v);
        }
        progress.advance(end);
        start = end;
    }
    let label = scenario
        .model(model)
        .map_or_else(String::new, |m| m.label.clone());
    Ok(stats.finish(&scenario.scenario.name, model, &label, opts, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_resolve_the_shown_precision_within_the_cap() {
        assert_eq!(Quantity::SpendingGdp.bins(), 2000);
        assert_eq!(Quantity::Threat.bins(), 1500);
        assert_eq!(Quantity::UsTrust.bins(), 1000);
        assert_eq!(Quantity::SpendingBusd.bins(), MAX_BINS);
        for q in Quantity::ALL {
            assert_eq!(Quantity::parse(q.name()), Some(q));
        }
    }

    #[test]
    fn one_run_gives_that_runs_values() {
        let (sc, data) = (Scenario::defaults(), Dataset::embedded().unwrap());
        let model = ModelId::status_quo();
        let opts = EnsembleOptions { seed: 5, runs: 1 };
        let paths = members(&sc, &data, &model, opts, &Progress::none()).unwrap();
        let e = Engine::new(&sc, &data, &model).unwrap();
        let mut rec = natosim_core::engine::MemberYearRecorder::default();
        e.run_observed(5, 0, &mut rec);
        let n = data.members.len();
        assert_eq!(paths.rows.len(), n * paths.years.len() * Q);
        for (k, (i, r)) in rec.years.iter().enumerate() {
            let iso = &data.members[*i].iso3;
            assert_eq!(paths.years[k / n], r.year);
            for q in Quantity::ALL {
                let row = paths.get(iso, r.year, q).unwrap();
                let v = q.value(r);
                if v.is_nan() {
                    assert_eq!(row.n, 0);
                } else {
                    assert!((row.mean - v).abs() < 1e-9, "{iso} {} {}", r.year, q.name());
                    assert!((row.p50 - v).abs() < 1e-9, "clamped to the one value");
                }
            }
        }
    }
}
