"""Distributed runs on a LocalCluster of worker processes: same rows as one machine, whatever happens."""

from __future__ import annotations

import json
import os

import numpy as np
import pandas as pd
import pytest

import natosim
import natosim.dask as nd

distributed = pytest.importorskip("distributed")
from distributed import Client, LocalCluster  # noqa: E402

SETTINGS = dict(design="lhs", samples=9, replications=2, seed=13)


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=3, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as c:
            yield c


@pytest.fixture(scope="module")
def expected():
    return natosim.experiment("uncertain-baseline", "toolkit", **SETTINGS)


def _equal(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    for c in want.columns:
        a, b = got[c].to_numpy(), want[c].to_numpy()
        if want[c].dtype.kind == "f":
            np.testing.assert_array_equal(a.astype(float), b.astype(float), err_msg=c)
        else:
            assert [str(x) for x in a] == [str(x) for x in b], c


def shuffled(chunk):
    """Finishes chunks in reverse order: later chunks return first."""
    import time

    time.sleep(0.05 * (20 - chunk.index) / 20)
    return nd.run_chunk(chunk)


def test_distributed_experiment_is_the_single_machine_table(client, expected, tmp_path):
    finished = []
    manifest = nd.experiment(client, "uncertain-baseline", "toolkit", path=str(tmp_path / "exp"), chunk_size=5,
                             threads=1, fn=shuffled, on_chunk=lambda i, n: finished.append(i), **SETTINGS)
    assert manifest["rows"] == len(expected) == 9 * 3 * 2
    assert sorted(finished) == list(range(len(manifest["chunks"])))
    _equal(nd.read(str(tmp_path / "exp")), expected)


def test_worker_count_and_chunk_size_do_not_matter(expected, tmp_path):
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as c:
        nd.experiment(c, "uncertain-baseline", "toolkit", path=str(tmp_path / "one"), chunk_size=17, threads=1, **SETTINGS)
    _equal(nd.read(str(tmp_path / "one")), expected)


def test_a_killed_worker_loses_and_duplicates_no_rows(client, expected, tmp_path):
    marker = str(tmp_path / "killed-once")

    def kill_once(chunk):
        import os
        import signal

        if chunk.index == 2 and not os.path.exists(marker):
            open(marker, "w").close()
            os.kill(os.getpid(), signal.SIGKILL)  # the worker process dies mid-chunk
        return nd.run_chunk(chunk)

    path = str(tmp_path / "killed")
    nd.experiment(client, "uncertain-baseline", "toolkit", path=path, chunk_size=4, threads=1, fn=kill_once, **SETTINGS)
    assert os.path.exists(marker), "the fault was injected"
    df = nd.read(path)
    assert not df.duplicated(["experiment", "replication"]).any()
    _equal(df, expected)
    # Nothing but the parts, the job and the manifest is left behind (no temporary files).
    assert sorted(n for n in os.listdir(path) if not n.startswith("part-")) == ["_job.json", "_manifest.json"]


def test_a_failing_chunk_is_retried_and_without_retries_the_error_surfaces(client, expected, tmp_path):
    marker = str(tmp_path / "failed-once")

    def fail_once(chunk):
        import os

        if chunk.index == 1 and not os.path.exists(marker):
            open(marker, "w").close()
            raise OSError("transient storage error")
        return nd.run_chunk(chunk)

    nd.experiment(client, "uncertain-baseline", "toolkit", path=str(tmp_path / "retry"), chunk_size=6, retries=1, fn=fail_once, **SETTINGS)
    _equal(nd.read(str(tmp_path / "retry")), expected)


    def fail_always(chunk):
        if chunk.index == 0:
            raise OSError("permanent storage error")
        return nd.run_chunk(chunk)

    with pytest.raises(OSError, match="permanent"):
        nd.experiment(client, "uncertain-baseline", "toolkit", path=str(tmp_path / "noretry"), chunk_size=6, retries=0, fn=fail_always, **SETTINGS)
    with pytest.raises(ValueError, match="not complete"):
        nd.read(str(tmp_path / "noretry"))


def test_runs_to_csv_resume_and_refuse_another_job(client, tmp_path):
    path = str(tmp_path / "runs")
    want = natosim.runs("baseline", "status-quo", runs=50, seed=21)
    nd.runs(client, "baseline", "status-quo", path=path, runs=50, seed=21, chunk_size=12, format="csv", threads=1)
    got = nd.read(path)
    got.index = got.index.astype(np.uint64)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    # An interrupted job resumes: only the missing chunk is computed again.
    os.unlink(os.path.join(path, "part-000002.csv"))
    os.unlink(os.path.join(path, "_manifest.json"))
    redone = []
    nd.runs(client, "baseline", "status-quo", path=path, runs=50, seed=21, chunk_size=12, format="csv", on_chunk=lambda i, n: redone.append(i))
    assert redone == [2]
    pd.testing.assert_frame_equal(nd.read(path).set_axis(want.index), want, check_exact=True)
    with open(os.path.join(path, "_manifest.json")) as f:
        assert [c["rows"] for c in json.load(f)["chunks"]] == [12, 12, 12, 12, 2]
    with pytest.raises(ValueError, match="another job"):
        nd.runs(client, "baseline", "status-quo", path=path, runs=50, seed=22, chunk_size=12, format="csv")


def test_chunks_are_fixed_ranges_keyed_by_index():
    job = nd.runs_job("baseline", "toolkit", runs=10, seed=1)
    parts = nd.chunks(job, 4)
    assert [(c.index, c.start, c.end) for c in parts] == [(0, 0, 4), (1, 4, 8), (2, 8, 10)]
    with pytest.raises(ValueError):
        nd.chunks(job, 0)
    with pytest.raises(natosim.ScenarioError):
        nd.runs_job("baseline", "toolkti", runs=10)
