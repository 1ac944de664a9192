//! The reference dataset, embedded at compile time from `data/`.
//!
//! * `nato_members_2024.csv` — NATO's June 2024 tables (GDP, spending, personnel).
//! * `nato_milex_share_series.csv` — spending as % of GDP, 2014–2024.
//! * `russia_reference.csv` — SIPRI/IISS figures for Russia.
//! * `positions.csv` — the study's coded positions for its 11 sample countries
//!   and labelled estimates (by flank) for the other 21 members.
//! * `fiscal_2024.csv` — general government debt and balance 2024, medium-term
//!   real growth and the national escape clause for defence (fiscal space).
//!
//! Every figure's source is documented in `data/SOURCES.md` and
//! `data/POSITIONS.md`. Parsing happens once; the engine works on [`Member`]s.

use crate::scenario::{Diagnostic, DiagnosticKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const MEMBERS_CSV: &str = include_str!("../data/nato_members_2024.csv");
const SERIES_CSV: &str = include_str!("../data/nato_milex_share_series.csv");
const RUSSIA_CSV: &str = include_str!("../data/russia_reference.csv");
const POSITIONS_CSV: &str = include_str!("../data/positions.csv");
const FISCAL_CSV: &str = include_str!("../data/fiscal_2024.csv");

/// Where a member sits; drives exposure to threats and force availability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Flank {
    /// Poland, the Baltic states and the other eastern allies.
    East,
    /// The Nordic allies.
    North,
    /// Western and central Europe.
    Centre,
    /// The Mediterranean and the Balkans.
    South,
    /// Türkiye.
    Southeast,
    /// The United States and Canada.
    NorthAmerica,
}

impl Flank {
    /// All flanks, in a fixed order (used to index per-flank parameters).
    pub const ALL: [Flank; 6] = [
        Flank::East,
        Flank::North,
        Flank::Centre,
        Flank::South,
        Flank::Southeast,
        Flank::NorthAmerica,
    ];

    /// Position in [`Flank::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The snake_case name used in files.
    pub fn name(self) -> &'static str {
        [
            "east",
            "north",
            "centre",
            "south",
            "southeast",
            "north_america",
        ][self as usize]
    }
}

/// The study's three-step ordinal scale (Graphic 1: hoch / mittel / niedrig).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// hoch
    High,
    /// mittel
    Medium,
    /// niedrig
    Low,
}

/// Nuclear status (data/SOURCES.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NuclearStatus {
    /// Nuclear-weapon state (USA, UK, France).
    Nws,
    /// Hosts US B61 bombs under NATO nuclear sharing.
    UsB61Host,
    /// Neither.
    None,
}

/// Whether a row rests on the study's passages or is an estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coding {
    /// Coded from the study's text (its 11 sample countries).
    Study,
    /// Estimated by flank/region; a named assumption.
    Estimate,
}

/// One ally with its data and coded positions.
#[derive(Clone, Debug, Serialize)]
pub struct Member {
    /// ISO 3166 alpha-3 code.
    pub iso3: String,
    /// English name.
    pub name: String,
    /// Year of accession.
    pub accession_year: i32,
    /// EU member state.
    pub eu_member: bool,
    /// Nuclear status.
    pub nuclear_status: NuclearStatus,
    /// GDP 2024, USD bn, current prices (NATO Table 5).
    pub gdp_2024_busd: f64,
    /// Defence spending, % of GDP, 2014 (NATO Table 3); `None` for Iceland.
    pub milex_share_2014: Option<f64>,
    /// Defence spending, % of GDP, 2024e (NATO Table 3); `None` for Iceland.
    pub milex_share_2024: Option<f64>,
    /// Defence spending 2024e, USD m (NATO Table 2).
    pub milex_2024_musd: Option<f64>,
    /// Military personnel 2024e, thousands (NATO Table 7).
    pub personnel_k: Option<f64>,
    /// Flank.
    pub flank: Flank,
    /// Tension with Russia today (Graphic 1).
    pub tension: Level,
    /// Risk of war with Russia (Graphic 1).
    pub war_risk: Level,
    /// 0 = cooperation with China … 1 = decoupling.
    pub china_stance: f64,
    /// Weight of the southern neighbourhood, 0 … 1.
    pub south_weight: f64,
    /// Support for Ukraine's NATO membership, 0 … 1.
    pub ukraine_membership: f64,
    /// Demand for visible nuclear deterrence, 0 … 1.
    pub nuclear_attitude: f64,
    /// How much debt limits spending increases, 0 … 1.
    pub fiscal_constraint: f64,
    /// 0 = Atlanticist … 1 = European autonomy.
    pub orientation: f64,
    /// Propensity to block consensus, 0 … 1.
    pub veto_propensity: f64,
    /// Aversion to military risk and entanglement, 0 … 1.
    pub risk_aversion: f64,
    /// Study-coded or estimate.
    pub coding: Coding,
    /// Passage or rationale behind the positions.
    pub source: String,
    /// Fiscal position 2024 and medium-term growth (`fiscal_2024.csv`).
    /// Not in the flat `natosim data` table (a nested struct has no CSV column).
    #[serde(skip)]
    pub fiscal: Fiscal,
}

