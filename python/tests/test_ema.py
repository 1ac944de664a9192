"""natosim as an EMA Workbench model: declarations in, experiments, PRIM and feature scores out."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

import natosim
import natosim.ema

ema = pytest.importorskip("ema_workbench")
from ema_workbench import MultiprocessingEvaluator, SequentialEvaluator, perform_experiments  # noqa: E402
from ema_workbench.analysis import feature_scoring, prim  # noqa: E402
from ema_workbench.em_framework.samplers import LHSSampler  # noqa: E402


@pytest.fixture(scope="module")
def model():
    return natosim.ema.model("uncertain-baseline", "toolkit", seed=5)


def test_the_model_carries_the_scenarios_declarations(model):
    s = natosim.load_scenario("uncertain-baseline")
    assert [u.name for u in model.uncertainties] == [u["path"] for u in s.uncertainties]
    assert [lv.name for lv in model.levers] == [lv["path"] for lv in s.levers]
    assert [o.name for o in model.outcomes] == s.outcomes
    # Distributions as declared: a triangular uncertainty keeps its bounds and mode.
    tri = next(u for u in s.uncertainties if u["dist"]["dist"] == "triangular")
    p = next(u for u in model.uncertainties if u.name == tri["path"])
    assert p.lower_bound == pytest.approx(tri["dist"]["low"]) and p.upper_bound == pytest.approx(tri["dist"]["high"])
    lever = s.levers[0]
    assert len(next(iter(model.levers)).categories) == len(lever["levels"])


def test_the_model_function_pickles_and_is_deterministic(model):
    fn = pickle.loads(pickle.dumps(model.function))
    s = natosim.load_scenario("uncertain-baseline")
    kwargs = {u["path"]: u["nominal"] for u in s.uncertainties}
    a, b = fn(**kwargs), model.function(**kwargs)
    assert a == b and set(a) == set(s.outcomes)
    kwargs2 = dict(kwargs)
    first = s.uncertainties[0]["path"]
    kwargs2[first] = s.uncertainties[0]["bounds"][1]
    assert natosim.ema.run_index(list(kwargs.values()), []) != natosim.ema.run_index(list(kwargs2.values()), [])


def _run(model, evaluator_cls, **kw):
    with evaluator_cls(model, **kw) as evaluator:
        return evaluator.perform_experiments(scenarios=24, policies=2, uncertainty_sampling=LHSSampler(), lever_sampling=LHSSampler())


def test_sequential_and_multiprocessing_evaluators_agree(model):
    # EMA's samplers draw from numpy's global generator: seeding it fixes the design.
    np.random.seed(11)
    exp_seq, out_seq = _run(model, SequentialEvaluator)
    np.random.seed(11)
    exp_mp, out_mp = _run(model, MultiprocessingEvaluator, n_processes=2)
    cols = [u.name for u in model.uncertainties]
    # Same design (same numpy seed) → same outcomes, whichever evaluator ran them.
    key = lambda e: e[cols].round(12).astype(str).agg("|".join, axis=1) + e[[lv.name for lv in model.levers]].astype(str).agg("|".join, axis=1)
    seq = pd.DataFrame(out_seq).assign(k=key(exp_seq)).sort_values("k").reset_index(drop=True)
    mp = pd.DataFrame(out_mp).assign(k=key(exp_mp)).sort_values("k").reset_index(drop=True)
    assert len(seq) == 48
    pd.testing.assert_frame_equal(seq, mp)


def test_prim_and_feature_scoring_run_on_the_results(model):
    np.random.seed(3)
    experiments, outcomes = perform_experiments(model, scenarios=150)
    x = experiments[[u.name for u in model.uncertainties]]
    y = outcomes["p_attack"] > np.quantile(outcomes["p_attack"], 0.75)
    assert 0 < y.sum() < len(y)
    box = prim.Prim(x, y, threshold=0.5).find_box()
    assert box.coverage > 0
    scores = feature_scoring.get_feature_scores_all(x, {k: v for k, v in outcomes.items()})
    assert set(scores.index) == set(x.columns)
    assert np.isfinite(scores.to_numpy()).all()


def test_replications_give_independent_runs_averaged():
    m = natosim.ema.model("uncertain-baseline", "status-quo", replications=3, outcomes=["cohesion"], seed=4)
    experiments, outcomes = perform_experiments(m, scenarios=4)
    assert outcomes["cohesion"].shape == (4,)
    names = [u.name for u in m.uncertainties]
    row = experiments.iloc[0]
    kwargs = {n: row[n] for n in names}
    reps = [m.function(replication=r, **kwargs)["cohesion"] for r in range(3)]
    assert len(set(reps)) == 3  # independent random streams
    assert outcomes["cohesion"][0] == pytest.approx(np.mean(reps), rel=1e-12)


def test_bad_model_and_inputs_are_typed_errors(model):
    with pytest.raises(natosim.ScenarioError):
        natosim.ema.model("uncertain-baseline", "toolkti")
    with pytest.raises(ValueError, match="unknown model input"):
        model.function(**{"no.such.parameter": 1.0})
    with pytest.raises(ValueError, match="outcomes"):
        natosim.ema.model("uncertain-baseline", "toolkit", outcomes=["nope"])
