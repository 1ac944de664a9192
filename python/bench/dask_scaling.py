"""Measures natosim.dask's scaling and per-chunk overhead (docs/PERFORMANCE.md, "Dask scaling").

    target/python-venv/bin/python python/bench/dask_scaling.py [ROWS] [CHUNK]

Runs one experiment table (uncertain-baseline, toolkit, LHS; ROWS rows, default 6000) on a
LocalCluster of 1, 2 and 4 worker processes with one engine thread each, in chunks of CHUNK
rows (default 250), and the same table in one process (1 and all threads); then the same
table in chunks of 1 row on 2 workers, to measure the fixed cost per chunk. Prints a table.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
CHUNK = int(sys.argv[2]) if len(sys.argv) > 2 else 250
SAMPLES = ROWS // 3  # uncertain-baseline has one lever of three levels

SINGLE = """
import sys, time, natosim
if sys.argv[1] != "all":
    natosim.set_threads(int(sys.argv[1]))
natosim.experiment("uncertain-baseline", "toolkit", samples=10, seed=1)  # warm up
t = time.perf_counter()
df = natosim.experiment("uncertain-baseline", "toolkit", samples=int(sys.argv[2]), seed=1)
print(time.perf_counter() - t, len(df))
"""


def single(threads: str) -> float:
    out = subprocess.run([sys.executable, "-c", SINGLE, threads, str(SAMPLES)], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[0])


def distributed(workers: int, chunk: int) -> float:
    from dask.distributed import Client, LocalCluster

    import natosim.dask as nd

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as client:
        # Warm every worker (imports, the embedded dataset) before timing.
        client.run(lambda: __import__("natosim").experiment("uncertain-baseline", "toolkit", samples=2, seed=1) is not None)
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            nd.experiment(client, "uncertain-baseline", "toolkit", path=os.path.join(d, "x"), samples=SAMPLES, seed=1,
                          chunk_size=chunk, threads=1)
            return time.perf_counter() - t


def main() -> None:
    print(f"{ROWS} rows (uncertain-baseline, toolkit, LHS), {os.cpu_count()} cores")
    base = single("1")
    print(f"one process, 1 thread        {base:7.2f} s  {ROWS / base:8.0f} rows/s")
    allt = single("all")
    print(f"one process, all threads    {allt:7.2f} s  {ROWS / allt:8.0f} rows/s")
    for w in (1, 2, 4):
        t = distributed(w, CHUNK)
        print(f"dask, {w} worker(s), chunk {CHUNK:4d} {t:7.2f} s  {ROWS / t:8.0f} rows/s  speed-up {base / t:4.2f}")
    small = max(ROWS // 10, 60)
    global SAMPLES
    SAMPLES = small // 3
    one = single("1") / (SAMPLES * 3)
    t = distributed(2, 1)
    n = SAMPLES * 3
    per_chunk = (t * 2 - n * one) / n  # two workers' time, less the compute, per chunk
    print(f"per-chunk overhead (chunks of 1 row, 2 workers, {n} chunks): {per_chunk * 1000:.1f} ms per chunk")


if __name__ == "__main__":
    main()
