//! The numbers behind the report, computed in one go.
//!
//! Per model: one ensemble pass whose observer collects, per run, the four
//! fan-chart fields month by month and each member's final state; folded,
//! they give the metric summaries, the per-month quantiles of the fans and
//! the per-member medians for the maps. The pass runs chunks of runs in
//! parallel on rayon and folds the chunk's results into streaming histograms
//! in run order, so the result is byte-identical on any number of threads and
//! memory does not grow with the number of runs.

use crate::i18n::Lang;
use natosim_analysis::ensemble::{EnsembleOptions, MetricStats};
use natosim_analysis::summary::{Histogram, MetricSummary};
use natosim_analysis::uncertainty::{RunModels, UncertaintyInfo, UncertaintyMode};
use natosim_analysis::workflow::MemberPaths;
use natosim_analysis::workflow::members::{MemberYearStats, MemberYearView};
use natosim_core::engine::{MonthRecord, Series};
use natosim_core::explore::ExplorationSpec;
use natosim_core::metrics::{Kind, METRICS};
use natosim_core::scenario::Diagnostic;
use natosim_core::time::YearMonth;
use natosim_core::{Dataset, MemberEnd, ModelId, Observer, RunMetrics, Scenario};
use rayon::prelude::*;

/// Runs per chunk: each run keeps its fan values (4 per month) and members.
const SERIES_CHUNK: u64 = 128;

/// Histogram bins over `[lo, hi]` fine enough that a quantile is exact to the
/// precision the report shows a value of this kind with ([`Kind::decimals`]):
/// e.g. 1000 bins for an index in [0, 1], 2000 for spending in 0–20 % of GDP.
fn bins(kind: Kind, (lo, hi): (f64, f64)) -> usize {
    ((hi - lo) * 10f64.powi(kind.decimals() as i32)).round() as usize
}

/// A monthly quantity shown as a fan chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FanField {
    /// Cohesion index (Kohäsion).
    Cohesion,
    /// Capacity to act (Handlungsfähigkeit): share of crises so far answered
    /// adequately and in time — the `capacity_to_act` metric accumulated month by month.
    CapacityToAct,
    /// Deterrence (Abschreckung).
    Deterrence,
    /// European allies' defence spending, % of GDP.
    EuropeSpendingGdp,
}

impl FanField {
    /// All fan-chart fields, in report order.
    pub const ALL: [FanField; 4] = [
        FanField::Cohesion,
        FanField::CapacityToAct,
        FanField::Deterrence,
        FanField::EuropeSpendingGdp,
    ];

    /// The monthly series the fan shows (its name, kind and range are
    /// defined once, in the core).
    pub fn series(self) -> Series {
        match self {
            FanField::Cohesion => Series::Cohesion,
            FanField::CapacityToAct => Series::CapacityToAct,
            FanField::Deterrence => Series::Deterrence,
            FanField::EuropeSpendingGdp => Series::EuropeSpendingGdp,
        }
    }

    /// Machine name (file names, CSV).
    pub fn id(self) -> &'static str {
        self.series().name()
    }

    /// The value in one month; `NaN` when undefined (no crisis yet).
    pub fn value(self, r: &MonthRecord) -> f64 {
        self.series().value(r)
    }

    /// The histogram range.
    fn range(self) -> (f64, f64) {
        self.series().range()
    }

    /// Histogram bins (see [`bins`]).
    fn bins(self) -> usize {
        bins(self.series().info().kind, self.range())
    }
}

/// Quantiles of one month: 5, 25, 50, 75, 95 %.
pub type Quantiles = [f64; 5];

/// The probabilities of [`Quantiles`].
pub const QUANTILES: Quantiles = [0.05, 0.25, 0.50, 0.75, 0.95];

/// One model's fan for one field.
#[derive(Clone, Debug)]
pub struct Fan {
    /// Field.
    pub field: FanField,
    /// Quantiles per month (`NaN` where undefined in every run).
    pub q: Vec<Quantiles>,
}

