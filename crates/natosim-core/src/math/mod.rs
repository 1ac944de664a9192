//! Portable elementary functions and the normal distribution: the same bits
//! on every machine (docs/MODEL.md, "Reproducible on any machine").
//!
//! `f64::exp`, `f64::ln` and `f64::powf` call the platform's C library, and
//! C libraries differ: glibc alone picks one of several compiled variants at
//! load time by the CPU's features (`__exp_fma` where the CPU has FMA,
//! `__exp_avx` or `__exp_sse2` where it has not), and those round differently
//! in the last bit for some inputs; macOS, Windows and musl have their own
//! algorithms. A simulation that calls them gives different bits on different
//! machines — measured: the same binary, seed and scenario gave another
//! output hash with glibc's FMA variants switched off (`tests/portable.rs`).
//! Rust itself never fuses or reorders floating-point operations, so code
//! that uses only `+ − × ÷`, `sqrt` and the functions here computes the same
//! bits on any IEEE-754 machine, whatever the CPU features the build enables.
//!
//! - [`exp`]: table-driven (2^(j/128) in double-double, a degree-5 Taylor
//!   polynomial on |r| ≤ ln 2/256), inlined; within 0.52 ulp of e^x (tested
//!   against the `libm` crate and the platform), a little faster than
//!   glibc's (criterion `exp_1000`: 7.9 µs against 8.5 µs per 1,000 calls;
//!   the `libm` crate's takes 12.9 µs). Outside |x| < 708 (overflow,
//!   subnormal results, NaN) it is the `libm` crate's `exp`.
//! - [`ln`], [`log10`], [`sin`], [`cos`]: the `libm` crate (a Rust port of
//!   FreeBSD's msun, under 1 ulp), portable by construction.
//! - [`pow`]: `exp(y · ln x)` for positive `x`; its error grows with
//!   |y · ln x| (≤ (3 |y · ln x| + 1) ulp: `ln`'s ulp and the product's
//!   rounding, scaled by y; the model's exponents keep it under ≈ 40 ulp,
//!   1e-14 relative). It takes 29 µs per 1,000 calls against glibc's 21
//!   and `libm::pow`'s 84 (criterion `pow_1000`): `libm::pow` is within
//!   1 ulp, but at the engine's 1,500 `pow`s per run it would cost ≈ 8 % of
//!   a run for digits no assumption has.
//! - [`StandardNormal`]: 4.1 µs per 1,000 draws against `rand_distr`'s 5.8
//!   (criterion `normal_1000`; the quick test is inlined, the rest is cold).
//!   The ziggurat of Marsaglia and Tsang (2000) with 256
//!   layers, the algorithm of `rand_distr`, on tables computed at 200 bits
//!   (`tools/gen-math-tables.py`) and with its rare paths (the wedges, 1.2 %
//!   of draws, and the tail beyond R, 0.03 %) on [`exp`] and [`ln`].
//!   `rand_distr`'s own tables deviate from the exact ziggurat by up to
//!   3.3e-10 relative (in the top layer; its layer area is rounded to 12
//!   digits): harmless for the distribution, but every draw differs from ours
//!   in the tenth digit or beyond.
//!
//! The crate's lint configuration (`clippy.toml`) forbids the platform
//! functions and `rand_distr::StandardNormal` everywhere in the workspace.

mod tables;

use rand::Rng;
use rand::distr::Distribution;

/// 2^(j/128) for j = 0..127, high and low parts.
#[inline(always)]
fn exp_table(j: usize) -> (f64, f64) {
    (
        f64::from_bits(tables::EXP_HI[j]),
        f64::from_bits(tables::EXP_LO[j]),
    )
}

/// 128 / ln 2.
const INV_LN2_N: f64 = 184.664_965_233_787_3;
/// ln 2 / 128, high part: its last 22 bits are zero, so `k · LN2_N_HI` is
/// exact for every |k| < 2^21 (the fast path has |k| ≤ 131,000).
const LN2_N_HI: f64 = f64::from_bits(0x3f76_2e42_fec0_0000);
/// ln 2 / 128 − `LN2_N_HI`.
const LN2_N_LO: f64 = f64::from_bits(0x3d8d_1cf7_9abc_9e3b);
/// 1.5 · 2^52: adding it rounds a double of magnitude < 2^51 to an integer.
const ROUND_SHIFT: f64 = 6_755_399_441_055_744.0;

/// e^x, the same bits on every machine (module docs).
///
/// x = k · ln 2/128 + r with integer k and |r| ≤ ln 2/256 (k by rounding,
/// r with ln 2/128 in two parts, so the reduction is exact to ≈ 2^-75);
/// then e^x = 2^(k div 128) · 2^((k mod 128)/128) · e^r, the middle factor
/// from the double-double table and e^r − 1 from its Taylor polynomial to
/// degree 5 (truncation ≤ r^6/720 < 2^-60). The result is one rounding of
/// `hi + (lo + hi · p)`: within 0.52 ulp.
#[inline]
pub fn exp(x: f64) -> f64 {
    // |x| < 708: e^x is a normal double and 2^(k div 128) a normal scale.
    // Larger |x|, infinities and NaN take the general path.
    if x.is_nan() || x.abs() >= 708.0 {
        return libm::exp(x);
    }
    let shifted = x * INV_LN2_N + ROUND_SHIFT;
    let k = shifted.to_bits().wrapping_sub(ROUND_SHIFT.to_bits()) as i64;
    let kd = shifted - ROUND_SHIFT;
    let r = x - kd * LN2_N_HI - kd * LN2_N_LO;
    let r2 = r * r;
    let p = r + r2 * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0))));
    let (hi, lo) = exp_table((k & 127) as usize);
    let scale = f64::from_bits((((k >> 7) + 1023) as u64) << 52);
    (hi + (lo + hi * p)) * scale
}

