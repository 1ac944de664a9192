//! Summaries: deterministic, bounded memory, right for any finite value.
//!
//! A [`Stats`] keeps the count, the sum (for the mean), the extremes and the
//! values themselves until there are as many of them as the summary's
//! histogram would have bins; up to that many runs (20,000 for a metric) its
//! quantiles are exact. Past that it folds the values into an adaptive
//! [`Histogram`] and frees them, so memory never exceeds one histogram
//! (`bins × 8` bytes) however many runs there are.
//!
//! The histogram starts over the range of the values seen so far and doubles
//! its range (merging neighbouring bins, which loses nothing already counted)
//! whenever a value falls outside, so no finite value is ever clamped into an
//! edge bin — the old fixed-range histogram collapsed every quantile onto one
//! edge when a scenario pushed a metric past its nominal range. Its quantile
//! is within one bin width of the exact type-7 quantile for any data
//! ([`Histogram::quantile`]). A doubling only happens for a value outside the
//! range, which keeps the data's span above a quarter of the range, so one bin
//! width is less than `4 × (max − min) / bins` (for metrics, 1/5000 of the
//! observed spread). Only values that span more than half of all `f64`, where
//! the range can no longer double, land in an edge bin unbounded.
//!
//! Values are added in run order, so the sum, the doubling points and hence
//! every output are the same whatever the number of threads.

use serde::Serialize;

/// An adaptive histogram with linear interpolation inside bins: it starts
/// over `[lo, hi]` and doubles its range whenever a value falls outside, so
/// every finite value is counted in a bin that contains it.
#[derive(Clone, Debug)]
pub struct Histogram {
    lo: f64,
    width: f64,
    counts: Vec<u64>,
    total: u64,
    /// The extremes seen, exact: the first and last order statistics, and
    /// bounds for the others (values beyond a range that can no longer
    /// double land in an edge bin).
    min: f64,
    max: f64,
}

