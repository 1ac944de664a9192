//! Step 2: Russia's reconstitution and the members' threat perceptions.
//! docs/MODEL.md 7.2 "Russia: reconstitution and threat index" and 7.3
//! "Threat perception".

use crate::engine::Engine;
use crate::engine::state::State;

impl Engine {
    /// Russia's capability in month `t` relative to full reconstitution: it
    /// grows linearly from `russia.capability_2025` to 1 over the run's drawn
    /// reconstitution time.
    pub(crate) fn russia(&self, t: usize, reconstitution_years: f64) -> f64 {
        let cap0 = self.scenario.russia.capability_2025;
        let years = t as f64 / 12.0;
        cap0 + (1.0 - cap0) * (years / reconstitution_years).min(1.0)
    }

    /// Threat perceptions: each member's base threat scaled by Russia's
    /// threat index (never below the floor), plus the decaying bump of recent
    /// Russian-driven crises. The index measures Russia's strength against a
    /// fixed reference (`perception.russia_threat_reference`, the strength
    /// the calibration's 2022+ threat level stands for), so a stronger
    /// Russia is always a greater threat — also when it is stronger in 2025.
    pub(crate) fn perceive_threat(&self, s: &mut State, russia: f64) {
        let sc = &self.scenario;
        let m = &self.m;
        let reference = sc.perception.russia_threat_reference;
        let floor = sc.perception.russia_threat_floor;
        let russia_index = floor + (1.0 - floor) * russia / reference;
        s.russia_index = russia_index;
        let decay = sc.perception.crisis_salience_decay;
        let n = m.n;
        let (bump, threat) = (&mut s.bump[..n], &mut s.threat[..n]);
        for ((bump, threat), base) in bump.iter_mut().zip(threat).zip(&m.threat_base[..n]) {
            *bump *= decay;
            *threat = (base * russia_index + *bump).min(1.5);
        }
    }
}