/// Per-member medians of the final simulated month.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MemberMedians {
    /// Defence spending, % of GDP.
    pub spending_gdp: f64,
    /// Trust in the US guarantee (0–1).
    pub us_trust: f64,
    /// Threat perception.
    pub threat: f64,
}

/// One model's results.
#[derive(Clone, Debug)]
pub struct ModelResult {
    /// Model.
    pub id: ModelId,
    /// Its name in English, from the scenario.
    pub label: String,
    /// Its name in German, from the scenario, if it has one.
    pub label_de: Option<String>,
    /// Its colour in every chart ([`crate::charts::model_colour`] of its position).
    pub colour: String,
    /// Metric summaries in [`METRICS`] order.
    pub metrics: Vec<(&'static str, MetricSummary)>,
    /// One fan per [`FanField::ALL`].
    pub fans: Vec<Fan>,
    /// Per-member medians, dataset order.
    pub members: Vec<MemberMedians>,
    /// Every ally's path by year with intervals (the per-ally table and
    /// the map of the change; `natosim members` gives the same numbers).
    pub paths: MemberPaths,
}

impl ModelResult {
    /// The model's name in `lang` (German falls back to English).
    pub fn label(&self, lang: Lang) -> &str {
        match (lang, &self.label_de) {
            (Lang::De, Some(de)) => de,
            _ => &self.label,
        }
    }

    /// A metric's summary by name.
    pub fn metric(&self, name: &str) -> Option<&MetricSummary> {
        self.metrics
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s)
    }

    /// The fan of a field.
    pub fn fan(&self, field: FanField) -> &Fan {
        // `fans` holds one fan per `FanField::ALL`, in that order.
        &self.fans[field as usize]
    }
}

/// Everything the report shows that comes from simulation.
#[derive(Clone, Debug)]
pub struct ReportData {
    /// Scenario name.
    pub scenario: String,
    /// Root seed.
    pub seed: u64,
    /// Runs per model.
    pub runs: u64,
    /// Simulated months.
    pub months: Vec<YearMonth>,
    /// One result per model, in the scenario's declaration order.
    pub models: Vec<ModelResult>,
    /// What the intervals carry (random events; parameter draws too if combined).
    pub uncertainty: UncertaintyInfo,
}

