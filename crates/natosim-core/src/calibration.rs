//! Calibration of the budget response on NATO's 2014–2024 spending data.
//!
//! The engine's budget rule is a partial adjustment toward threat-driven
//! demand, `Δs = λ (a + b·threat − s)`. Written as a linear regression,
//! `Δs_{i,t} = β0 + β1·threat_{i,t} − λ·s_{i,t−1}`, it is fitted by ordinary
//! least squares on every European ally and Canada (the US budget is held
//! exogenous in the engine) for 2015–2024, with NATO's June 2024 shares.
//!
//! The historical threat is the member's coded threat perception (the same
//! reading of Graphic 1 the engine uses) times Russia's threat index in each
//! year: `era_2014` after Crimea (2014–2021) and 1.0 from the full invasion
//! (2022 on), which is the engine's 2025 starting level. `era_2014` is a
//! named assumption of the calibration.

use crate::data::{Dataset, Level};
use crate::scenario::Scenario;
use serde::Serialize;

/// Russia's threat index 2014–2021 relative to 2022 on (named assumption).
pub const ERA_2014: f64 = 0.5;

/// The fitted budget response and its fit statistics.
#[derive(Clone, Debug, Serialize)]
pub struct BudgetFit {
    /// λ, share of the gap closed per year.
    pub adjustment_speed: f64,
    /// b, pp of GDP per unit threat.
    pub threat_sensitivity: f64,
    /// a, % of GDP.
    pub intercept: f64,
    /// Observations (member-years).
    pub n: usize,
    /// Coefficient of determination of Δs.
    pub r_squared: f64,
    /// Root mean squared error of Δs, pp of GDP.
    pub rmse: f64,
    /// In-sample fit of the 2024 level from 2014 by iterating the fitted rule: RMSE, pp.
    pub rmse_2024_level: f64,
    /// European GDP-weighted 2024 share: observed vs simulated from 2014.
    pub europe_2024_observed: f64,
    /// See `europe_2024_observed`.
    pub europe_2024_fitted: f64,
}

fn threat_index(year: i32) -> f64 {
    if year >= 2022 { 1.0 } else { ERA_2014 }
}

/// Fits the budget rule on the dataset, reading threat with the scenario's perception settings.
pub fn fit_budget_response(data: &Dataset, scenario: &Scenario) -> BudgetFit {
    let p = &scenario.perception;
    let level = |l: Level| match l {
        Level::High => p.level_high,
        Level::Medium => p.level_medium,
        Level::Low => p.level_low,
    };
    let mut xtx = [[0.0f64; 3]; 3];
    let mut xty = [0.0f64; 3];
    let mut obs: Vec<([f64; 3], f64)> = Vec::new();
    let members: Vec<_> = data
        .members
        .iter()
        .filter(|m| !m.is_us() && m.has_armed_forces())
        .collect();
    for m in &members {
        let tau =
            (1.0 - p.war_risk_weight) * level(m.tension) + p.war_risk_weight * level(m.war_risk);
        let Some(series) = data.share_series.get(&m.iso3) else {
            continue;
        };
        for w in series.windows(2) {
            let ((y0, s0), (y1, s1)) = (w[0], w[1]);
            if y1 != y0 + 1 {
                continue;
            }
            let x = [1.0, tau * threat_index(y1), s0];
            let y = s1 - s0;
            for r in 0..3 {
                for c in 0..3 {
                    xtx[r][c] += x[r] * x[c];
                }
                xty[r] += x[r] * y;
            }
            obs.push((x, y));
        }
    }
    let beta = solve3(xtx, xty);
    let n = obs.len();
    let mean_y = obs.iter().map(|o| o.1).sum::<f64>() / n as f64;
    let (mut ss_res, mut ss_tot) = (0.0, 0.0);
    for (x, y) in &obs {
        let f = beta[0] * x[0] + beta[1] * x[1] + beta[2] * x[2];
        ss_res += (y - f).powi(2);
        ss_tot += (y - mean_y).powi(2);
    }
    let lambda = -beta[2];
    let (a, b) = (beta[0] / lambda, beta[1] / lambda);

    // Dynamic check: iterate the rule from each member's 2014 share to 2024.
    let (mut se, mut k) = (0.0, 0.0);
    let (mut obs_num, mut fit_num, mut gdp_den) = (0.0, 0.0, 0.0);
    for m in &members {
        let tau =
            (1.0 - p.war_risk_weight) * level(m.tension) + p.war_risk_weight * level(m.war_risk);
        let Some(series) = data.share_series.get(&m.iso3) else {
            continue;
        };
        let (Some(&(y_first, s_first)), Some(&(y_last, s_last))) = (series.first(), series.last())
        else {
            continue;
        };
        if y_first != 2014 || y_last != 2024 {
            continue;
        }
        let mut s = s_first;
        for year in 2015..=2024 {
            s += lambda * (a + b * tau * threat_index(year) - s);
        }
        se += (s - s_last).powi(2);
        k += 1.0;
        if m.is_european() {
            obs_num += s_last * m.gdp_2024_busd;
            fit_num += s * m.gdp_2024_busd;
            gdp_den += m.gdp_2024_busd;
        }
    }
    BudgetFit {
        adjustment_speed: lambda,
        threat_sensitivity: b,
        intercept: a,
        n,
        r_squared: 1.0 - ss_res / ss_tot,
        rmse: (ss_res / n as f64).sqrt(),
        rmse_2024_level: (se / k).sqrt(),
        europe_2024_observed: obs_num / gdp_den,
        europe_2024_fitted: fit_num / gdp_den,
    }
}

/// Solves a 3×3 linear system by Gaussian elimination with partial pivoting.
fn solve3(mut a: [[f64; 3]; 3], mut b: [f64; 3]) -> [f64; 3] {
    for col in 0..3 {
        let piv = (col..3)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, piv);
        b.swap(col, piv);
        for row in col + 1..3 {
            let f = a[row][col] / a[col][col];
            for c in col..3 {
                a[row][c] -= f * a[col][c];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0; 3];
    for row in (0..3).rev() {
        let s: f64 = (row + 1..3).map(|c| a[row][c] * x[c]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solve3_recovers_a_known_solution() {
        let a = [[2.0, 1.0, -1.0], [-3.0, -1.0, 2.0], [-2.0, 1.0, 2.0]];
        let x = solve3(a, [8.0, -11.0, -3.0]);
        for (got, want) in x.iter().zip([2.0, 3.0, -1.0]) {
            assert!((got - want).abs() < 1e-12);
        }
    }

    #[test]
    fn default_budget_parameters_are_the_fit() {
        let s = Scenario::defaults();
        let fit = fit_budget_response(&Dataset::embedded().unwrap(), &s);
        assert!(fit.n > 250, "{}", fit.n);
        // The defaults carry the fit rounded to the precision written in defaults.toml.
        assert!(
            (s.spending.adjustment_speed - fit.adjustment_speed).abs() < 0.005,
            "{fit:?}"
        );
        assert!(
            (s.spending.threat_sensitivity - fit.threat_sensitivity).abs() < 0.05,
            "{fit:?}"
        );
        assert!(
            (s.spending.intercept - fit.intercept).abs() < 0.05,
            "{fit:?}"
        );
        assert!(
            fit.adjustment_speed > 0.0 && fit.threat_sensitivity > 0.0,
            "spending responds to threat"
        );
    }
}