impl Histogram {
    /// A histogram of `bins` equal bins over `[lo, hi]`, grown as needed.
    /// A degenerate or non-finite range falls back to a unit range (it grows).
    pub fn new(lo: f64, hi: f64, bins: usize) -> Self {
        let bins = bins.max(1);
        let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo {
            (lo, hi)
        } else if lo.is_finite() {
            (lo, lo + 1.0)
        } else {
            (0.0, 1.0)
        };
        let width = (hi - lo) / bins as f64;
        let width = if width > 0.0 && width.is_finite() {
            width
        } else {
            f64::MIN_POSITIVE
        };
        Histogram {
            lo,
            width,
            counts: vec![0; bins],
            total: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }

    /// Upper end of the current range.
    fn hi(&self) -> f64 {
        self.lo + self.width * self.counts.len() as f64
    }

    /// Doubles the range towards `x` until it contains `x`; stops (values
    /// then land in the edge bin) only where the range would overflow `f64`.
    fn grow_to(&mut self, x: f64) {
        let bins = self.counts.len();
        while x < self.lo || x > self.hi() {
            let span = self.width * bins as f64;
            let new_width = self.width * 2.0;
            if !(new_width * bins as f64).is_finite() {
                return;
            }
            let mut counts = vec![0; bins];
            if x > self.hi() {
                // [lo, lo + 2·span]: old bin j lies wholly in new bin j / 2.
                for (j, &c) in self.counts.iter().enumerate() {
                    counts[j / 2] += c;
                }
            } else {
                // [lo − span, lo + span]: old bin j lies in new bin (bins + j) / 2.
                let new_lo = self.lo - span;
                if !new_lo.is_finite() {
                    return;
                }
                for (j, &c) in self.counts.iter().enumerate() {
                    counts[(bins + j) / 2] += c;
                }
                self.lo = new_lo;
            }
            self.counts = counts;
            self.width = new_width;
        }
    }

    /// Adds a value; non-finite values are ignored.
    pub fn add(&mut self, x: f64) {
        self.add_n(x, 1);
    }

    fn add_n(&mut self, x: f64, n: u64) {
        if !x.is_finite() || n == 0 {
            return;
        }
        self.grow_to(x);
        let bins = self.counts.len();
        let f = ((x - self.lo) / self.width).max(0.0);
        let b = (f as usize).min(bins - 1);
        self.counts[b] += n;
        self.total += n;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }

    /// Number of values added.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// The `q`-quantile (`0 ≤ q ≤ 1`), `NaN` if empty: the type-7 quantile
    /// (see [`exact_quantile`]) of the order statistics as the histogram
    /// places them.
    ///
    /// The `k`-th smallest value lies in the bin where the cumulative count
    /// passes `k`; it is placed inside that bin where the `j`-th of `count`
    /// uniform points falls on average, `j / (count + 1)` of its width, so it
    /// is off by less than one bin width. The quantile
    /// interpolates between two such placed order statistics with type 7's
    /// weights, so it is within one bin width of the exact type-7 quantile
    /// for any data — gaps between clusters included, where interpolating
    /// the cumulative count instead (as this did before) can be off by the
    /// whole gap.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.total == 0 {
            return f64::NAN;
        }
        let q = if q.is_nan() { 0.5 } else { q.clamp(0.0, 1.0) };
        let h = (self.total - 1) as f64 * q;
        let i = (h.floor() as u64).min(self.total - 1);
        let frac = h - i as f64;
        let a = self.order_statistic(i);
        if frac > 0.0 && i + 1 < self.total {
            let b = self.order_statistic(i + 1);
            // As in `exact_quantile`: rounding must not leave [a, b].
            (a * (1.0 - frac) + b * frac).clamp(a, b)
        } else {
            a
        }
    }

    /// The `k`-th smallest value (0-based, `k < total`) as placed in its bin,
    /// inside the extremes seen (the smallest and largest exactly).
    fn order_statistic(&self, k: u64) -> f64 {
        if k == 0 {
            return self.min;
        }
        if k + 1 >= self.total {
            return self.max;
        }
        let mut below = 0u64;
        for (b, &c) in self.counts.iter().enumerate() {
            if k < below + c {
                // Where the (k − below + 1)-th of `c` uniform points falls on average.
                let inside = ((k - below + 1) as f64) / (c + 1) as f64;
                return (self.lo + self.width * (b as f64 + inside)).clamp(self.min, self.max);
            }
            below += c;
        }
        self.hi()
    }

    /// Adds another histogram. With the same layout the counts add exactly;
    /// otherwise each of `other`'s bins is added at its centre (error at most
    /// one of `other`'s bin widths).
    pub fn merge(&mut self, other: &Histogram) {
        if self.lo == other.lo
            && self.width == other.width
            && self.counts.len() == other.counts.len()
        {
            for (a, b) in self.counts.iter_mut().zip(&other.counts) {
                *a += b;
            }
            self.total += other.total;
        } else {
            for (j, &c) in other.counts.iter().enumerate() {
                self.add_n(other.lo + other.width * (j as f64 + 0.5), c);
            }
        }
        // The extremes are known exactly, not only to a bin.
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
    }
}

/// The `q`-quantile of sorted values, linear between order statistics
/// (Hyndman & Fan type 7, the default of R and NumPy); `NaN` if empty.
pub fn exact_quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let q = if q.is_nan() { 0.5 } else { q.clamp(0.0, 1.0) };
    let h = (sorted.len() - 1) as f64 * q;
    let i = h.floor() as usize;
    let frac = h - i as f64;
    match sorted.get(i + 1) {
        // a + t(b − a) overflows for opposite extremes near ±f64::MAX: the
        // weighted form cannot, and stays inside [a, b].
        Some(&b) if frac > 0.0 => sorted[i] * (1.0 - frac) + b * frac,
        _ => sorted[i],
    }
    .clamp(sorted[i], *sorted.get(i + 1).unwrap_or(&sorted[i]))
}

/// 2⁻⁶⁴, exact in binary: scaling by it loses nothing but subnormals.
const SCALE: f64 = 1.0 / 18_446_744_073_709_551_616.0;

/// Mean and quantiles of one quantity over an ensemble.
#[derive(Clone, Debug)]
pub struct Stats {
    sum: f64,
    /// The sum scaled by 2⁻⁶⁴, which cannot overflow: the mean's fallback
    /// when values near ±`f64::MAX` overflow `sum`.
    sum_scaled: f64,
    min: f64,
    max: f64,
    n: u64,
    /// The values while there are at most `bins` of them (exact quantiles).
    exact: Vec<f64>,
    /// The histogram once there are more (then `exact` is empty).
    hist: Option<Histogram>,
    bins: usize,
    /// Welford's running mean and sum of squared deviations (for the variance).
    welford_mean: f64,
    welford_m2: f64,
}

impl Stats {
    /// Bins used for metric summaries (and runs up to which they are exact).
    pub const BINS: usize = 20_000;