/// Runs every model of the scenario and collects the report's numbers in
/// one pass per model. `progress(done)` counts simulated runs out of
/// `models × opts.runs`.
pub fn compute(
    scenario: &Scenario,
    data: &Dataset,
    opts: EnsembleOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ReportData, Diagnostic> {
    compute_uncertain(
        scenario,
        &ExplorationSpec::default(),
        UncertaintyMode::Aleatory,
        data,
        opts,
        progress,
    )
}

/// Like [`compute`]; with [`UncertaintyMode::Combined`] every run draws
/// `spec`'s uncertain parameters (the same vector for every model), so the
/// fans, maps and tables carry the uncertainty of the named assumptions too.
/// Split is shown as combined (the report has one interval per cell).
pub fn compute_uncertain(
    scenario: &Scenario,
    spec: &ExplorationSpec,
    mode: UncertaintyMode,
    data: &Dataset,
    opts: EnsembleOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ReportData, Diagnostic> {
    let as_diagnostic = |e: natosim_analysis::AnalysisError| match e {
        natosim_analysis::AnalysisError::Scenario(d) => *d,
        other => Diagnostic::new(
            natosim_core::scenario::DiagnosticKind::InvalidValue,
            other.to_string(),
        ),
    };
    let draw = mode.draws_parameters() && !spec.uncertainties.is_empty();
    let ids = scenario.model_ids();
    let engines = RunModels::new(scenario, spec, data, &ids, draw, None).map_err(as_diagnostic)?;
    let uncertainty = UncertaintyInfo {
        mode: if draw {
            UncertaintyMode::Combined
        } else {
            UncertaintyMode::Aleatory
        },
        parameters: engines.draws().map(|d| d.parameters()).unwrap_or_default(),
        // Rejections are counted by `compare`; the report redraws the same way.
        rejected_draws: 0,
    };
    let mut done = 0u64;
    let mut models = Vec::new();
    let mut months = Vec::new();
    for (k, model) in scenario.models.iter().enumerate() {
        let id = model.id.clone();
        let pass = model_pass(&engines, k, opts, &|d| progress(done + d)).map_err(as_diagnostic)?;
        done += opts.runs;
        let paths = pass.member_years.finish(
            &scenario.scenario.name,
            &id,
            &model.institution.label,
            opts,
            data,
        );
        months = pass.months;
        models.push(ModelResult {
            id,
            label: model.institution.label.clone(),
            label_de: model.institution.label_de.clone(),
            colour: crate::charts::model_colour(k),
            metrics: METRICS
                .iter()
                .map(|i| i.name)
                .zip(pass.stats.summaries())
                .collect(),
            fans: pass.fans,
            members: pass.members,
            paths,
        });
    }
    Ok(ReportData {
        scenario: scenario.scenario.name.clone(),
        seed: opts.seed,
        runs: opts.runs,
        months,
        models,
        uncertainty,
    })
}

/// Calls `f` on consecutive run ranges of `chunk` runs, then `progress(end)`.
fn chunks(
    runs: u64,
    chunk: u64,
    progress: &(dyn Fn(u64) + Sync),
    mut f: impl FnMut(std::ops::Range<u64>),
) {
    let mut start = 0;
    while start < runs {
        let end = (start + chunk).min(runs);
        f(start..end);
        progress(end);
        start = end;
    }
}

/// What the report keeps of one run: the fan fields month by month (in
/// [`FanField::ALL`] order) and each member's final state.
#[derive(Default)]
struct RunView {
    months: Vec<YearMonth>,
    fans: Vec<[f64; FanField::ALL.len()]>,
    members: Vec<MemberEnd>,
}

impl Observer for RunView {
    // The yearly records go to a `MemberYearView` beside it.
    const MEMBER_YEARS: bool = false;

    fn month(&mut self, r: &MonthRecord) {
        self.months.push(r.month);
        self.fans.push(FanField::ALL.map(|f| f.value(r)));
    }

    fn member_end(&mut self, _member: usize, end: &MemberEnd) {
        self.members.push(*end);
    }
}

/// One model's folded ensemble.
struct ModelPass {
    stats: MetricStats,
    fans: Vec<Fan>,
    months: Vec<YearMonth>,
    members: Vec<MemberMedians>,
    member_years: MemberYearStats,
}

fn model_pass(
    engines: &RunModels,
    k: usize,
    opts: EnsembleOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ModelPass, natosim_analysis::AnalysisError> {
    let n_months = engines.months();
    let mut stats = MetricStats::default();
    let mut hists: Vec<Histogram> = (0..n_months * FanField::ALL.len())
        .map(|c| {
            let field = FanField::ALL[c % FanField::ALL.len()];
            let (lo, hi) = field.range();
            Histogram::new(lo, hi, field.bins())
        })
        .collect();
    let member_hist = |s: Series| {
        let (lo, hi) = s.range();
        Histogram::new(lo, hi, bins(s.info().kind, (lo, hi)))
    };
    let n = engines.members();
    // Members' final spending, trust and threat share the ranges of the
    // European series of the same quantity.
    let mut spend: Vec<Histogram> = (0..n)
        .map(|_| member_hist(Series::EuropeSpendingGdp))
        .collect();
    let mut trust: Vec<Histogram> = (0..n).map(|_| member_hist(Series::UsTrust)).collect();
    let mut threat: Vec<Histogram> = (0..n).map(|_| member_hist(Series::Threat)).collect();
    let mut months = Vec::new();
    let mut failure = None;
    let mut member_years = MemberYearStats::new(n);
    chunks(opts.runs, SERIES_CHUNK, progress, |range| {
        let results: Vec<Result<(RunMetrics, (RunView, MemberYearView)), _>> = range
            .into_par_iter()
            .map(|r| {
                let mut view = (RunView::default(), MemberYearView::default());
                engines
                    .run_observed(k, opts.seed, r, &mut view)
                    .map(|m| (m, view))
            })
            .collect();
        for result in results {
            let (m, (view, years)) = match result {
                Ok(x) => x,
                Err(e) => {
                    failure.get_or_insert(e);
                    continue;
                }
            };
            stats.add(&m);
            member_years.add(&years);
            if months.is_empty() {
                months = view.months;
            }
            for (t, values) in view.fans.iter().enumerate() {
                for (k, &v) in values.iter().enumerate() {
                    if v.is_finite() {
                        hists[t * FanField::ALL.len() + k].add(v);
                    }
                }
            }
            for (i, m) in view.members.iter().enumerate() {
                if m.spending_gdp.is_finite() {
                    spend[i].add(m.spending_gdp);
                }
                if m.us_trust.is_finite() {
                    trust[i].add(m.us_trust);
                }
                if m.threat.is_finite() {
                    threat[i].add(m.threat);
                }
            }
        }
    });
    let fans = FanField::ALL
        .iter()
        .enumerate()
        .map(|(k, &field)| Fan {
            field,
            q: (0..months.len())
                .map(|t| {
                    let h = &hists[t * FanField::ALL.len() + k];
                    QUANTILES.map(|p| h.quantile(p))
                })
                .collect(),
        })
        .collect();
    let members = (0..n)
        .map(|i| MemberMedians {
            spending_gdp: spend[i].quantile(0.5),
            us_trust: trust[i].quantile(0.5),
            threat: threat[i].quantile(0.5),
        })
        .collect();
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(ModelPass {
        stats,
        fans,
        months,
        members,
        member_years,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_resolution_is_the_shown_precision() {
        // One bin per last shown digit: the report's quantiles are exact to
        // the decimals it prints, whatever a series' range.
        assert_eq!(bins(Kind::Index, Series::Cohesion.range()), 1000);
        assert_eq!(bins(Kind::Index, Series::Threat.range()), 1500);
        assert_eq!(
            bins(Kind::PercentGdp, Series::EuropeSpendingGdp.range()),
            2000
        );
        for f in FanField::ALL {
            let (lo, hi) = f.range();
            let width = (hi - lo) / f.bins() as f64;
            let shown = 10f64.powi(-(f.series().info().kind.decimals() as i32));
            assert!((width - shown).abs() < 1e-12, "{}: {width}", f.id());
        }
    }

    #[test]
    fn one_pass_sees_every_month_and_member() {
        let (s, d) = (Scenario::defaults(), Dataset::embedded().unwrap());
        let e = natosim_core::Engine::new(&s, &d, &ModelId::status_quo()).unwrap();
        let spec = ExplorationSpec::default();
        let engines = RunModels::new(&s, &spec, &d, &[ModelId::status_quo()], false, None).unwrap();
        let opts = EnsembleOptions { seed: 1, runs: 3 };
        let pass = model_pass(&engines, 0, opts, &|_| {}).unwrap();
        assert_eq!(pass.months.len(), s.months());
        assert_eq!(pass.fans.len(), FanField::ALL.len());
        assert!(pass.fans.iter().all(|f| f.q.len() == s.months()));
        assert_eq!(pass.members.len(), d.members.len());
        // With one run, the median member spending is that run's value
        // (to the histogram's 0.01 pp).
        let one = model_pass(&engines, 0, EnsembleOptions { seed: 1, runs: 1 }, &|_| {}).unwrap();
        let mut rec = natosim_core::engine::MemberRecorder::default();
        e.run_observed(1, 0, &mut rec);
        for (m, end) in one.members.iter().zip(&rec.members) {
            assert!((m.spending_gdp - end.spending_gdp).abs() <= 0.01 + 1e-9);
        }
    }
}
