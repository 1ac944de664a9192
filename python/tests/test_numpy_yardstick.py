"""The NumPy yardstick of issue 15 (python/bench/numpy_model.py) must stay the same model.

docs/PERFORMANCE.md compares the Rust engine's speed with a NumPy port batched across
runs. The comparison means something only while the port computes what the engine
computes, so this test holds it to the engine: the status quo on the embedded defaults
with every parameter fixed, NumPy against `natosim compare --uncertainty aleatory`, every
one of the 40 metrics' means within 5 combined standard errors (the Rust side's from
batch means). The random numbers differ (numpy's PCG64 against natosim's streams), so the
agreement is in distribution; the seeds are fixed, so the test is deterministic. A change
to the engine's dynamics that the port does not follow fails it.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import numpy_model  # noqa: E402
import numpy_vs_rust  # noqa: E402


def test_the_numpy_port_agrees_with_the_engine_on_every_metric(natosim_bin: Path) -> None:
    rust = numpy_vs_rust.rust_means(runs=4000, batches=20, model="status-quo", cli=natosim_bin)
    port = numpy_vs_rust.numpy_means(numpy_model.Model("status-quo").run(2000, seed=7))
    assert set(rust) == set(port) == set(numpy_model.METRICS)
    worst = []
    for metric in numpy_model.METRICS:
        (r_mean, r_se, r_n), (p_mean, p_se, p_n) = rust[metric], port[metric]
        # A metric undefined on one side (no attack in any run, say) must be undefined on both.
        assert (r_n == 0) == (p_n == 0), f"{metric}: {r_n} Rust values, {p_n} NumPy values"
        if r_n == 0:
            continue
        se = math.hypot(r_se, p_se)
        z = (p_mean - r_mean) / se if se > 0 else (0.0 if math.isclose(p_mean, r_mean) else math.inf)
        worst.append((abs(z), metric, r_mean, p_mean))
    worst.sort(reverse=True)
    assert worst[0][0] < 5.0, f"the NumPy port drifted from the engine: (|z|, metric, Rust, NumPy) {worst[:5]}"
