//! Sensitivity results as written by `natosim sensitivity --format json`.
//!
//! Schema: `{"scenario", "model", "metric", "method": "sobol"|"morris",
//! "samples", "seed", "parameters": [...], "groups": [...], "convergence": [...]}`,
//! where each parameter carries Sobol indices (`s1`, `s1_conf`, `st`, `st_conf`)
//! or Morris measures (`mu_star`, `mu_star_conf`, `mu`, `sigma`). Unknown
//! fields are ignored so that later additions do not break old reports.

use serde::Deserialize;

/// Global sensitivity analysis method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Sobol variance decomposition.
    Sobol,
    /// Morris elementary-effects screening.
    Morris,
}

/// One parameter's indices.
#[derive(Clone, Debug, Deserialize)]
pub struct ParameterIndex {
    /// Parameter path (e.g. `russia.reconstitution_years_min`).
    pub name: String,
    /// Group, if any.
    #[serde(default)]
    pub group: Option<String>,
    /// Sobol first-order index.
    #[serde(default)]
    pub s1: Option<f64>,
    /// Half-width of its 95 % confidence interval.
    #[serde(default)]
    pub s1_conf: Option<f64>,
    /// Sobol total-order index.
    #[serde(default)]
    pub st: Option<f64>,
    /// Half-width of its 95 % confidence interval.
    #[serde(default)]
    pub st_conf: Option<f64>,
    /// Morris μ*.
    #[serde(default)]
    pub mu_star: Option<f64>,
    /// Half-width of its 95 % confidence interval.
    #[serde(default)]
    pub mu_star_conf: Option<f64>,
    /// Morris μ.
    #[serde(default)]
    pub mu: Option<f64>,
    /// Morris σ.
    #[serde(default)]
    pub sigma: Option<f64>,
}

impl ParameterIndex {
    /// The index used for ranking: ST (Sobol) or μ* (Morris).
    pub fn importance(&self, method: Method) -> f64 {
        match method {
            Method::Sobol => self.st.unwrap_or(0.0),
            Method::Morris => self.mu_star.unwrap_or(0.0),
        }
    }
}

/// A sensitivity analysis of one metric of one model.
#[derive(Clone, Debug, Deserialize)]
pub struct Sensitivity {
    /// Scenario name.
    pub scenario: String,
    /// Model identifier.
    pub model: String,
    /// Metric name.
    pub metric: String,
    /// Method.
    pub method: Method,
    /// Number of samples (model evaluations or base samples).
    pub samples: u64,
    /// Root seed.
    pub seed: u64,
    /// Per-parameter indices.
    pub parameters: Vec<ParameterIndex>,
}

/// A sensitivity file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{file}: not a natosim sensitivity result: {message}")]
pub struct SensitivityError {
    /// The file.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

impl Sensitivity {
    /// Parses the JSON text of `file`.
    pub fn parse(file: &str, text: &str) -> Result<Sensitivity, SensitivityError> {
        let s: Sensitivity = serde_json::from_str(text).map_err(|e| SensitivityError {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        let missing = s.parameters.iter().find(|p| match s.method {
            Method::Sobol => p.st.is_none() || p.s1.is_none(),
            Method::Morris => p.mu_star.is_none(),
        });
        if let Some(p) = missing {
            return Err(SensitivityError {
                file: file.to_string(),
                message: format!(
                    "parameter `{}` lacks the {} indices",
                    p.name,
                    match s.method {
                        Method::Sobol => "Sobol (s1, st)",
                        Method::Morris => "Morris (mu_star)",
                    }
                ),
            });
        }
        Ok(s)
    }
}
