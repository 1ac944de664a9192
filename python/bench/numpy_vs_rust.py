"""Issue 15's yardstick: the NumPy port (numpy_model.py) against the Rust engine.

(a) Validation: N runs of the status quo in NumPy against the Rust engine's means for the
    same model on the same defaults with every parameter fixed (`natosim compare --models
    status-quo --uncertainty aleatory`, which on the shipped baseline is exactly
    `Scenario::defaults()`, the scenario of `examples/runs`), per metric: mean +- standard
    error on each side and z = difference / combined standard error. The Rust engine's
    standard errors come from batch means (B batches with distinct seeds), since the CLI
    prints means and percentiles, not per-run values.
(b) Timing, one thread: NumPy wall and CPU time per model-run at several batch sizes, and
    the Rust engine's CPU time per model-run on `target/release/examples/runs status-quo
    RUNS` (user + sys of the child, less a 1-run start-up), and the ratio.

    cargo build --release -p natosim-cli
    cargo build --release -p natosim-core --example runs
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 target/python-venv/bin/python python/bench/numpy_vs_rust.py

Options: --numpy-runs 2000 --rust-runs 8000 --batches 40 --sizes 100,1000,10000
--rust-timing-runs 2000 --repeat 3 --skip-validation --skip-timing --profile --quantiles --alternate 0
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from numpy_model import METRICS, ROOT, Model  # noqa: E402

CLI = ROOT / "target" / "release" / "natosim"
RUNS_EXAMPLE = ROOT / "target" / "release" / "examples" / "runs"


def rust_means(runs: int, batches: int, model: str, cli: pathlib.Path = CLI):
    """Per metric: (mean, standard error, n) over `batches` ensembles of the `cli` binary."""
    per = max(runs // batches, 1)
    rows = {m: [] for m in METRICS}
    for b in range(batches):
        out = subprocess.run(
            [str(cli), "compare", "--scenario", "baseline", "--models", model, "--uncertainty",
             "aleatory", "--runs", str(per), "--seed", str(1000 + b), "--threads", "1", "--format", "json"],
            check=True, capture_output=True, text=True,
        ).stdout
        metrics = json.loads(out)["models"][0]["metrics"]
        for m in METRICS:
            x = metrics[m]
            if x.get("n", 0) > 0 and x["mean"] is not None:
                rows[m].append((x["mean"], x["n"]))
    res = {}
    for m, v in rows.items():
        if not v:
            res[m] = (float("nan"), float("nan"), 0)
            continue
        means = np.array([a for a, _ in v])
        ns = np.array([n for _, n in v], dtype=float)
        mean = float((means * ns).sum() / ns.sum())
        se = float(means.std(ddof=1) / np.sqrt(len(means))) if len(means) > 1 else float("nan")
        res[m] = (mean, se, int(ns.sum()))
    return res


def numpy_means(values: dict):
    res = {}
    for m in METRICS:
        v = values[m]
        v = v[~np.isnan(v)]
        n = v.size
        res[m] = (float(v.mean()) if n else float("nan"), float(v.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan"), n)
    return res


def validate(args):
    print(f"== validation: status quo, embedded defaults, parameters fixed (aleatory only)")
    t0 = time.perf_counter()
    rust = rust_means(args.rust_runs, args.batches, args.model)
    print(f"Rust: {args.rust_runs} runs in {args.batches} batches (seeds 1000..{999 + args.batches}), {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    vals = Model(args.model).run(args.numpy_runs, seed=args.seed)
    print(f"NumPy: {args.numpy_runs} runs (PCG64 seed {args.seed}), {time.perf_counter() - t0:.1f} s\n")
    npy = numpy_means(vals)
    lines = ["| metric | Rust mean ± se | NumPy mean ± se | z |", "|---|---|---|---|"]
    bad = []
    for m in METRICS:
        (rm, rs, rn), (nm, ns, nn) = rust[m], npy[m]
        se = np.hypot(rs, ns)
        if se > 0:
            z = (nm - rm) / se
        else:
            z = 0.0 if nm == rm else float("inf")
        flag = "" if abs(z) <= 3 else " **"
        if abs(z) > 3:
            bad.append(m)
        lines.append(f"| {m} | {rm:.5g} ± {rs:.2g} | {nm:.5g} ± {ns:.2g} | {z:+.2f}{flag} |")
    print("\n".join(lines))
    print(f"\n|z| > 3: {len(bad)} of {len(METRICS)} metrics {bad}")
    if args.quantiles:
        quantiles(args, vals)
    return lines, bad


def quantiles(args, vals):
    """The 5th, 50th and 95th percentiles (linear interpolation, as natosim's summaries):
    one Rust ensemble of --rust-runs runs against the NumPy runs; z with the NumPy
    percentile's bootstrap standard error scaled for both samples."""
    out = subprocess.run(
        [str(CLI), "compare", "--scenario", "baseline", "--models", args.model, "--uncertainty", "aleatory",
         "--runs", str(args.rust_runs), "--seed", "20250601", "--threads", "1", "--format", "json"],
        check=True, capture_output=True, text=True).stdout
    rust = json.loads(out)["models"][0]["metrics"]
    rng = np.random.default_rng(0)
    print(f"\n== percentiles: Rust {args.rust_runs} runs (seed 20250601) | NumPy {args.numpy_runs} runs; "
          "z = difference / (bootstrap se × sqrt(1 + n_numpy / n_rust))")
    print("| metric | p05 Rust / NumPy (z) | p50 Rust / NumPy (z) | p95 Rust / NumPy (z) |\n|---|---|---|---|")
    worst = []
    for m in METRICS:
        v = vals[m][~np.isnan(vals[m])]
        if not v.size or rust[m]["n"] == 0:
            continue
        q = np.percentile(v, [5, 50, 95])
        boot = np.percentile(v[rng.integers(0, v.size, (200, v.size))], [5, 50, 95], axis=1)
        se = boot.std(axis=1, ddof=1) * np.sqrt(1 + v.size / rust[m]["n"])
        cells = []
        for j, key in enumerate(("p05", "p50", "p95")):
            r = rust[m][key]
            z = (q[j] - r) / se[j] if se[j] > 0 else (0.0 if np.isclose(q[j], r, rtol=1e-9, atol=1e-12) else float("inf"))
            worst.append((abs(z), m, key))
            cells.append(f"{r:.4g} / {q[j]:.4g} ({z:+.1f})")
        print(f"| {m} | " + " | ".join(cells) + " |")
    worst.sort(reverse=True)
    print("largest |z|: " + ", ".join(f"{m} {k} {z:.1f}" for z, m, k in worst[:6]))


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def rust_cpu(runs: int, model: str, repeat: int):
    """CPU seconds per model-run of examples/runs (median of `repeat`, start-up removed)."""
    def one(n):
        c0 = children_cpu()
        w0 = time.perf_counter()
        subprocess.run([str(RUNS_EXAMPLE), model, str(n), "1"], check=True, capture_output=True)
        return children_cpu() - c0, time.perf_counter() - w0
    base = statistics.median(one(1)[0] for _ in range(3))
    cpu, wall = zip(*(one(runs) for _ in range(repeat)))
    return (statistics.median(cpu) - base) / runs, statistics.median(wall) / runs, cpu


def timing(args):
    print(f"\n== timing, one thread (OMP/OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']})")
    rust_per, rust_wall, rust_all = rust_cpu(args.rust_timing_runs, args.model, args.repeat)
    print(f"Rust examples/runs {args.model} {args.rust_timing_runs}: CPU {rust_per * 1e6:.0f} µs per model-run "
          f"(runs of {args.repeat}: {', '.join(f'{c:.2f} s' for c in rust_all)}), wall {rust_wall * 1e6:.0f} µs")
    m = Model(args.model)
    rows = ["| batch (runs) | NumPy wall / run | NumPy CPU / run | Rust CPU / run | NumPy CPU ÷ Rust CPU |", "|---|---|---|---|---|"]
    for size in args.sizes:
        best = None
        for _ in range(args.repeat if size <= 1000 else 1):
            c0, w0 = time.process_time(), time.perf_counter()
            m.run(size, seed=args.seed)
            c, w = time.process_time() - c0, time.perf_counter() - w0
            if best is None or c < best[0]:
                best = (c, w)
        c, w = best
        rows.append(f"| {size} | {w / size * 1e6:.0f} µs | {c / size * 1e6:.0f} µs | {rust_per * 1e6:.0f} µs | {c / size / rust_per:.2f} |")
        print(rows[-1], flush=True)
    print("\n" + "\n".join(rows))
    return rows


def alternate(args):
    """Rust and NumPy alternated --alternate times (the machine's load drifts): per round the
    CPU per model-run of each and their ratio; medians at the end."""
    m = Model(args.model)
    rounds = []
    print(f"\n== alternated timing, {args.alternate} rounds: Rust {args.rust_timing_runs} runs, NumPy batches {args.sizes}")
    for k in range(args.alternate):
        rust = rust_cpu(args.rust_timing_runs, args.model, 1)[0]
        row = [rust]
        for size in args.sizes:
            c0 = time.process_time()
            m.run(size, seed=args.seed + k)
            row.append((time.process_time() - c0) / size)
        rounds.append(row)
        print(f"round {k + 1}: Rust {rust * 1e6:.0f} µs; " + "; ".join(
            f"NumPy {s}: {v * 1e6:.0f} µs ({v / rust:.2f}×)" for s, v in zip(args.sizes, row[1:])), flush=True)
    med = np.median(np.array(rounds), axis=0)
    ratios = np.median(np.array([[v / r[0] for v in r[1:]] for r in rounds]), axis=0)
    print(f"median: Rust {med[0] * 1e6:.0f} µs; " + "; ".join(
        f"NumPy {s}: {v * 1e6:.0f} µs, ratio {q:.2f}×" for s, v, q in zip(args.sizes, med[1:], ratios)))


def profile(args):
    timers = {}
    m = Model(args.model)
    c0 = time.process_time()
    m.run(args.profile_runs, seed=args.seed, timers=timers)
    total = time.process_time() - c0
    s = sum(timers.values())
    print(f"\n== where NumPy's time goes ({args.profile_runs} runs, {total:.2f} s CPU)")
    print("| step | share | µs per run |\n|---|---|---|")
    for k, v in sorted(timers.items(), key=lambda kv: -kv[1]):
        print(f"| {k} | {v / s * 100:.1f} % | {v / args.profile_runs * 1e6:.0f} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="status-quo")
    ap.add_argument("--numpy-runs", type=int, default=2000)
    ap.add_argument("--rust-runs", type=int, default=8000)
    ap.add_argument("--batches", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[100, 1000, 10000])
    ap.add_argument("--rust-timing-runs", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile-runs", type=int, default=2000)
    ap.add_argument("--skip-validation", action="store_true")
    ap.add_argument("--skip-timing", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--alternate", type=int, default=0, help="rounds of Rust and NumPy alternated")
    ap.add_argument("--quantiles", action="store_true", help="also compare p05, p50, p95")
    args = ap.parse_args()
    if not args.skip_validation:
        validate(args)
    if not args.skip_timing:
        timing(args)
    if args.alternate:
        alternate(args)
    if args.profile:
        profile(args)


if __name__ == "__main__":
    main()
