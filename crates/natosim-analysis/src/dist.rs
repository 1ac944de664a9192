//! Inverse CDFs of the declared distributions: a design's point `u` of the
//! unit interval becomes a parameter value.
//!
//! The declarations ([`Dist`]) are data in natosim-core; the maths that
//! samples them belongs with the designs. Rust does not let this crate add
//! inherent methods to a core type, so the inverse CDF is the extension
//! trait [`Quantile`].

use natosim_core::explore::Dist;
use natosim_core::math;

/// The inverse CDF of a distribution.
pub trait Quantile {
    /// Maps `u` in `[0, 1]` to a value (`u` is clamped to `[1e-12, 1 − 1e-12]`
    /// for the unbounded normal). For `choice`, `u` selects the value
    /// `floor(u · len)`.
    fn quantile(&self, u: f64) -> f64;
}

impl Quantile for Dist {
    fn quantile(&self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match *self {
            Dist::Uniform { low, high } => low + u * (high - low),
            Dist::Normal { mean, sd } => {
                // Never binds (|Φ⁻¹(1e-12)| < 7.04) but states the support
                // the load-time checks probe (`Dist::support`).
                let (a, b) = self.support();
                (mean + sd * norm_inv(u.clamp(1e-12, 1.0 - 1e-12))).clamp(a, b)
            }
            Dist::TruncatedNormal {
                mean,
                sd,
                low,
                high,
            } => {
                let (a, b) = (norm_cdf((low - mean) / sd), norm_cdf((high - mean) / sd));
                let p = (a + u * (b - a)).clamp(1e-300, 1.0 - 1e-16);
                (mean + sd * norm_inv(p)).clamp(low, high)
            }
            Dist::Triangular { low, mode, high } => {
                let w = high - low;
                if w <= 0.0 {
                    return low;
                }
                let f = (mode - low) / w;
                if u < f {
                    low + (u * w * (mode - low)).sqrt()
                } else {
                    high - ((1.0 - u) * w * (high - mode)).sqrt()
                }
            }
            Dist::LogUniform { low, high } => {
                math::exp(math::ln(low) + u * (math::ln(high) - math::ln(low)))
            }
            Dist::Choice { ref values } => {
                let i = ((u * values.len() as f64) as usize).min(values.len() - 1);
                values[i]
            }
        }
    }
}

/// Standard normal CDF (via a complementary error function with relative
/// error below 1.2e-7, Numerical Recipes' Chebyshev fit).
pub fn norm_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t * math::exp(
        -z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))),
    );
    if x >= 0.0 { r } else { 2.0 - r }
}

/// Standard normal quantile (Acklam's rational approximation, relative error
/// below 1.2e-9), for `p` in `(0, 1)`.
pub fn norm_inv(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let lo = 0.02425;
    if p < lo {
        let q = (-2.0 * math::ln(p)).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - lo {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -norm_inv(1.0 - p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_monotone_and_match_known_values() {
        assert!((norm_inv(0.975) - 1.959_964).abs() < 1e-6);
        assert!((norm_cdf(1.959_964) - 0.975).abs() < 1e-6);
        let t = Dist::Triangular {
            low: 0.0,
            mode: 0.5,
            high: 1.0,
        };
        assert!((t.quantile(0.5) - 0.5).abs() < 1e-12);
        let tn = Dist::TruncatedNormal {
            mean: 0.0,
            sd: 1.0,
            low: -1.0,
            high: 2.0,
        };
        let mut last = f64::NEG_INFINITY;
        for i in 0..=100 {
            let x = tn.quantile(i as f64 / 100.0);
            assert!(x >= last && (-1.0..=2.0).contains(&x));
            last = x;
        }
        let lu = Dist::LogUniform {
            low: 1.0,
            high: 100.0,
        };
        assert!((lu.quantile(0.5) - 10.0).abs() < 1e-9);
        let c = Dist::Choice {
            values: vec![1.0, 2.0, 3.0],
        };
        assert_eq!(
            (c.quantile(0.0), c.quantile(0.5), c.quantile(1.0)),
            (1.0, 2.0, 3.0)
        );
    }
}