    /// Empty statistics: exact up to `bins` values, then a histogram of
    /// `bins` bins over the values' own range. `lo` and `hi` (the quantity's
    /// nominal range) no longer bound anything — values beyond them are
    /// summarised correctly — and are kept so that callers need not change.
    pub fn new(lo: f64, hi: f64, bins: usize) -> Self {
        let _ = (lo, hi);
        Stats {
            sum: 0.0,
            sum_scaled: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            n: 0,
            exact: Vec::new(),
            hist: None,
            bins: bins.max(2),
            welford_mean: 0.0,
            welford_m2: 0.0,
        }
    }

    /// Adds a value; `NaN` (undefined in that run) and infinities are skipped.
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        self.sum += x;
        self.sum_scaled += x * SCALE;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        self.n += 1;
        let n = self.n as f64;
        let d = x - self.welford_mean;
        self.welford_mean += d / n;
        self.welford_m2 += d * (x - self.welford_mean);
        match &mut self.hist {
            Some(h) => h.add(x),
            None if self.exact.len() < self.bins => self.exact.push(x),
            None => {
                // Past the exact budget: a histogram over the values' range
                // (a small range around them if they are all equal).
                let (lo, hi) = if self.max > self.min {
                    (self.min, self.max)
                } else {
                    let d = (self.min.abs() * 1e-9).max(1e-12);
                    (self.min - d, self.min + d)
                };
                let mut h = Histogram::new(lo, hi, self.bins);
                for &v in &self.exact {
                    h.add(v);
                }
                h.add(x);
                self.exact = Vec::new();
                self.hist = Some(h);
            }
        }
    }

    /// Sample variance of the defined values (`n − 1` denominator), `NaN`
    /// with fewer than two.
    pub fn variance(&self) -> f64 {
        let n = self.count();
        if n < 2 {
            f64::NAN
        } else {
            self.welford_m2 / (n - 1) as f64
        }
    }

    /// Number of defined values.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// True while the quantiles are exact (all values kept).
    pub fn is_exact(&self) -> bool {
        self.hist.is_none()
    }

    /// Mean, `NaN` if empty; held inside `[min, max]` (a long sum's rounding
    /// must not put the mean outside the values it averages).
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            let m = self.sum / self.n as f64;
            if m.is_finite() {
                m.clamp(self.min, self.max)
            } else {
                // The sum overflowed (values near ±f64::MAX).
                (self.sum_scaled / self.n as f64 / SCALE).clamp(self.min, self.max)
            }
        }
    }

    /// Quantiles `qs`, each clamped to the observed range.
    pub fn quantiles<const K: usize>(&self, qs: [f64; K]) -> [f64; K] {
        match &self.hist {
            // The histogram sees every value, so its exact extremes (q 0 and
            // 1) and its bounds on the rest are this summary's.
            Some(h) => qs.map(|q| h.quantile(q)),
            None => {
                let mut sorted = self.exact.clone();
                sorted.sort_by(f64::total_cmp);
                qs.map(|q| exact_quantile(&sorted, q))
            }
        }
    }

    /// Quantile, clamped to the observed range so it never leaves the data.
    pub fn quantile(&self, q: f64) -> f64 {
        self.quantiles([q])[0]
    }

    /// The summary reported for a metric.
    pub fn summary(&self) -> MetricSummary {
        let [p05, p50, p95] = self.quantiles([0.05, 0.50, 0.95]);
        MetricSummary {
            mean: self.mean(),
            p05,
            p50,
            p95,
            n: self.count(),
        }
    }
}

