"""Ensembles and experiments on a ``dask.distributed`` cluster, in deterministic chunks.

A job — the runs ``0 … N − 1`` of one model, or the rows of an experiment table — is cut
into fixed chunks of consecutive rows, keyed by chunk index. Each chunk is a pure function
of (scenario texts and overrides, model, seed, settings, row range): row ``i`` is the same
whatever chunk computes it, on whichever worker, in whatever order. Each chunk's rows are
written by the worker that computed them to ``PATH/part-NNNNNN.parquet`` (or ``.csv``),
atomically (a temporary file renamed into place), so a retried chunk — after an exception
(``retries=``) or a lost worker (the scheduler reschedules its tasks) — overwrites its own
file: no row is duplicated or lost. The driver receives only row counts; the data go
straight to shared storage, and :func:`read` puts them back together in chunk order.

The result is the single-machine result for the same seed and design, whatever the number
of workers or the order in which chunks finish::

    from dask.distributed import Client, LocalCluster
    import natosim, natosim.dask

    with Client(LocalCluster(n_workers=4, threads_per_worker=1)) as client:
        natosim.dask.experiment(client, "uncertain-baseline", "toolkit", path="out/exp",
                                samples=10_000, chunk_size=500, threads=1)
    df = natosim.dask.read("out/exp")     # == natosim.experiment(..., samples=10_000)

A job directory holds ``_job.json`` (the job, written first) and, when the job is complete,
``_manifest.json`` (chunks, row counts, columns). Running the same job on the same path
again computes only the chunks whose part file is missing (resuming an interrupted job); a
different job on a non-empty path is refused unless ``overwrite=True``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import time
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import pandas as pd

from . import _natosim
from . import Scenario, ScenarioLike, Value, _count, _seed, load_scenario

__all__ = ["Job", "Chunk", "runs_job", "experiment_job", "chunks", "run_chunk", "write_chunk", "execute", "runs", "experiment", "read"]

FORMATS = ("parquet", "csv")


@dataclasses.dataclass(frozen=True)
class Job:
    """What to compute: ``kind`` ``"runs"`` or ``"experiment"``, on a scenario, with settings.

    ``rows`` is the number of rows of the whole job (runs, or experiment table rows).
    """

    kind: str
    scenario: Scenario
    model: str
    seed: int
    rows: int
    settings: Tuple[Tuple[str, Any], ...] = ()

    def describe(self) -> Dict[str, Any]:
        """The job as JSON-able data (what ``_job.json`` holds)."""
        return {
            "kind": self.kind,
            "scenario": {"name": self.scenario.name, "texts": self.scenario.texts, "overrides": [list(p) for p in self.scenario.overrides]},
            "model": self.model,
            "seed": self.seed,
            "rows": self.rows,
            "settings": dict(self.settings),
        }


@dataclasses.dataclass(frozen=True)
class Chunk:
    """Rows ``start … end − 1`` of ``job``, the ``index``-th chunk."""

    job: Job
    index: int
    start: int
    end: int


def runs_job(
    scenario: ScenarioLike, model: str, *, runs: int, seed: Optional[int] = None, overrides: Optional[Mapping[str, Value]] = None
) -> Job:
    """The job of :func:`natosim.runs`: runs ``0 … runs − 1`` of ``model``, one row per run."""
    s = load_scenario(scenario, overrides=overrides)
    if model not in s.models:
        _natosim.run_rows(s._load(), model, 0, 0, 0)  # raises the ScenarioError naming the models
    return Job("runs", s, model, _seed(seed, s), _count("runs", runs, 1))


def experiment_job(
    scenario: ScenarioLike,
    model: str,
    *,
    design: str = "lhs",
    samples: int = 100,
    replications: int = 1,
    levels: int = 3,
    seed: Optional[int] = None,
    scramble: bool = False,
    overrides: Optional[Mapping[str, Value]] = None,
) -> Job:
    """The job of :func:`natosim.experiment`: every row of the experiment table."""
    from . import experiment as _experiment

    s = load_scenario(scenario, overrides=overrides)
    settings = (
        ("design", design),
        ("samples", _count("samples", samples, 1)),
        ("replications", _count("replications", replications, 1)),
        ("levels", _count("levels", levels, 1)),
        ("scramble", bool(scramble)),
    )
    sd = _seed(seed, s)
    # An empty range gives the table's shape without running anything.
    shape = _experiment(s, model, seed=sd, start=0, end=0, **dict(settings)).attrs["table"]
    return Job("experiment", s, model, sd, int(shape["rows"]), settings)


def chunks(job: Job, chunk_size: int) -> List[Chunk]:
    """The job cut into chunks of ``chunk_size`` consecutive rows (the last may be shorter)."""
    size = _count("chunk_size", chunk_size, 1)
    return [Chunk(job, i, start, min(start + size, job.rows)) for i, start in enumerate(range(0, job.rows, size))]


def run_chunk(chunk: Chunk) -> pd.DataFrame:
    """The rows of one chunk: a pure function of the chunk (the default chunk function)."""
    from . import experiment as _experiment, runs as _runs

    job = chunk.job
    if job.kind == "runs":
        df = _runs(job.scenario, job.model, runs=chunk.end - chunk.start, seed=job.seed, start=chunk.start)
        df = df.reset_index()
    elif job.kind == "experiment":
        df = _experiment(job.scenario, job.model, seed=job.seed, start=chunk.start, end=chunk.end, **dict(job.settings))
    else:
        raise ValueError(f"job kind `{job.kind}` is not runs or experiment")
    df.attrs.clear()
    return df


def part_name(index: int, fmt: str) -> str:
    """The file name of chunk ``index``'s rows."""
    return f"part-{index:06d}.{fmt}"


