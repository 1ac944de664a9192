"""SALib problem dicts from a scenario's uncertainties, and back.

:func:`problem` gives the ``problem`` dict SALib's samplers and analysers take — ``num_vars``,
``names``, ``bounds``, ``dists`` (and ``groups`` where the scenario groups parameters) —
with each declared distribution in SALib's convention:

==================  ==========  =========================================
natosim             SALib       ``bounds`` entry
==================  ==========  =========================================
uniform             unif        ``[low, high]``
triangular          triang      ``[low, high, (mode − low) / (high − low)]``
normal              norm        ``[mean, sd]``
truncated-normal    truncnorm   ``[low, high, mean, sd]``
log-uniform         logunif     ``[low, high]``
==================  ==========  =========================================

(``choice`` has no SALib counterpart and is refused.) :func:`declarations` turns a problem
dict back into ``[uncertainties."PATH"]`` tables, :func:`scenario` into a scenario that
extends another: ``problem(scenario(problem(s), extends=...))`` is ``problem(s)``.

:func:`evaluate` runs a SALib sample (parameter values, one row per evaluation) through a
model and returns one metric per row, ready for ``SALib.analyze``::

    from SALib.sample import sobol as sobol_sample
    from SALib.analyze import sobol
    import natosim.salib

    p = natosim.salib.problem("uncertain-baseline")
    X = sobol_sample.sample(p, 64)
    Y = natosim.salib.evaluate("uncertain-baseline", "toolkit", X, metric="p_attack",
                               block=p["num_vars"] + 2)
    Si = sobol.analyze(p, Y)
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional, Sequence

import numpy as np

from . import _natosim
from . import Scenario, ScenarioLike, Value, _count, _seed, load_scenario

__all__ = ["problem", "declarations", "scenario", "evaluate"]


def problem(scenario: ScenarioLike = "uncertain-baseline", *, overrides: Optional[Mapping[str, Value]] = None) -> Dict[str, Any]:
    """The SALib problem dict of the scenario's declared uncertainties."""
    s = load_scenario(scenario, overrides=overrides)
    us = s.uncertainties
    if not us:
        raise ValueError(f"{s.title}: declares no uncertainties; SALib needs at least one")
    bounds: List[List[float]] = []
    dists: List[str] = []
    for u in us:
        d, kind = u["dist"], u["dist"]["dist"]
        if kind == "uniform":
            dists.append("unif")
            bounds.append([d["low"], d["high"]])
        elif kind == "triangular":
            dists.append("triang")
            bounds.append([d["low"], d["high"], (d["mode"] - d["low"]) / (d["high"] - d["low"])])
        elif kind == "normal":
            dists.append("norm")
            bounds.append([d["mean"], d["sd"]])
        elif kind == "truncated-normal":
            dists.append("truncnorm")
            bounds.append([d["low"], d["high"], d["mean"], d["sd"]])
        elif kind == "log-uniform":
            dists.append("logunif")
            bounds.append([d["low"], d["high"]])
        else:
            raise ValueError(f"uncertainty `{u['path']}`: SALib has no counterpart of `{kind}`")
    out: Dict[str, Any] = {
        "num_vars": len(us),
        "names": [u["path"] for u in us],
        "bounds": bounds,
        "dists": dists,
    }
    if any(u.get("group") for u in us):
        out["groups"] = [u.get("group") or u["path"] for u in us]
    return out


def _dist_table(name: str, kind: str, b: Sequence[float]) -> Dict[str, Any]:
    if kind == "unif":
        return {"dist": "uniform", "low": b[0], "high": b[1]}
    if kind == "triang":
        low, high, c = b
        return {"dist": "triangular", "low": low, "mode": low + c * (high - low), "high": high}
    if kind == "norm":
        return {"dist": "normal", "mean": b[0], "sd": b[1]}
    if kind == "truncnorm":
        return {"dist": "truncated-normal", "low": b[0], "high": b[1], "mean": b[2], "sd": b[3]}
    if kind == "logunif":
        return {"dist": "log-uniform", "low": b[0], "high": b[1]}
    raise ValueError(f"`{name}`: SALib distribution `{kind}` has no natosim counterpart (unif, triang, norm, truncnorm, logunif)")


def declarations(problem: Mapping[str, Any]) -> str:
    """``[uncertainties."PATH"]`` tables (TOML) declaring the problem's parameters."""
    names = list(problem["names"])
    bounds = list(problem["bounds"])
    dists = list(problem.get("dists") or ["unif"] * len(names))
    groups = problem.get("groups")
    if not (len(names) == len(bounds) == len(dists)) or problem.get("num_vars", len(names)) != len(names):
        raise ValueError("problem: num_vars, names, bounds and dists must agree in length")
    lines: List[str] = []
    for i, (name, b, kind) in enumerate(zip(names, bounds, dists)):
        table = _dist_table(name, kind, [float(x) for x in b])
        if groups is not None and groups[i] != name:
            table["group"] = groups[i]
        lines.append(f"[uncertainties.{json.dumps(name)}]")
        for k, v in table.items():
            lines.append(f"{k} = {json.dumps(v)}")
        lines.append("")
    return "\n".join(lines)


def scenario(
    problem: Mapping[str, Any],
    *,
    extends: Optional[str] = "baseline",
    name: str = "salib-problem",
    outcomes: Optional[Sequence[str]] = None,
) -> Scenario:
    """A scenario extending ``extends`` (a shipped name; ``None``: only the embedded defaults)
    that declares the problem's uncertainties.

    Declarations add up across layers: the problem's parameters are declared on top of any
    that ``extends`` declares (a path declared in both takes the problem's distribution).
    With ``extends=None``, ``problem(scenario(p, extends=None)) == p``.
    """
    head = "" if extends is None else f"extends = {json.dumps(extends)}\n\n"
    text = head + declarations(problem)
    if outcomes:
        text += f"\n[outcomes]\nmetrics = {json.dumps(list(outcomes))}\n"
    return load_scenario(name, text=text)


def evaluate(
    scenario: ScenarioLike,
    model: str,
    X: Any,
    *,
    metric: str,
    seed: Optional[int] = None,
    block: int = 1,
    overrides: Optional[Mapping[str, Value]] = None,
) -> np.ndarray:
    """Runs each row of ``X`` (values of the declared uncertainties, declaration order) once.

    Row ``i`` runs as run ``i // block``: with ``block = num_vars + 2`` the rows of one
    Saltelli block share their random numbers (natosim's own convention), so that
    differences within a block measure the parameters, not the noise. Levers keep the
    scenario's values.
    """
    s = load_scenario(scenario, overrides=overrides)
    names = _natosim.metric_names()
    if metric not in names:
        raise ValueError(f"metric: `{metric}` is not one of {', '.join(names)}")
    k = names.index(metric)
    x = np.asarray(X, dtype=float)
    if x.ndim != 2 or x.shape[1] != len(s.uncertainties):
        raise ValueError(f"X: a matrix with {len(s.uncertainties)} columns (the declared uncertainties), not shape {x.shape}")
    b = _count("block", block, 1)
    handle, sd = s._load(), _seed(seed, s)
    return np.array([_natosim.evaluate(handle, model, list(row), [], sd, i // b)[k] for i, row in enumerate(x)])