/// Mean, median and 90 % interval of a metric across runs. A metric
/// undefined in every run is NaN, written `null` in JSON and read back as NaN.
#[derive(Clone, Copy, Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct MetricSummary {
    /// Mean over runs.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub mean: f64,
    /// 5th percentile.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub p05: f64,
    /// Median.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub p50: f64,
    /// 95th percentile.
    #[serde(deserialize_with = "crate::workflow::nan_if_null")]
    pub p95: f64,
    /// Runs in which the metric was defined.
    pub n: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_a_uniform_grid_are_close_to_exact() {
        let mut s = Stats::new(0.0, 1.0, Stats::BINS);
        for i in 0..=10_000 {
            s.add(i as f64 / 10_000.0);
        }
        let m = s.summary();
        assert!((m.mean - 0.5).abs() < 1e-12);
        for (got, want) in [(m.p05, 0.05), (m.p50, 0.5), (m.p95, 0.95)] {
            assert!(
                (got - want).abs() <= 2.0 / Stats::BINS as f64 + 1e-4,
                "{got} vs {want}"
            );
        }
    }

    #[test]
    fn variance_is_the_sample_variance() {
        let mut s = Stats::new(0.0, 10.0, 100);
        assert!(s.variance().is_nan());
        for x in [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0, f64::NAN] {
            s.add(x);
        }
        // Σ(x − 5)² = 32 over 8 values: sample variance 32 / 7.
        assert!((s.variance() - 32.0 / 7.0).abs() < 1e-12);
    }

    #[test]
    fn nan_is_skipped_and_empty_is_nan() {
        let mut s = Stats::new(0.0, 1.0, 10);
        assert!(s.mean().is_nan() && s.quantile(0.5).is_nan());
        s.add(f64::NAN);
        s.add(0.25);
        assert_eq!(s.count(), 1);
        assert_eq!(s.quantile(0.5), 0.25, "clamped to the observed range");
    }

    /// Issue 14, defect 2: values far beyond the nominal range collapsed
    /// every quantile onto the range's edge while the mean lay outside them.
    #[test]
    fn values_beyond_the_nominal_range_keep_their_quantiles() {
        for runs in [300usize, 50_000] {
            let mut s = Stats::new(0.0, 100.0, Stats::BINS);
            let mut all = Vec::new();
            for i in 0..runs {
                let x = 6500.0 + (i * 7919 % runs) as f64 / runs as f64 * 300.0;
                s.add(x);
                all.push(x);
            }
            all.sort_by(f64::total_cmp);
            let m = s.summary();
            let tol = if runs <= Stats::BINS {
                1e-9
            } else {
                300.0 * 4.0 / Stats::BINS as f64
            };
            for (got, q) in [(m.p05, 0.05), (m.p50, 0.5), (m.p95, 0.95)] {
                let want = exact_quantile(&all, q);
                assert!(
                    (got - want).abs() <= tol,
                    "{runs} runs, q {q}: {got} vs {want}"
                );
            }
            assert!(m.p05 < m.p50 && m.p50 < m.p95, "{m:?}");
            assert!(m.p05 <= m.mean && m.mean <= m.p95, "{m:?}");
            assert_eq!(s.is_exact(), runs <= Stats::BINS);
        }
    }

    #[test]
    fn the_histogram_grows_both_ways_without_losing_counts() {
        let mut h = Histogram::new(0.0, 1.0, 10);
        for x in [
            0.5,
            -3.0,
            40.0,
            1e300,
            -1e300,
            f64::MAX,
            -f64::MAX,
            f64::NAN,
        ] {
            h.add(x);
        }
        assert_eq!(h.count(), 7);
        assert!(h.quantile(0.0) <= -1e300 && h.quantile(1.0) >= 1e300);
    }

    #[test]
    fn extreme_values_give_finite_summaries_inside_their_range() {
        let mut s = Stats::new(0.0, 1.0, 4);
        for x in [
            f64::MAX,
            -f64::MAX,
            f64::MAX,
            1.0,
            f64::MAX,
            2.0,
            f64::INFINITY,
        ] {
            s.add(x);
        }
        let m = s.summary();
        assert_eq!(m.n, 6);
        for v in [m.mean, m.p05, m.p50, m.p95] {
            assert!(
                v.is_finite() && (-f64::MAX..=f64::MAX).contains(&v),
                "{m:?}"
            );
        }
    }

    #[test]
    fn a_constant_is_its_own_summary_at_any_count() {
        for runs in [1, 5, 30_000] {
            let mut s = Stats::new(0.0, 1.0, Stats::BINS);
            for _ in 0..runs {
                s.add(0.1);
            }
            let m = s.summary();
            assert_eq!((m.mean, m.p05, m.p50, m.p95), (0.1, 0.1, 0.1, 0.1));
        }
    }

    #[test]
    fn merged_histograms_equal_one_histogram() {
        let (mut a, mut b, mut all) = (
            Histogram::new(0.0, 10.0, 100),
            Histogram::new(0.0, 10.0, 100),
            Histogram::new(0.0, 10.0, 100),
        );
        for i in 0..1000 {
            let x = (i * 37 % 1000) as f64 / 100.0;
            if i % 2 == 0 {
                a.add(x)
            } else {
                b.add(x)
            }
            all.add(x);
        }
        a.merge(&b);
        for q in [0.1, 0.5, 0.9] {
            assert_eq!(a.quantile(q), all.quantile(q));
        }
    }
}