/// A member's fiscal position (data/SOURCES.md, "Fiscal data").
#[derive(Clone, Debug, Serialize)]
pub struct Fiscal {
    /// General government gross debt 2024, % of GDP.
    pub debt_pct_gdp: f64,
    /// General government overall balance 2024, % of GDP (negative: deficit).
    pub balance_pct_gdp: f64,
    /// Real GDP growth projected for the medium term, % per year.
    pub real_growth: f64,
    /// Whether the EU's national escape clause for defence (up to 1.5 % of
    /// GDP, 2025–2028) is activated for the member.
    pub escape_clause: bool,
    /// Where the figures come from, row by row.
    pub source: String,
}

impl Member {
    /// Whether the member has armed forces (Iceland has none).
    pub fn has_armed_forces(&self) -> bool {
        self.milex_share_2024.is_some()
    }

    /// Whether this is the United States.
    pub fn is_us(&self) -> bool {
        self.iso3 == "USA"
    }

    /// European ally: every member except the USA and Canada.
    pub fn is_european(&self) -> bool {
        self.flank != Flank::NorthAmerica
    }
}

/// Reference figures for Russia (SIPRI / IISS).
#[derive(Clone, Debug, Serialize)]
pub struct RussiaReference {
    /// Military expenditure 2024, % of GDP (SIPRI).
    pub milex_share_2024: f64,
    /// Military expenditure 2024, USD m at market exchange rates (SIPRI).
    pub milex_2024_musd: f64,
    /// Military expenditure 2024, USD bn at purchasing-power parity (IISS MB 2025).
    pub milex_2024_ppp_busd: f64,
    /// Active personnel, thousands (IISS MB 2025).
    pub personnel_k: f64,
}

/// The whole reference dataset.
#[derive(Clone, Debug, Serialize)]
pub struct Dataset {
    /// All 32 allies, sorted by ISO code.
    pub members: Vec<Member>,
    /// Spending share series, `iso3 → [(year, % GDP)]`, NATO June 2024 (2015 prices).
    pub share_series: BTreeMap<String, Vec<(i32, f64)>>,
    /// Russia's reference figures.
    pub russia: RussiaReference,
}

/// A problem in the embedded data (a build-time defect, reported clearly):
/// the same typed [`Diagnostic`] as a scenario's, naming the data file.
pub type DataError = Diagnostic;

fn err(file: &'static str, message: impl Into<String>) -> DataError {
    Diagnostic::new(
        DiagnosticKind::InvalidValue,
        format!("reference data: {}", message.into()),
    )
    .in_file(file)
}

#[derive(Deserialize)]
struct MemberRow {
    iso3: String,
    name: String,
    accession_year: i32,
    eu_member: String,
    nuclear_status: NuclearStatus,
    gdp_2024_busd: f64,
    milex_share_2014: Option<f64>,
    milex_share_2024: Option<f64>,
    milex_2024_musd: Option<f64>,
    active_personnel_k: Option<f64>,
}

#[derive(Deserialize)]
struct PositionRow {
    iso3: String,
    flank: Flank,
    tension: Level,
    war_risk: Level,
    china_stance: f64,
    south_weight: f64,
    ukraine_membership: f64,
    nuclear_attitude: f64,
    fiscal_constraint: f64,
    orientation: f64,
    veto_propensity: f64,
    risk_aversion: f64,
    coding: Coding,
    source: String,
}