def _write_atomic(path: str, write: Callable[[str], None]) -> None:
    directory = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_chunk(df: pd.DataFrame, path: str, index: int, fmt: str) -> str:
    """Writes a chunk's rows to ``path/part-NNNNNN.FMT`` atomically; returns the file's path."""
    target = os.path.join(path, part_name(index, fmt))
    if fmt == "parquet":
        _write_atomic(target, lambda tmp: df.to_parquet(tmp, engine="pyarrow", index=False))
    elif fmt == "csv":
        # Shortest round-trip floats (as the CLI writes them), so CSV reads back exactly.
        _write_atomic(target, lambda tmp: df.to_csv(tmp, index=False, float_format=None))
    else:
        raise ValueError(f"format: `{fmt}` is not one of {', '.join(FORMATS)}")
    return target


def _task(chunk: Chunk, path: str, fmt: str, fn: Callable[[Chunk], pd.DataFrame], threads: Optional[int]) -> Tuple[int, int, List[str]]:
    """What a worker runs: compute the chunk, write its file, return (index, rows, columns)."""
    if threads is not None:
        _threads_once(threads)
    df = fn(chunk)
    expected = chunk.end - chunk.start
    if len(df) != expected:
        raise RuntimeError(f"chunk {chunk.index}: {len(df)} rows, expected {expected}")
    write_chunk(df, path, chunk.index, fmt)
    return chunk.index, len(df), [str(c) for c in df.columns]


_THREADS: Optional[int] = None


def _threads_once(threads: int) -> None:
    global _THREADS
    if _THREADS is None:
        try:
            _natosim.set_threads(threads)
        except RuntimeError:
            pass  # the pool already runs (an earlier job in this worker): keep it
        _THREADS = threads


def execute(
    client: Any,
    job: Job,
    path: str,
    *,
    chunk_size: int = 1000,
    format: str = "parquet",
    retries: int = 2,
    threads: Optional[int] = None,
    overwrite: bool = False,
    fn: Callable[[Chunk], pd.DataFrame] = run_chunk,
    on_chunk: Optional[Callable[[int, int], None]] = None,
) -> Dict[str, Any]:
    """Runs ``job`` on ``client`` in chunks, each written to ``path`` by its worker.

    ``retries`` is how often a chunk that raised is tried again (a worker that dies is
    handled by the scheduler, which reschedules its chunks up to
    ``distributed.scheduler.allowed-failures`` times). ``threads`` fixes the engine's
    threads per worker process (1 with one worker per core). ``fn`` is the chunk function
    (default :func:`run_chunk`; wrap it to log or to inject faults in tests — it must be a
    pure function of the chunk). ``on_chunk(index, rows)`` is called as chunks finish.

    Returns the manifest (also written to ``path/_manifest.json``).
    """
    from dask.distributed import as_completed

    if format not in FORMATS:
        raise ValueError(f"format: `{format}` is not one of {', '.join(FORMATS)}")
    parts = chunks(job, chunk_size)
    os.makedirs(path, exist_ok=True)
    described = job.describe()
    described.update(chunk_size=_count("chunk_size", chunk_size, 1), format=format)
    job_file = os.path.join(path, "_job.json")
    if os.path.exists(job_file):
        with open(job_file, encoding="utf-8") as f:
            previous = json.load(f)
        if previous != described:
            if not overwrite:
                raise ValueError(f"{path}: holds another job's results; choose another path or pass overwrite=True")
            _clear(path)
    elif any(n.startswith("part-") for n in os.listdir(path)):
        if not overwrite:
            raise ValueError(f"{path}: holds part files of an unknown job; choose another path or pass overwrite=True")
        _clear(path)
    manifest_file = os.path.join(path, "_manifest.json")
    if os.path.exists(manifest_file):
        os.unlink(manifest_file)
    _write_atomic(job_file, lambda tmp: _dump(described, tmp))

    todo = [c for c in parts if not os.path.exists(os.path.join(path, part_name(c.index, format)))]
    counts: Dict[int, int] = {}
    columns: Optional[List[str]] = None
    started = time.perf_counter()
    futures = [
        client.submit(
            _task, c, os.path.abspath(path), format, fn, threads,
            key=f"natosim-{os.path.basename(os.path.abspath(path))}-{c.index}-{_token(described)}",
            retries=_count("retries", retries, 0, minimum=0), pure=False,
        )
        for c in todo
    ]
    for future in as_completed(futures):
        index, rows, cols = future.result()
        counts[index] = rows
        columns = columns or cols
        if on_chunk is not None:
            on_chunk(index, rows)
    for c in parts:
        if c.index not in counts:
            counts[c.index] = c.end - c.start  # written by an earlier, interrupted run of this job
    manifest = {
        "job": described,
        "format": format,
        "rows": job.rows,
        "columns": columns,
        "chunks": [{"index": c.index, "start": c.start, "end": c.end, "rows": counts[c.index], "file": part_name(c.index, format)} for c in parts],
        "seconds": time.perf_counter() - started,
    }
    if sum(counts.values()) != job.rows:
        raise RuntimeError(f"{path}: {sum(counts.values())} rows written, the job has {job.rows}")
    _write_atomic(manifest_file, lambda tmp: _dump(manifest, tmp))
    return manifest


