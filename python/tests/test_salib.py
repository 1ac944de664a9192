"""SALib problem dicts: from a scenario, back to a scenario, and through SALib."""

from __future__ import annotations

import numpy as np
import pytest

import natosim
import natosim.salib

SALib = pytest.importorskip("SALib")
from SALib.analyze import morris as morris_analyze  # noqa: E402
from SALib.sample import morris as morris_sample  # noqa: E402


def test_problem_round_trips_through_a_scenario():
    p = natosim.salib.problem("uncertain-baseline")
    s = natosim.load_scenario("uncertain-baseline")
    assert p["names"] == [u["path"] for u in s.uncertainties]
    assert p["num_vars"] == len(s.uncertainties)
    assert set(p["dists"]) <= {"unif", "triang", "norm", "truncnorm", "logunif"}
    assert "groups" in p  # the scenario groups its parameters
    back = natosim.salib.scenario(p, extends=None, name="from-salib")
    # One layer's declarations come in path order; each parameter keeps its distribution
    # (a triangular mode goes through SALib's relative peak and back, hence approx).
    _same(_by_name(natosim.salib.problem(back)), _by_name(p))
    # Over a scenario that declares uncertainties of its own, the problem's come on top.
    over = natosim.salib.problem(natosim.salib.scenario(p, extends="tariff-war-greenland"))
    assert set(over["names"]) == set(p["names"])
    for name, b, d in zip(p["names"], p["bounds"], p["dists"]):
        i = over["names"].index(name)
        assert over["dists"][i] == d
        np.testing.assert_allclose(over["bounds"][i], b, rtol=1e-12)


def _by_name(p):
    order = sorted(range(p["num_vars"]), key=lambda i: p["names"][i])
    out = {"num_vars": p["num_vars"], "names": [p["names"][i] for i in order], "bounds": [p["bounds"][i] for i in order],
           "dists": [p["dists"][i] for i in order]}
    if "groups" in p:
        out["groups"] = [p["groups"][i] for i in order]
    return out


def _same(a, b):
    assert a["names"] == b["names"] and a["dists"] == b["dists"] and a.get("groups") == b.get("groups")
    np.testing.assert_allclose(np.concatenate(a["bounds"]), np.concatenate(b["bounds"]), rtol=1e-12)
    return True


def test_declarations_cover_every_distribution():
    p = {
        "num_vars": 5,
        "names": ["russia.concentration", "russia.attack_hazard_max", "spending.threat_sensitivity", "decision.base_days", "russia.probe_gain"],
        "bounds": [[0.1, 0.5, 0.5], [0.02, 0.1], [8.77, 1.0], [2.0, 20.0, 8.0, 3.0], [0.5, 5.0]],
        "dists": ["triang", "unif", "norm", "truncnorm", "logunif"],
    }
    s = natosim.salib.scenario(p, extends="baseline")
    # The baseline declares uncertainties of its own; ours are declared on top of them.
    ours = {u["path"]: u["dist"] for u in s.uncertainties}
    tri = ours["russia.concentration"]
    assert (tri["dist"], tri["low"], tri["high"]) == ("triangular", 0.1, 0.5) and tri["mode"] == pytest.approx(0.3, rel=1e-12)
    assert ours["spending.threat_sensitivity"] == {"dist": "normal", "mean": 8.77, "sd": 1.0}
    assert ours["decision.base_days"]["dist"] == "truncated-normal"
    assert ours["russia.probe_gain"]["dist"] == "log-uniform"
    with pytest.raises(ValueError, match="no natosim counterpart"):
        natosim.salib.declarations({**p, "dists": ["weibull"] * 5})


def test_a_salib_morris_analysis_runs_on_natosim():
    p = natosim.salib.problem("uncertain-baseline")
    X = morris_sample.sample(p, N=4, num_levels=4, seed=1)
    Y = natosim.salib.evaluate("uncertain-baseline", "european-defence-union", X, metric="deterrence", seed=3, block=p["num_vars"] + 1)
    assert Y.shape == (len(X),) and np.isfinite(Y).all()
    # Deterministic: the same sample gives the same outputs.
    Y2 = natosim.salib.evaluate("uncertain-baseline", "european-defence-union", X, metric="deterrence", seed=3, block=p["num_vars"] + 1)
    np.testing.assert_array_equal(Y, Y2)
    Si = morris_analyze.analyze(p, X, Y, num_levels=4, seed=1)
    assert len(Si["mu_star"]) == len(set(p["groups"]))


def test_evaluate_checks_its_input():
    with pytest.raises(ValueError, match="columns"):
        natosim.salib.evaluate("uncertain-baseline", "toolkit", np.zeros((3, 2)), metric="deterrence")
    with pytest.raises(ValueError, match="metric"):
        natosim.salib.evaluate("uncertain-baseline", "toolkit", np.zeros((1, 17)), metric="nope")