#[derive(Deserialize)]
struct FiscalRow {
    iso3: String,
    gg_debt_pct_gdp: f64,
    gg_balance_pct_gdp: f64,
    real_growth_medium_term: f64,
    escape_clause_2025: String,
    source: String,
}

#[derive(Deserialize)]
struct SeriesRow {
    iso3: String,
    year: i32,
    nato_jun2024_share: Option<f64>,
}

fn rows<T: for<'de> Deserialize<'de>>(file: &'static str, text: &str) -> Result<Vec<T>, DataError> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, r)| r.map_err(|e| err(file, format!("row {}: {e}", i + 2))))
        .collect()
}

impl Dataset {
    /// Parses the embedded dataset.
    pub fn embedded() -> Result<Self, DataError> {
        let members_file = "data/nato_members_2024.csv";
        let positions_file = "data/positions.csv";
        let member_rows: Vec<MemberRow> = rows(members_file, MEMBERS_CSV)?;
        let mut positions: BTreeMap<String, PositionRow> =
            rows::<PositionRow>(positions_file, POSITIONS_CSV)?
                .into_iter()
                .map(|p| (p.iso3.clone(), p))
                .collect();
        let fiscal_file = "data/fiscal_2024.csv";
        let mut fiscal: BTreeMap<String, FiscalRow> = rows::<FiscalRow>(fiscal_file, FISCAL_CSV)?
            .into_iter()
            .map(|f| (f.iso3.clone(), f))
            .collect();
        let mut members = Vec::with_capacity(member_rows.len());
        for m in member_rows {
            let f = fiscal
                .remove(&m.iso3)
                .ok_or_else(|| err(fiscal_file, format!("no row for {}", m.iso3)))?;
            if !(0.0..=400.0).contains(&f.gg_debt_pct_gdp)
                || !(-30.0..=30.0).contains(&f.gg_balance_pct_gdp)
                || !(-10.0..=15.0).contains(&f.real_growth_medium_term)
            {
                return Err(err(
                    fiscal_file,
                    format!("{}: debt, balance or growth out of range", m.iso3),
                ));
            }
            let p = positions
                .remove(&m.iso3)
                .ok_or_else(|| err(positions_file, format!("no row for {}", m.iso3)))?;
            for (field, v) in [
                ("china_stance", p.china_stance),
                ("south_weight", p.south_weight),
                ("ukraine_membership", p.ukraine_membership),
                ("nuclear_attitude", p.nuclear_attitude),
                ("fiscal_constraint", p.fiscal_constraint),
                ("orientation", p.orientation),
                ("veto_propensity", p.veto_propensity),
                ("risk_aversion", p.risk_aversion),
            ] {
                if !(0.0..=1.0).contains(&v) {
                    return Err(err(
                        positions_file,
                        format!("{}.{field} = {v} is outside [0, 1]", m.iso3),
                    ));
                }
            }
            members.push(Member {
                eu_member: m.eu_member == "yes",
                iso3: m.iso3,
                name: m.name,
                accession_year: m.accession_year,
                nuclear_status: m.nuclear_status,
                gdp_2024_busd: m.gdp_2024_busd,
                milex_share_2014: m.milex_share_2014,
                milex_share_2024: m.milex_share_2024,
                milex_2024_musd: m.milex_2024_musd,
                personnel_k: m.active_personnel_k,
                flank: p.flank,
                tension: p.tension,
                war_risk: p.war_risk,
                china_stance: p.china_stance,
                south_weight: p.south_weight,
                ukraine_membership: p.ukraine_membership,
                nuclear_attitude: p.nuclear_attitude,
                fiscal_constraint: p.fiscal_constraint,
                orientation: p.orientation,
                veto_propensity: p.veto_propensity,
                risk_aversion: p.risk_aversion,
                coding: p.coding,
                source: p.source,
                fiscal: Fiscal {
                    debt_pct_gdp: f.gg_debt_pct_gdp,
                    balance_pct_gdp: f.gg_balance_pct_gdp,
                    real_growth: f.real_growth_medium_term,
                    escape_clause: f.escape_clause_2025 == "yes",
                    source: f.source,
                },
            });
        }
        if let Some(extra) = fiscal.keys().next() {
            return Err(err(
                fiscal_file,
                format!("{extra} is not in {members_file}"),
            ));
        }
        if let Some(extra) = positions.keys().next() {
            return Err(err(
                positions_file,
                format!("{extra} is not in {members_file}"),
            ));
        }
        members.sort_by(|a, b| a.iso3.cmp(&b.iso3));

        let mut share_series: BTreeMap<String, Vec<(i32, f64)>> = BTreeMap::new();
        for r in rows::<SeriesRow>("data/nato_milex_share_series.csv", SERIES_CSV)? {
            if let Some(s) = r.nato_jun2024_share {
                share_series.entry(r.iso3).or_default().push((r.year, s));
            }
        }
        for v in share_series.values_mut() {
            v.sort_by_key(|&(y, _)| y);
        }

        #[derive(Deserialize)]
        struct RussiaRow {
            milex_share_2024: f64,
            milex_2024_musd: f64,
            active_personnel_k: f64,
        }
        let russia_file = "data/russia_reference.csv";
        let r = rows::<RussiaRow>(russia_file, RUSSIA_CSV)?
            .into_iter()
            .next()
            .ok_or_else(|| err(russia_file, "empty"))?;
        let russia = RussiaReference {
            milex_share_2024: r.milex_share_2024,
            milex_2024_musd: r.milex_2024_musd,
            // IISS Military Balance 2025 via [S17]: RUB 13.1 tn ≈ USD 462 bn at PPP.
            milex_2024_ppp_busd: 462.0,
            personnel_k: r.active_personnel_k,
        };
        Ok(Dataset {
            members,
            share_series,
            russia,
        })
    }

