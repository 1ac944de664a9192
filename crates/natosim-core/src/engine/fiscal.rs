//! Fiscal space and money per member, computed once per engine from the
//! fiscal data (`data/fiscal_2024.csv`) and the `[spending]` section: fiscal
//! stress, the yearly room for defence, the EU's national escape clause and
//! SAFE loans, medium-term growth, the expected threat bump the calibration
//! already contains, the model's common funding and the absorption limit.
//! docs/MODEL.md 7.9 "Budgets" and 7.10 "Force generation".

use crate::data::Dataset;
use crate::math;
use crate::scenario::{Institution, Scenario};

/// Per-member fiscal constants and scenario-wide money settings.
#[derive(Clone, Debug)]
pub(crate) struct FiscalSetup {
    /// Room for defence gained per year, pp of GDP.
    pub(crate) room_per_year: Vec<f64>,
    /// Escape-clause room at full strength, pp of GDP (0 where not activated).
    pub(crate) escape_pp: Vec<f64>,
    /// SAFE loans disbursed per year while they run, USD bn.
    pub(crate) safe_busd: Vec<f64>,
    /// 2024 core + related spending, % of GDP: where the ceiling starts.
    pub(crate) base_total: Vec<f64>,
    /// Expected level of the crisis threat bump at the base crisis rates
    /// (already in the calibration's 2022+ threat level).
    pub(crate) bump_ref: Vec<f64>,
    /// Monthly GDP growth factor per member without tariffs.
    pub(crate) growth: Vec<f64>,
    /// The regional European monthly factor without tariffs (divides the
    /// month's tariff-hit factor out of `MonthlyShocks::europe_growth`).
    pub(crate) europe_base: f64,
    /// The model's common funding at full ramp, USD bn a year.
    pub(crate) common_busd: f64,
    /// Largest monthly capability growth factor (absorption).
    pub(crate) absorb_month: f64,
}

impl FiscalSetup {
    /// Resolves the fiscal constants of `scenario` on `data` for `inst`.
    pub(crate) fn new(sc: &Scenario, data: &Dataset, inst: &Institution) -> FiscalSetup {
        let sp = &sc.spending;
        let ms = &data.members;
        let monthly = |g: f64| math::pow((1.0 + g / 100.0).max(1e-6), 1.0 / 12.0);
        // Fiscal stress: debt and deficit beyond the reference values, relative to them.
        let stress: Vec<f64> = ms
            .iter()
            .map(|m| {
                let f = &m.fiscal;
                (f.debt_pct_gdp / sp.debt_reference - 1.0).max(0.0)
                    + (-f.balance_pct_gdp / sp.deficit_reference - 1.0).max(0.0)
            })
            .collect();
        // SAFE loans go to the EU members whose fiscal stress makes them
        // borrow, in proportion to GDP (a named assumption; the 2025
        // allocations went mostly to POL, ROU, FRA, HUN and ITA).
        let borrower = |k: usize| ms[k].eu_member && stress[k] > 0.0;
        let borrowers_gdp: f64 = (0..ms.len())
            .filter(|&k| borrower(k))
            .map(|k| ms[k].gdp_2024_busd)
            .sum();
        let safe_years = f64::from((sp.safe_end - 2025 + 1).max(1));
        let safe_total = sp.safe_loans_eur_bn * sp.usd_per_eur * sp.eu_instruments / safe_years;
        let decay = (1.0 - sc.perception.crisis_salience_decay).max(0.01);
        let bump_ref = ms
            .iter()
            .map(|m| {
                sc.crises
                    .all()
                    .iter()
                    .filter(|(_, ct)| ct.russian_driven)
                    .map(|(_, ct)| ct.rate_per_month * ct.salience.to_array()[m.flank.index()])
                    .sum::<f64>()
                    * sc.perception.crisis_salience_gain
                    / decay
            })
            .collect();
        let f = &sc.forces;
        let absorb_year = f.equipment_share * f.max_industry_growth
            + (1.0 - f.equipment_share) * f.max_personnel_growth;
        FiscalSetup {
            room_per_year: stress
                .iter()
                .map(|z| sp.fiscal_room_pp / (1.0 + sp.fiscal_drag * z))
                .collect(),
            escape_pp: ms
                .iter()
                .map(|m| {
                    if m.fiscal.escape_clause {
                        sp.escape_clause_pp * sp.eu_instruments
                    } else {
                        0.0
                    }
                })
                .collect(),
            safe_busd: (0..ms.len())
                .map(|k| {
                    if borrower(k) && borrowers_gdp > 0.0 {
                        safe_total * ms[k].gdp_2024_busd / borrowers_gdp
                    } else {
                        0.0
                    }
                })
                .collect(),
            base_total: ms
                .iter()
                .map(|m| m.milex_share_2024.unwrap_or(0.0) + sp.related_initial)
                .collect(),
            bump_ref,
            growth: ms
                .iter()
                .map(|m| {
                    monthly(if sp.growth_from_data {
                        m.fiscal.real_growth
                    } else if m.is_european() {
                        sp.gdp_growth_europe
                    } else {
                        sp.gdp_growth_north_america
                    })
                })
                .collect(),
            europe_base: monthly(sp.gdp_growth_europe),
            common_busd: inst.common_funding_eur_bn * sp.usd_per_eur,
            absorb_month: math::pow(1.0 + absorb_year, 1.0 / 12.0),
        }
    }

    /// The ceiling on member `i`'s core + related spending in `year`, % of
    /// GDP, at GDP `gdp` (USD bn): the 2024 level, the room won since, the
    /// escape clause (withdrawn linearly after its end) and SAFE loans while
    /// they are disbursed.
    pub(crate) fn ceiling(&self, sc: &Scenario, i: usize, year: i32, gdp: f64) -> f64 {
        let sp = &sc.spending;
        let years = f64::from((year - 2024).max(0));
        let phase = if year <= sp.escape_clause_end {
            1.0
        } else if sp.escape_phase_out_years > 0.0 {
            (1.0 - f64::from(year - sp.escape_clause_end) / sp.escape_phase_out_years).max(0.0)
        } else {
            0.0
        };
        let safe = if (2025..=sp.safe_end).contains(&year) {
            100.0 * self.safe_busd[i] / gdp.max(1e-9)
        } else {
            0.0
        };
        self.base_total[i] + self.room_per_year[i] * years + self.escape_pp[i] * phase + safe
    }
}