def _token(described: Dict[str, Any]) -> str:
    import hashlib

    return hashlib.blake2b(json.dumps(described, sort_keys=True).encode(), digest_size=6).hexdigest()


def _dump(data: Dict[str, Any], tmp: str) -> None:
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


def _clear(path: str) -> None:
    for n in os.listdir(path):
        if n.startswith("part-") or n in ("_job.json", "_manifest.json"):
            os.unlink(os.path.join(path, n))


def runs(
    client: Any,
    scenario: ScenarioLike,
    model: str,
    *,
    path: str,
    runs: int,
    seed: Optional[int] = None,
    overrides: Optional[Mapping[str, Value]] = None,
    **options: Any,
) -> Dict[str, Any]:
    """:func:`natosim.runs` on a cluster: runs ``0 … runs − 1`` of ``model`` to ``path``.

    ``options`` are those of :func:`execute` (``chunk_size``, ``format``, ``retries``,
    ``threads``, ``overwrite``, ``fn``, ``on_chunk``).
    """
    return execute(client, runs_job(scenario, model, runs=runs, seed=seed, overrides=overrides), path, **options)


def experiment(
    client: Any,
    scenario: ScenarioLike,
    model: str,
    *,
    path: str,
    design: str = "lhs",
    samples: int = 100,
    replications: int = 1,
    levels: int = 3,
    seed: Optional[int] = None,
    scramble: bool = False,
    overrides: Optional[Mapping[str, Value]] = None,
    **options: Any,
) -> Dict[str, Any]:
    """:func:`natosim.experiment` on a cluster: the whole table to ``path``.

    ``options`` are those of :func:`execute`.
    """
    job = experiment_job(
        scenario, model, design=design, samples=samples, replications=replications, levels=levels,
        seed=seed, scramble=scramble, overrides=overrides,
    )
    return execute(client, job, path, **options)


def read(path: str, columns: Optional[Sequence[str]] = None) -> pd.DataFrame:
    """A completed job's rows, in chunk order (as the single-machine function returns them).

    Refuses a job without ``_manifest.json`` (not complete) and checks every part's row count.
    """
    manifest_file = os.path.join(path, "_manifest.json")
    if not os.path.exists(manifest_file):
        raise ValueError(f"{path}: no _manifest.json — the job is not complete (run it again to resume)")
    with open(manifest_file, encoding="utf-8") as f:
        manifest = json.load(f)
    frames = []
    for c in manifest["chunks"]:
        file = os.path.join(path, c["file"])
        if manifest["format"] == "parquet":
            df = pd.read_parquet(file, columns=list(columns) if columns else None)
        else:
            df = pd.read_csv(file, usecols=list(columns) if columns else None, )
        if len(df) != c["rows"]:
            raise ValueError(f"{file}: {len(df)} rows, the manifest says {c['rows']}")
        frames.append(df)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=manifest["columns"])
    if manifest["job"]["kind"] == "runs" and "run" in out.columns and columns is None:
        out = out.set_index("run")
    return out
