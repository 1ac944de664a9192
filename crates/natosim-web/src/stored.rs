//! What a compare job keeps for its charts and report: the report's
//! [`ReportData`] (fans, members, paths) in a serialisable form.
//!
//! `natosim_report::ReportData` has no serde derives (its metric names are
//! `&'static str`, its fans hold NaN for months where nothing is defined),
//! so this module mirrors it field by field: NaN is written as `null` and
//! read back as NaN, metric names and fan fields are mapped back to the
//! core's static tables. Reading a stored job gives back exactly the data
//! that was computed, so its charts and report are those of the run itself
//! (a test checks the round trip).

use natosim_analysis::UncertaintyInfo;
use natosim_analysis::summary::MetricSummary;
use natosim_analysis::workflow::MemberPaths;
use natosim_core::ModelId;
use natosim_core::metrics::METRICS;
use natosim_core::time::YearMonth;
use natosim_report::ReportData;
use natosim_report::compute::{Fan, FanField, MemberMedians, ModelResult};
use serde::{Deserialize, Serialize};

/// A float that may be NaN: `null` in JSON.
type F = Option<f64>;

fn put(x: f64) -> F {
    (!x.is_nan()).then_some(x)
}

fn take(x: F) -> f64 {
    x.unwrap_or(f64::NAN)
}

/// [`ReportData`] as stored.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredReport {
    scenario: String,
    seed: u64,
    runs: u64,
    months: Vec<YearMonth>,
    models: Vec<StoredModel>,
    uncertainty: UncertaintyInfo,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct StoredModel {
    id: String,
    label: String,
    label_de: Option<String>,
    colour: String,
    metrics: Vec<(String, MetricSummary)>,
    fans: Vec<StoredFan>,
    members: Vec<[F; 3]>,
    paths: MemberPaths,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct StoredFan {
    field: String,
    q: Vec<[F; 5]>,
}

impl StoredReport {
    /// The stored form of `d`.
    pub fn new(d: &ReportData) -> StoredReport {
        StoredReport {
            scenario: d.scenario.clone(),
            seed: d.seed,
            runs: d.runs,
            months: d.months.clone(),
            uncertainty: d.uncertainty.clone(),
            models: d
                .models
                .iter()
                .map(|m| StoredModel {
                    id: m.id.id().to_string(),
                    label: m.label.clone(),
                    label_de: m.label_de.clone(),
                    colour: m.colour.clone(),
                    metrics: m.metrics.iter().map(|(n, s)| (n.to_string(), *s)).collect(),
                    fans: m
                        .fans
                        .iter()
                        .map(|f| StoredFan {
                            field: f.field.id().to_string(),
                            q: f.q.iter().map(|q| q.map(put)).collect(),
                        })
                        .collect(),
                    members: m
                        .members
                        .iter()
                        .map(|x| [put(x.spending_gdp), put(x.us_trust), put(x.threat)])
                        .collect(),
                    paths: m.paths.clone(),
                })
                .collect(),
        }
    }

    /// Back to the report's type; `Err` names what does not fit this build
    /// (a metric or fan removed since the job ran).
    pub fn to_report(&self) -> Result<ReportData, String> {
        let mut models = Vec::with_capacity(self.models.len());
        for m in &self.models {
            let id = ModelId::new(&m.id).map_err(|d| d.to_string())?;
            let metrics = m
                .metrics
                .iter()
                .map(|(n, s)| {
                    METRICS
                        .iter()
                        .find(|i| i.name == n)
                        .map(|i| (i.name, *s))
                        .ok_or_else(|| format!("stored metric `{n}` is unknown to this natosim"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let fans = m
                .fans
                .iter()
                .map(|f| {
                    FanField::ALL
                        .iter()
                        .find(|x| x.id() == f.field)
                        .map(|&field| Fan {
                            field,
                            q: f.q.iter().map(|q| q.map(take)).collect(),
                        })
                        .ok_or_else(|| format!("stored fan `{}` is unknown", f.field))
                })
                .collect::<Result<Vec<_>, _>>()?;
            if fans.len() != FanField::ALL.len() {
                return Err("stored fans do not match this natosim's fan charts".into());
            }
            models.push(ModelResult {
                id,
                label: m.label.clone(),
                label_de: m.label_de.clone(),
                colour: m.colour.clone(),
                metrics,
                fans,
                members: m
                    .members
                    .iter()
                    .map(|x| MemberMedians {
                        spending_gdp: take(x[0]),
                        us_trust: take(x[1]),
                        threat: take(x[2]),
                    })
                    .collect(),
                paths: m.paths.clone(),
            });
        }
        Ok(ReportData {
            scenario: self.scenario.clone(),
            seed: self.seed,
            runs: self.runs,
            months: self.months.clone(),
            models,
            uncertainty: self.uncertainty.clone(),
        })
    }
}
