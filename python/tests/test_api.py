"""The pythonic API: scenarios, overrides, typed errors, pickling, the GIL."""

from __future__ import annotations

import pickle
import threading
import time

import numpy as np
import pytest

import natosim
from conftest import cli_error


def test_overrides_change_the_scenario_and_the_results():
    s = natosim.load_scenario("baseline", overrides={"russia.concentration": 0.45, "models.toolkit.decision_rule": "qualified-majority"})
    assert s.get("russia.concentration") == 0.45
    assert s.get("models.toolkit.decision_rule") == "qualified-majority"
    base = natosim.runs("baseline", "toolkit", runs=40, seed=1)
    changed = natosim.runs(s, "toolkit", runs=40, seed=1)
    assert not base.equals(changed)
    # The same overrides through the keyword give the same rows.
    again = natosim.runs("baseline", "toolkit", runs=40, seed=1,
                         overrides={"russia.concentration": 0.45, "models.toolkit.decision_rule": "qualified-majority"})
    assert again.equals(changed)
    assert "qualified-majority" in s.to_toml()


def test_text_scenarios_extend_shipped_ones_and_files_load_like_the_cli(tmp_path, cli):
    s = natosim.load_scenario(text='extends = "uncertain-baseline"\n[russia]\nconcentration = 0.35\n')
    assert s.get("russia.concentration") == 0.35
    assert len(s.uncertainties) > 0
    base = tmp_path / "base.toml"
    base.write_text('extends = "baseline"\n[scenario]\nseed = 99\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    mine = sub / "mine.toml"
    mine.write_text('extends = "../base.toml"\n[russia]\nconcentration = 0.25\n')
    f = natosim.load_scenario(str(mine))
    assert f.seed == 99 and f.get("russia.concentration") == 0.25
    # The recipe carries the texts, so it loads the same without the files.
    clone = pickle.loads(pickle.dumps(f))
    base.unlink()
    assert clone.get("russia.concentration") == 0.25 and clone.seed == 99
    assert clone.title == "mine"


def test_scenarios_pickle_small_and_equal():
    s = natosim.load_scenario("uncertain-baseline", overrides={"russia.concentration": 0.3})
    data = pickle.dumps(s)
    assert len(data) < 2000
    t = pickle.loads(data)
    assert t == s and hash(t) == hash(s)
    assert t.uncertainties == s.uncertainties


def test_unknown_parameter_path_is_a_scenario_error_with_path_and_hint():
    with pytest.raises(natosim.ScenarioError) as e:
        natosim.compare("baseline", runs=5, overrides={"russia.concentraton": 0.5})
    err = e.value
    assert isinstance(err, ValueError)
    assert err.file == "<overrides>"
    assert err.path == "russia.concentraton"
    assert "concentration" in err.allowed
    assert err.hint == "did you mean `concentration`?"


def test_out_of_range_and_wrong_type_overrides():
    with pytest.raises(natosim.ScenarioError) as e:
        natosim.load_scenario(overrides={"russia.concentration": 3.0})
    assert e.value.path == "russia.concentration" and e.value.kind == "OutOfRange"
    assert e.value.allowed and "…" in e.value.allowed[0]
    with pytest.raises(natosim.ScenarioError) as e:
        natosim.load_scenario(overrides={"russia.concentration": "lots"})
    assert e.value.kind == "WrongType"
    with pytest.raises(ValueError):
        natosim.load_scenario(overrides={"russia.concentration": [1, 2]})


def test_bad_scenario_file_gives_the_cli_diagnostic(tmp_path, natosim_bin):
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "baseline"\n\n[russia]\nconcentraton = 0.4\n')
    with pytest.raises(natosim.ScenarioError) as e:
        natosim.load_scenario(str(bad))
    err = e.value
    assert err.file == str(bad)
    assert err.path == "russia.concentraton"
    assert err.line == 4
    assert err.hint is not None and "concentration" in err.hint
    # The message is the CLI's text.
    stderr = cli_error(natosim_bin, "validate", str(bad))
    assert str(err) in stderr


def test_unknown_scenario_and_model_name_the_allowed_ones():
    with pytest.raises(natosim.ScenarioError) as e:
        natosim.load_scenario("baselin")
    assert e.value.hint == "did you mean `baseline`?"
    with pytest.raises(natosim.ScenarioError) as e:
        natosim.runs("baseline", "toolkti", runs=3)
    assert "toolkit" in e.value.allowed


def test_bad_arguments_are_value_errors():
    with pytest.raises(ValueError, match="runs must be at least 1"):
        natosim.compare(runs=0)
    with pytest.raises(ValueError, match="seed"):
        natosim.runs(seed=-1)
    with pytest.raises(ValueError, match="design"):
        natosim.experiment(design="grid")
    with pytest.raises(ValueError, match="uncertainty"):
        natosim.compare(runs=3, uncertainty="both")


def test_analysis_errors_are_typed():
    with pytest.raises(natosim.AnalysisError) as e:
        natosim.discover("uncertain-baseline", "toolkit", condition="p_attack > 2", samples=20, seed=1)
    assert e.value.kind == "degenerate-condition"
    with pytest.raises(natosim.AnalysisError) as e:
        natosim.sensitivity("uncertain-baseline", metric="no_such_metric", samples=4)
    assert e.value.kind == "unknown-metric"
    with pytest.raises(natosim.AnalysisError) as e:
        # Only the embedded defaults: nothing declared uncertain.
        natosim.experiment(natosim.load_scenario(text="[russia]\nconcentration = 0.3\n"), samples=3)
    assert e.value.kind == "no-uncertainties"


def test_errors_pickle_with_their_fields():
    try:
        natosim.load_scenario(overrides={"russia.concentraton": 0.5})
    except natosim.ScenarioError as e:
        f = pickle.loads(pickle.dumps(e))
        assert (f.path, f.hint, str(f)) == (e.path, e.hint, str(e))


def test_the_gil_is_released_while_the_engine_runs():
    ticks = 0
    done = threading.Event()

    def work():
        natosim.runs("baseline", "status-quo", runs=3000, seed=1)
        done.set()

    t = threading.Thread(target=work)
    start = time.perf_counter()
    t.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    elapsed = time.perf_counter() - start
    # Holding the GIL for the whole run would leave the loop one or two ticks.
    assert elapsed > 0.05 and ticks > 10, (elapsed, ticks)


def test_run_series_xarray_and_trace():
    r = natosim.run("baseline", "toolkit", runs=16, seed=2)
    assert set(r.series["field"]) >= {"cohesion", "deterrence"}
    t = natosim.trace("baseline", "toolkit", run=3, seed=2)
    assert len(t) == r.series["month"].nunique()
    assert np.isfinite(t["cohesion"]).all()
    pytest.importorskip("xarray")
    ds = r.series_xarray()
    assert "cohesion_mean" in ds


def test_parameters_list_the_registry():
    p = natosim.parameters()
    assert "russia.concentration" in set(p["path"])
    assert {"path", "kind", "low", "high", "unit"} <= set(p.columns)


def test_the_docstring_examples_run():
    import doctest

    import natosim.errors

    for module in (natosim, natosim.errors):
        failed, attempted = doctest.testmod(
            module, extraglobs={"natosim": natosim}, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
        )
        assert attempted > 0 and failed == 0, module.__name__


def test_ctrl_c_stops_a_long_run_within_a_chunk(tmp_path):
    import signal
    import subprocess
    import sys

    # The child installs Python's Ctrl-C handler itself: a process started in the background by
    # a non-interactive shell inherits SIGINT as ignored, and Python then keeps it ignored, so
    # the interrupt would never arrive (it did not when CI was launched with `cmd &`).
    script = (
        "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "import natosim; print('ready', flush=True); "
        "natosim.runs('baseline', 'toolkit', runs=10**6, seed=1)"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=tmp_path,  # not python/: its source tree (no compiled extension) would shadow the package
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    time.sleep(1.0)
    start = time.perf_counter()
    child.send_signal(signal.SIGINT)
    try:
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()
    # A million runs take many minutes; the interrupt ends them within one chunk.
    assert child.returncode != 0 and "KeyboardInterrupt" in err, err[-500:]
    assert time.perf_counter() - start < 60
