"""natosim as an EMA Workbench model.

:func:`model` turns a scenario's declarations into an :class:`ema_workbench.Model`:

* each ``[uncertainties."PATH"]`` becomes a parameter of that name with the declared
  distribution (``uniform`` → ``RealParameter``; ``normal``, ``truncated-normal``,
  ``triangular``, ``log-uniform`` → ``RealParameter.from_dist`` with the scipy
  distribution; ``choice`` → ``CategoricalParameter``), so EMA's samplers draw what
  natosim's own designs draw;
* each ``[levers."PATH"]`` becomes a ``CategoricalParameter`` of its levels;
* each outcome metric (``[outcomes] metrics``, or all) becomes a ``ScalarOutcome``.

The model function is a picklable object (:class:`ModelFunction`), so the model runs under
EMA's ``SequentialEvaluator`` and ``MultiprocessingEvaluator`` alike and its results feed
``prim.Prim`` and ``feature_scoring`` unchanged::

    from ema_workbench import perform_experiments
    from ema_workbench.analysis import prim
    import natosim.ema

    m = natosim.ema.model("uncertain-baseline", "toolkit")
    experiments, outcomes = perform_experiments(m, scenarios=200)
    p = prim.Prim(experiments[[u.name for u in m.uncertainties]],
                  outcomes["p_attack"] > 0.2, threshold=0.6)

**Random numbers.** Each evaluation is one run of the engine. Its run index is a hash of
the parameter values (and the replication), so the same experiment gives the same
outcomes whichever evaluator, process or order runs it; different experiments get
independent random streams.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence

import numpy as np

from . import _natosim
from . import Scenario, ScenarioLike, Value, _count, _seed, load_scenario

__all__ = ["model", "ModelFunction", "run_index"]


def run_index(values: Sequence[float], levels: Sequence[int], replication: int = 0) -> int:
    """The run index of an evaluation: a 64-bit hash of its inputs (shortest float repr)."""
    key = repr((tuple(float(v) for v in values), tuple(int(i) for i in levels), int(replication)))
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


class ModelFunction:
    """The EMA model function: keyword arguments (parameter paths) → outcomes.

    Uncertainties missing from the call keep the scenario's value; levers are set all
    together (each to the level whose value was passed) or, if none is passed, keep the
    scenario's values. Picklable: it carries the scenario's recipe, not the loaded one.
    """

    def __init__(self, scenario: Scenario, model: str, seed: int, outcomes: Sequence[str]) -> None:
        self.scenario = scenario
        self.model = model
        self.seed = int(seed)
        self.outcomes = list(outcomes)
        info = scenario.info
        self._uncertainties = [(u["path"], u.get("nominal")) for u in info["uncertainties"]]
        self._levers = [(lv["path"], list(lv["levels"])) for lv in info["levers"]]
        names = _natosim.metric_names()
        unknown = [o for o in self.outcomes if o not in names]
        if unknown:
            raise ValueError(f"outcomes: unknown metric(s) {unknown}; allowed: {', '.join(names)}")
        self._index = [names.index(o) for o in self.outcomes]

    def __getstate__(self) -> Dict[str, Any]:
        return {"scenario": self.scenario, "model": self.model, "seed": self.seed, "outcomes": self.outcomes}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__init__(state["scenario"], state["model"], state["seed"], state["outcomes"])  # type: ignore[misc]

    def __call__(self, replication: int = 0, **kwargs: Any) -> Dict[str, float]:
        values: List[float] = []
        for path, nominal in self._uncertainties:
            v = kwargs.pop(path, nominal)
            if v is None:
                raise ValueError(f"uncertainty `{path}`: no value given and no nominal value")
            values.append(float(v))
        levels: List[int] = []
        given = [p for p, _ in self._levers if p in kwargs]
        if given and len(given) != len(self._levers):
            missing = [p for p, _ in self._levers if p not in kwargs]
            raise ValueError(f"levers: give all of them or none; missing {missing}")
        for path, lv in self._levers if given else []:
            v = kwargs.pop(path)
            levels.append(_level(path, v, lv))
        if kwargs:
            raise ValueError(
                f"unknown model input(s) {sorted(kwargs)}; the scenario declares "
                f"uncertainties {[p for p, _ in self._uncertainties]} and levers {[p for p, _ in self._levers]}"
            )
        run = run_index(values, levels, replication)
        out = _natosim.evaluate(self.scenario._load(), self.model, values, levels, self.seed, run)
        return {name: out[i] for name, i in zip(self.outcomes, self._index)}


def _level(path: str, value: Any, levels: List[Any]) -> int:
    for i, lv in enumerate(levels):
        if lv == value or (isinstance(lv, float) and isinstance(value, (int, float)) and math.isclose(lv, value)):
            return i
    raise ValueError(f"lever `{path}`: {value!r} is not one of its levels {levels}")


def model(
    scenario: ScenarioLike = "uncertain-baseline",
    model_id: str = "status-quo",
    *,
    seed: Optional[int] = None,
    outcomes: Optional[Sequence[str]] = None,
    replications: int = 1,
    aggregate: Optional[Callable[[Any], float]] = np.mean,
    name: Optional[str] = None,
    overrides: Optional[Mapping[str, Value]] = None,
) -> Any:
    """An ``ema_workbench.Model`` of ``model_id`` on ``scenario``, from its declarations.

    ``outcomes`` defaults to the scenario's declared outcome metrics (or all metrics).
    With ``replications > 1`` it is a ``ReplicatorModel``: each experiment runs that many
    times with independent random streams, and each outcome is ``aggregate`` (default the
    mean) of the replications — or, with ``aggregate=None``, an ``ArrayOutcome`` of them
    (EMA registers outcome classes by name per process, so one process cannot mix scalar
    and array outcomes of the same metric).
    ``name`` defaults to ``natosim`` plus the model id's letters (EMA wants alphanumerics).
    """
    try:
        import ema_workbench as ema
        import scipy.stats as st
    except ImportError as e:  # pragma: no cover - the message is the point
        raise ImportError("natosim.ema needs the EMA Workbench: pip install ema_workbench") from e

    s = load_scenario(scenario, overrides=overrides)
    if model_id not in s.models:
        # The engine's ScenarioError names the allowed models and a close one.
        _natosim.evaluate(s._load(), model_id, [], [], 0, 0)
    outs = list(outcomes) if outcomes is not None else s.outcomes
    fn = ModelFunction(s, model_id, _seed(seed, s), outs)
    reps = _count("replications", replications, 1)
    label = name or "natosim" + "".join(c for c in model_id if c.isalnum())
    m = ema.ReplicatorModel(label, function=fn) if reps > 1 else ema.Model(label, function=fn)
    if reps > 1:
        m.replications = [{"replication": r} for r in range(reps)]

    uncertainties = []
    constants = []
    for u in s.uncertainties:
        path, d = u["path"], u["dist"]
        kind = d["dist"]
        if kind == "uniform":
            uncertainties.append(ema.RealParameter(path, d["low"], d["high"]))
        elif kind == "choice":
            vals = list(d["values"])
            if len(vals) == 1:
                constants.append(ema.Constant(path, vals[0]))
            else:
                uncertainties.append(ema.CategoricalParameter(path, vals))
        else:
            if kind == "normal":
                dist = st.norm(loc=d["mean"], scale=d["sd"])
            elif kind == "truncated-normal":
                a, b = (d["low"] - d["mean"]) / d["sd"], (d["high"] - d["mean"]) / d["sd"]
                dist = st.truncnorm(a, b, loc=d["mean"], scale=d["sd"])
            elif kind == "triangular":
                width = d["high"] - d["low"]
                dist = st.triang((d["mode"] - d["low"]) / width, loc=d["low"], scale=width)
            elif kind == "log-uniform":
                dist = st.loguniform(d["low"], d["high"])
            else:
                raise ValueError(f"uncertainty `{path}`: distribution `{kind}` has no EMA counterpart")
            uncertainties.append(ema.RealParameter.from_dist(path, dist, variable_name=[path]))
    levers = []
    for lv in s.levers:
        if len(lv["levels"]) == 1:
            constants.append(ema.Constant(lv["path"], lv["levels"][0]))
        else:
            levers.append(ema.CategoricalParameter(lv["path"], list(lv["levels"])))
    m.uncertainties = uncertainties
    m.levers = levers
    if constants:
        m.constants = constants
    if reps == 1:
        m.outcomes = [ema.ScalarOutcome(o) for o in outs]
    elif aggregate is not None:
        m.outcomes = [ema.ScalarOutcome(o, function=aggregate) for o in outs]
    else:
        m.outcomes = [ema.ArrayOutcome(o) for o in outs]
    return m
