//! The steps of one simulated month, one file per step, in the order of
//! docs/MODEL.md 3 ("Process overview and scheduling"). Each step is a method
//! of [`Engine`](super::Engine) over the run's [`State`](super::state::State);
//! `Engine::run_observed` calls them in order.

use crate::math;
mod budgets;
mod cohesion;
mod crises;
mod decision;
mod deterrence;
mod forces;
mod hazards;
mod nuclear;
mod perception;
mod positions;
mod posture;
mod south;
mod spending;
mod trust;
mod ukraine;

pub(crate) use decision::Article5;
pub(crate) use deterrence::Assessment;
pub(crate) use hazards::Hazards;
pub(crate) use posture::UsPosture;

/// Logistic function.
pub(crate) fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + math::exp(-x))
}

/// Mean of `values` over the members where `mask` is true (0 if none).
pub(crate) fn mean_over(values: &[f64], mask: &[bool]) -> f64 {
    let (mut sum, mut count) = (0.0, 0.0);
    for (v, &m) in values.iter().zip(mask) {
        if m {
            sum += v;
            count += 1.0;
        }
    }
    if count > 0.0 { sum / count } else { 0.0 }
}