    /// A synthetic dataset `factor` times as large (members cloned with
    /// suffixed codes), for scaling benchmarks only.
    pub fn replicated(&self, factor: usize) -> Dataset {
        let mut members = Vec::with_capacity(self.members.len() * factor);
        for k in 0..factor {
            for m in &self.members {
                let mut m = m.clone();
                if k > 0 {
                    m.iso3 = format!("{}{k}", m.iso3);
                }
                members.push(m);
            }
        }
        Dataset {
            members,
            share_series: self.share_series.clone(),
            russia: self.russia.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_dataset_has_all_32_allies_with_positions() {
        let d = Dataset::embedded().unwrap();
        assert_eq!(d.members.len(), 32);
        assert_eq!(
            d.members
                .iter()
                .filter(|m| m.coding == Coding::Study)
                .count(),
            11
        );
        assert_eq!(
            d.members.iter().filter(|m| !m.has_armed_forces()).count(),
            1,
            "Iceland"
        );
        let nws: Vec<_> = d
            .members
            .iter()
            .filter(|m| m.nuclear_status == NuclearStatus::Nws)
            .map(|m| m.iso3.as_str())
            .collect();
        assert_eq!(nws, ["FRA", "GBR", "USA"]);
    }

    #[test]
    fn graphic_1_is_encoded_for_the_sample() {
        let d = Dataset::embedded().unwrap();
        let get = |c: &str| d.members.iter().find(|m| m.iso3 == c).unwrap();
        assert_eq!(
            (get("POL").tension, get("POL").war_risk),
            (Level::High, Level::Medium)
        );
        assert_eq!(
            (get("TUR").tension, get("TUR").war_risk),
            (Level::Medium, Level::Low)
        );
        assert_eq!(
            (get("DEU").tension, get("DEU").war_risk),
            (Level::High, Level::Low)
        );
    }

    #[test]
    fn fiscal_data_covers_every_ally_with_the_study_s_debtors() {
        let d = Dataset::embedded().unwrap();
        let get = |c: &str| &d.members.iter().find(|m| m.iso3 == c).unwrap().fiscal;
        // Seed 001: "Italien, Frankreich und Polen kämpfen mit Verschuldungsproblemen".
        assert!(get("ITA").debt_pct_gdp > 120.0);
        assert!(get("FRA").balance_pct_gdp < -3.0);
        assert!(get("POL").balance_pct_gdp < -3.0);
        assert!(get("DEU").debt_pct_gdp < get("FRA").debt_pct_gdp);
        assert_eq!(
            d.members.iter().filter(|m| m.fiscal.escape_clause).count(),
            16
        );
        assert!(d.members.iter().all(|m| !m.fiscal.source.is_empty()));
    }

    #[test]
    fn series_covers_2014_to_2024() {
        let d = Dataset::embedded().unwrap();
        let deu = &d.share_series["DEU"];
        assert_eq!(deu.first().unwrap().0, 2014);
        assert_eq!(deu.last().unwrap().0, 2024);
    }
}