/// The natural logarithm, the same bits on every machine (`libm::log`).
#[inline]
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// The decimal logarithm, the same bits on every machine (`libm::log10`).
#[inline]
pub fn log10(x: f64) -> f64 {
    libm::log10(x)
}

/// The sine, the same bits on every machine (`libm::sin`).
#[inline]
pub fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// The cosine, the same bits on every machine (`libm::cos`).
#[inline]
pub fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// x^y, the same bits on every machine. A square is `x · x` and a square
/// root (of x ≥ 0) is `sqrt(x)`, both correctly rounded (IEEE 754 requires
/// it of `sqrt`, so it is the same on every machine) and cheaper than the
/// general formula: the model's defaults use both (the fait-accompli
/// score's exponent 2, the US nuclear presence's 0.5). Otherwise
/// `exp(y · ln x)` for finite x > 0 and finite y with |y · ln x| < 700,
/// within (3 |y · ln x| + 1) ulp; every other case (zero, negative or
/// non-finite x, huge results) is `libm::pow`, with C's rules for the
/// special values (`pow(0, y) = 0` for y > 0, `pow(x, 0) = 1`).
#[inline]
pub fn pow(x: f64, y: f64) -> f64 {
    if y == 2.0 {
        return x * x;
    }
    if y == 0.5 && x >= 0.0 {
        // `+ 0.0` makes −0 into +0, as C's pow(−0, 0.5) is.
        return (x + 0.0).sqrt();
    }
    if x > 0.0 && x.is_finite() && y.is_finite() {
        let e = y * ln(x);
        if e.abs() < 700.0 {
            return exp(e);
        }
    }
    libm::pow(x, y)
}

/// The standard normal distribution N(0, 1), sampled by the ziggurat
/// (module docs): one 64-bit draw for 98.8 % of samples.
#[derive(Clone, Copy, Debug, Default)]
pub struct StandardNormal;

/// A double in (0, 1): never 0 or 1, for the logarithms of the tail.
#[inline]
fn open01<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

impl Distribution<f64> for StandardNormal {
    /// Marsaglia & Tsang (2000): a 64-bit draw gives the layer (its low 8
    /// bits) and a uniform u in [−1, 1) (its high 52 bits); x = u · x_i is
    /// accepted at once if it lies under the next layer's edge. Otherwise, in
    /// the base layer, x comes from the tail beyond R (Marsaglia 1964); in the
    /// others, x is accepted if a uniform point of the wedge lies under the
    /// density, else the draw starts over. Only the first test is inlined
    /// into the caller's loop; the rest (1.2 % of draws) is [`normal_rare`].
    #[inline(always)]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let (i, u, x) = ziggurat_point(rng.next_u64());
        if x.abs() < f64::from_bits(tables::ZIGGURAT_X[i + 1]) {
            return x;
        }
        normal_rare(rng, i, u, x)
    }
}

/// The layer `i`, the uniform `u` in [−1, 1) and the point `x = u · x_i` of
/// one 64-bit draw.
#[inline(always)]
fn ziggurat_point(bits: u64) -> (usize, f64, f64) {
    let i = (bits & 0xff) as usize;
    // Exponent 1 over 52 random mantissa bits: [2, 4), less 3.
    let u = f64::from_bits(0x4000_0000_0000_0000 | (bits >> 12)) - 3.0;
    (i, u, u * f64::from_bits(tables::ZIGGURAT_X[i]))
}

/// The ziggurat after a point `x` of layer `i` failed the quick test: the
/// tail, or the wedge test and, on rejection, a new draw (the recursion is
/// as deep as the rejections in a row: each has a chance of ≈ 1 %).
#[cold]
#[inline(never)]
fn normal_rare<R: Rng + ?Sized>(rng: &mut R, i: usize, u: f64, x: f64) -> f64 {
    if i == 0 {
        return normal_tail(rng, u < 0.0);
    }
    let fs = &tables::ZIGGURAT_F;
    let (f_outer, f_inner) = (f64::from_bits(fs[i]), f64::from_bits(fs[i + 1]));
    if f_inner + (f_outer - f_inner) * rng.random::<f64>() < exp(-0.5 * x * x) {
        return x;
    }
    StandardNormal.sample(rng)
}

/// A draw from the normal tail beyond R, negative if `negative`
/// (Marsaglia 1964: x = −ln(u₁)/R, accepted when −2 ln(u₂) ≥ x²).
#[cold]
fn normal_tail<R: Rng + ?Sized>(rng: &mut R, negative: bool) -> f64 {
    let r = f64::from_bits(tables::ZIGGURAT_R);
    loop {
        let x = -ln(open01(rng)) / r;
        let y = -ln(open01(rng));
        if 2.0 * y >= x * x {
            return if negative { -(r + x) } else { r + x };
        }
    }
}

#[cfg(test)]
mod tests;
