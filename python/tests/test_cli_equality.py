"""The package gives the CLI's numbers for the same scenario, seed and settings."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd
import pytest

import natosim


def test_compare_equals_cli_json(cli_json):
    df = natosim.compare(scenario="baseline", runs=120, seed=7)
    cli = cli_json("compare", "--scenario", "baseline", "--runs", 120, "--seed", 7)
    # The raw result is the CLI's JSON, value for value.
    assert df.attrs["result"] == cli
    # And the DataFrame is one row per model × metric with the summary's numbers.
    models = [m["id"] for m in cli["models"]]
    assert list(df["model"].unique()) == models
    assert len(df) == len(models) * len(natosim.metrics())
    m0 = cli["models"][0]
    first = m0["metrics"] if isinstance(m0["metrics"], list) else list(m0["metrics"].items())
    name, summary = first[0]
    row = df[(df.model == m0["id"]) & (df.metric == name)].iloc[0]
    for k in ("mean", "p05", "p50", "p95"):
        assert row[k] == summary[k]
    assert row["n"] == summary["n"] == 120


def test_compare_models_and_split_equal_cli(cli_json):
    df = natosim.compare("uncertain-baseline", runs=60, seed=3, models=["toolkit", "status-quo"], uncertainty="split")
    cli = cli_json("compare", "-s", "uncertain-baseline", "-r", 60, "--seed", 3, "--models", "toolkit,status-quo", "--uncertainty", "split")
    assert df.attrs["result"] == cli
    assert list(df["model"].unique()) == ["toolkit", "status-quo"]
    assert {"aleatory_mean", "parameter_share"} <= set(df.columns)


def test_run_summary_and_series_equal_cli(cli, tmp_path):
    out = tmp_path / "run"
    cli("run", "-s", "baseline", "-m", "toolkit", "-r", 64, "--seed", 11, "-o", out)
    summary = json.loads((out / "summary.json").read_text())
    r = natosim.run("baseline", "toolkit", runs=64, seed=11)
    for name, s in summary["metrics"].items():
        for k in ("mean", "p05", "p50", "p95"):
            a, b = r.summary.loc[name, k], s[k]
            assert (a == b) or (a != a and b is None), (name, k, a, b)
        assert r.summary.loc[name, "n"] == s["n"]
    series = pd.read_csv(out / "series.csv")
    assert r.series.shape == series.shape
    assert list(r.series.columns) == list(series.columns)
    num = ["mean", "p05", "p25", "p50", "p75", "p95"]
    np.testing.assert_allclose(r.series[num].to_numpy(), series[num].to_numpy(), rtol=1e-12, atol=0)


def test_runs_rows_are_the_runs_the_cli_summarises(cli, tmp_path):
    out = tmp_path / "run"
    cli("run", "-s", "baseline", "-m", "european-defence-union", "-r", 80, "--seed", 5, "-o", out)
    summary = json.loads((out / "summary.json").read_text())
    df = natosim.runs("baseline", "european-defence-union", runs=80, seed=5)
    assert list(df.index) == list(range(80))
    assert list(df.columns) == list(natosim.metrics()["name"])
    for name, s in summary["metrics"].items():
        col = df[name].dropna()
        assert len(col) == s["n"], name
        if s["n"]:
            assert math.isclose(col.mean(), s["mean"], rel_tol=1e-12, abs_tol=1e-12), name
    # Any split of the run range gives the same rows.
    parts = pd.concat([natosim.runs("baseline", "european-defence-union", runs=30, seed=5),
                       natosim.runs("baseline", "european-defence-union", runs=50, seed=5, start=30)])
    pd.testing.assert_frame_equal(parts, df)


def test_experiment_equals_cli_csv(cli, tmp_path):
    out = tmp_path / "exp.csv"
    cli("experiment", "-s", "uncertain-baseline", "-m", "toolkit", "--samples", 7, "--replications", 2, "--seed", 9, "--out", out)
    expected = pd.read_csv(out)
    df = natosim.experiment("uncertain-baseline", "toolkit", samples=7, replications=2, seed=9)
    assert list(df.columns) == list(expected.columns)
    assert len(df) == len(expected) == 7 * 3 * 2  # samples × lever levels × replications
    for c in expected.columns:
        if expected[c].dtype.kind == "f":
            np.testing.assert_array_equal(df[c].to_numpy(dtype=float), expected[c].to_numpy(), err_msg=c)
        else:
            assert [str(x) for x in df[c]] == [str(x) for x in expected[c]], c
    # Rows of the table, computed in ranges, are the table.
    parts = pd.concat([natosim.experiment("uncertain-baseline", "toolkit", samples=7, replications=2, seed=9, start=a, end=b)
                       for a, b in [(0, 5), (5, 29), (29, 42)]], ignore_index=True)
    pd.testing.assert_frame_equal(parts, df)


def test_sensitivity_equals_cli_json(cli_json):
    r = natosim.sensitivity("uncertain-baseline", "european-defence-union", metric="p_attack", method="morris", samples=6, seed=2)
    cli = cli_json("sensitivity", "-s", "uncertain-baseline", "-m", "european-defence-union", "--metric", "p_attack",
                   "--method", "morris", "--samples", 6, "--seed", 2)
    assert r.result == cli
    assert len(r.indices) == len(cli["parameters"])
    assert len(r.samples) == len(r.outputs) == cli["evaluations"]


def test_discover_equals_cli_json(cli_json):
    d = natosim.discover("uncertain-baseline", "toolkit", condition="p_attack > 0.1", samples=150, seed=4)
    cli = cli_json("discover", "-s", "uncertain-baseline", "-m", "toolkit", "--where", "p_attack > 0.1", "--samples", 150, "--seed", 4)
    assert d.result == cli
    assert len(d.experiments) == 150
    assert d.experiments["interest"].sum() == cli["cases_of_interest"]


def test_members_equals_cli_json(cli_json):
    df = natosim.members("baseline", "toolkit", runs=20, seed=1)
    cli = cli_json("members", "-s", "baseline", "-m", "toolkit", "-r", 20, "--seed", 1)
    assert df.attrs["result"]["allies"] == cli["allies"]
    assert len(df) == len(cli["rows"])
    assert df.to_dict("records")[0] == {k: v for k, v in cli["rows"][0].items()}


def test_shipped_lists_equal_cli(cli):
    names = [line.split()[0] for line in cli("scenarios").splitlines() if line.strip()]
    assert list(natosim.scenarios()["name"]) == names
    metrics = json.loads(cli("metrics", "--format", "json"))
    assert natosim.metrics().to_dict("records") == metrics
