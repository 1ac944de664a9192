//! Streaming summaries: constant memory, deterministic, mergeable.
//!
//! A [`Stats`] keeps the count, the sum (for the mean) and a fixed-bin
//! histogram over the metric's known range (for quantiles). Values are added
//! in run order, so the floating-point sum — and hence the output — is the
//! same whatever the number of threads. Quantiles interpolate linearly inside
//! a bin; their error is at most one bin width, `(hi − lo) / bins`.

use serde::Serialize;

/// A fixed-range histogram with linear interpolation inside bins.
#[derive(Clone, Debug)]
pub struct Histogram {
    lo: f64,
    hi: f64,
    counts: Vec<u64>,
    total: u64,
}

impl Histogram {
    /// A histogram of `bins` equal bins over `[lo, hi]`; values outside are clamped.
    pub fn new(lo: f64, hi: f64, bins: usize) -> Self {
        assert!(hi > lo && bins > 0);
        Histogram {
            lo,
            hi,
            counts: vec![0; bins],
            total: 0,
        }
    }

    /// Adds a finite value.
    pub fn add(&mut self, x: f64) {
        let bins = self.counts.len();
        let f = ((x - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        let b = ((f * bins as f64) as usize).min(bins - 1);
        self.counts[b] += 1;
        self.total += 1;
    }

    /// Number of values added.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// The `q`-quantile (`0 ≤ q ≤ 1`), `NaN` if empty.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.total == 0 {
            return f64::NAN;
        }
        let width = (self.hi - self.lo) / self.counts.len() as f64;
        let target = q.clamp(0.0, 1.0) * self.total as f64;
        let mut below = 0u64;
        for (b, &c) in self.counts.iter().enumerate() {
            if c > 0 && (below + c) as f64 >= target {
                let inside = ((target - below as f64) / c as f64).clamp(0.0, 1.0);
                return self.lo + width * (b as f64 + inside);
            }
            below += c;
        }
        self.hi
    }

    /// Adds another histogram with the same layout.
    pub fn merge(&mut self, other: &Histogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.total += other.total;
    }
}

/// Mean and quantiles of one quantity over an ensemble.
#[derive(Clone, Debug)]
pub struct Stats {
    sum: f64,
    min: f64,
    max: f64,
    hist: Histogram,
    /// Welford's running mean and sum of squared deviations (for the variance).
    welford_mean: f64,
    welford_m2: f64,
}

impl Stats {
    /// Bins used for metric summaries.
    pub const BINS: usize = 20_000;

    /// Empty statistics over `[lo, hi]` with `bins` bins.
    pub fn new(lo: f64, hi: f64, bins: usize) -> Self {
        Stats {
            sum: 0.0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            hist: Histogram::new(lo, hi, bins),
            welford_mean: 0.0,
            welford_m2: 0.0,
        }
    }

    /// Adds a value; `NaN` (undefined in that run) is skipped.
    pub fn add(&mut self, x: f64) {
        if x.is_finite() {
            self.sum += x;
            self.min = self.min.min(x);
            self.max = self.max.max(x);
            self.hist.add(x);
            let n = self.hist.count() as f64;
            let d = x - self.welford_mean;
            self.welford_mean += d / n;
            self.welford_m2 += d * (x - self.welford_mean);
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
        self.hist.count()
    }

    /// Mean, `NaN` if empty.
    pub fn mean(&self) -> f64 {
        if self.count() == 0 {
            f64::NAN
        } else {
            self.sum / self.count() as f64
        }
    }

    /// Quantile, clamped to the observed range so it never leaves the data.
    pub fn quantile(&self, q: f64) -> f64 {
        let v = self.hist.quantile(q);
        if v.is_nan() {
            v
        } else {
            v.clamp(self.min, self.max)
        }
    }

    /// The summary reported for a metric.
    pub fn summary(&self) -> MetricSummary {
        MetricSummary {
            mean: self.mean(),
            p05: self.quantile(0.05),
            p50: self.quantile(0.50),
            p95: self.quantile(0.95),
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
