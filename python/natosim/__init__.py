"""natosim from Python: the institutional models of NATO's future, in pandas.

natosim simulates four models of the alliance — status quo, transatlantic-minus, the
European defence union and the toolkit — month by month, many times over, and reports
what they do to cohesion, deterrence and capacity to act. This package is a thin layer
over the Rust library (the same code and the same numbers as the ``natosim`` command for
the same seed), returning pandas DataFrames.

Quick start::

    >>> import natosim
    >>> df = natosim.compare(scenario="baseline", runs=200, seed=7)
    >>> df.columns.tolist()[:6]
    ['model', 'label', 'metric', 'mean', 'p05', 'p50']

Workflows (each takes a scenario name, a path, or a :class:`Scenario`, and ``overrides``,
a dict of parameter paths to values):

* :func:`compare` — the models side by side: one row per model × metric;
* :func:`runs` — one row per run with every metric; :func:`run` — an ensemble's summary
  and monthly series; :func:`trace` — one run month by month;
* :func:`members` — each ally's path by year;
* :func:`experiment` — a design over the declared uncertainties × levers, one row a run;
* :func:`sensitivity` — Sobol' indices or Morris effects of one metric;
* :func:`discover` — PRIM boxes and feature scores for a condition on one metric.

Adapters: :mod:`natosim.ema` (EMA Workbench), :mod:`natosim.salib` (SALib problem dicts),
:mod:`natosim.dask` (deterministic chunks on a ``dask.distributed`` cluster).
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _natosim
from .errors import AnalysisError, NatosimError, ScenarioError

__version__: str = _natosim.__version__

__all__ = [
    "Scenario",
    "ScenarioError",
    "AnalysisError",
    "NatosimError",
    "RunResult",
    "Sensitivity",
    "Discovery",
    "load_scenario",
    "scenarios",
    "metrics",
    "parameters",
    "compare",
    "run",
    "runs",
    "trace",
    "members",
    "experiment",
    "sensitivity",
    "discover",
    "set_threads",
    "__version__",
]

Value = Union[bool, int, float, str]

# Loaded scenarios by recipe (a few dozen at most; the handle is immutable).
_LOADED: Dict[Any, Any] = {}
ScenarioLike = Union[str, "os.PathLike[str]", "Scenario"]


class Scenario:
    """A loaded, validated scenario: a shipped name, a file, or a TOML text, with overrides.

    A ``Scenario`` is a recipe — the root name, the texts of any files it was read from
    and the overrides — so it pickles small and loads the same in another process or on
    another machine (EMA's multiprocessing evaluator, Dask workers). Use
    :func:`load_scenario` to make one.

    Example::

        >>> s = natosim.load_scenario("uncertain-baseline")
        >>> s.models[:2]
        ['status-quo', 'transatlantic-minus']
        >>> s.with_overrides({"russia.concentration": 0.5}).get("russia.concentration")
        0.5
    """

    __slots__ = ("name", "texts", "overrides", "_handle", "_info")

    def __init__(
        self,
        name: str,
        texts: Optional[Mapping[str, str]] = None,
        overrides: Union[Mapping[str, Value], Iterable[Tuple[str, Value]], None] = None,
    ) -> None:
        self.name: str = str(name)
        self.texts: Dict[str, str] = dict(texts or {})
        self.overrides: Tuple[Tuple[str, Value], ...] = _override_pairs(overrides)
        self._handle: Any = None
        self._info: Optional[Dict[str, Any]] = None
        self._load()

    def _load(self) -> Any:
        if self._handle is None:
            # Unpickled copies of one recipe (a Dask worker's chunks, EMA's experiments) share
            # one loaded scenario per process instead of parsing and validating it each time.
            key = (self.name, tuple(sorted(self.texts.items())), self.overrides)
            handle = _LOADED.get(key)
            if handle is None:
                handle = _natosim.load_scenario(self.name, self.texts, list(self.overrides), False)
                if len(_LOADED) >= 32:
                    _LOADED.pop(next(iter(_LOADED)))
                _LOADED[key] = handle
            self._handle = handle
        return self._handle

    def __getstate__(self) -> Tuple[str, Dict[str, str], Tuple[Tuple[str, Value], ...]]:
        return (self.name, self.texts, self.overrides)

    def __setstate__(self, state: Tuple[str, Dict[str, str], Tuple[Tuple[str, Value], ...]]) -> None:
        self.name, self.texts, self.overrides = state
        self._handle = None
        self._info = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scenario) and self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash((self.name, tuple(sorted(self.texts.items())), self.overrides))

    def __repr__(self) -> str:
        extra = f", overrides={dict(self.overrides)!r}" if self.overrides else ""
        return f"Scenario({self.name!r}{extra})"

    @property
    def info(self) -> Dict[str, Any]:
        """Metadata, models and declarations (uncertainties, levers, outcomes) as a dict."""
        if self._info is None:
            self._info = json.loads(self._load().info_json())
        return self._info

    @property
    def title(self) -> str:
        """The scenario's name as its ``[scenario] name`` gives it."""
        return str(self.info["name"])

    @property
    def description(self) -> str:
        """The scenario's description."""
        return str(self.info["description"])

    @property
    def seed(self) -> int:
        """The scenario's default root seed."""
        return int(self.info["seed"])

    @property
    def default_runs(self) -> int:
        """The scenario's default number of runs."""
        return int(self.info["runs"])

    @property
    def models(self) -> List[str]:
        """The model ids, in output order."""
        return [m["id"] for m in self.info["models"]]

    @property
    def uncertainties(self) -> List[Dict[str, Any]]:
        """The declared uncertain parameters: path, distribution, bounds, group, nominal value."""
        return list(self.info["uncertainties"])

    @property
    def levers(self) -> List[Dict[str, Any]]:
        """The declared levers: path, levels, nominal value."""
        return list(self.info["levers"])

    @property
    def outcomes(self) -> List[str]:
        """The declared outcome metrics (all metrics if none are declared)."""
        return list(self.info["outcomes"])

    def get(self, path: str) -> Any:
        """The value of the parameter at ``path`` (registry syntax, e.g. ``models.toolkit.decision_rule``)."""
        return json.loads(self._load().get_json(path))

    def with_overrides(self, overrides: Mapping[str, Value]) -> "Scenario":
        """This scenario with more overrides (applied after the existing ones)."""
        return Scenario(self.name, self.texts, self.overrides + _override_pairs(overrides))

    def to_toml(self) -> str:
        """The fully resolved scenario as TOML (all layers and overrides applied)."""
        return str(self._load().toml())


def _override_pairs(
    overrides: Union[Mapping[str, Value], Iterable[Tuple[str, Value]], None],
) -> Tuple[Tuple[str, Value], ...]:
    if overrides is None:
        return ()
    items = overrides.items() if isinstance(overrides, Mapping) else overrides
    out = []
    for item in items:
        path, value = item
        if not isinstance(path, str):
            raise ValueError(f"overrides: a key must be a parameter path (str), not {path!r}")
        if isinstance(value, np.generic):
            value = value.item()
        if not isinstance(value, (bool, int, float, str)):
            raise ValueError(
                f"override `{path}`: a value must be a bool, int, float or str, not {type(value).__name__}"
            )
        out.append((path, value))
    return tuple(out)


def load_scenario(
    scenario: Optional[ScenarioLike] = None,
    *,
    overrides: Optional[Mapping[str, Value]] = None,
    text: Optional[str] = None,
) -> Scenario:
    """Loads a scenario: a shipped name (default ``baseline``), a path to a TOML file, or
    (with ``text``) a TOML text, named ``scenario`` (default ``custom``).

    Names and ``extends`` chains are read as on the command line: ``shipped:NAME`` is a
    shipped scenario, a name with a ``/`` or ending in ``.toml`` a path (in ``extends``,
    relative to the file that writes it), a bare name a shipped scenario or file, and an
    error when it is both (see docs/RELIABILITY.md, "Name resolution"); ``overrides`` set parameters
    by path after loading, e.g. ``{"russia.concentration": 0.5,
    "models.toolkit.decision_rule": "qualified-majority"}`` (paths as in uncertainty and
    lever declarations; ``natosim.parameters()`` lists them).

    Raises :class:`ScenarioError` with the file, field path, allowed values and hint.

    Example::

        >>> s = natosim.load_scenario(text='extends = "baseline"\\n[russia]\\nconcentration = 0.4\\n')
        >>> s.get("russia.concentration")
        0.4
    """
    if isinstance(scenario, Scenario):
        return scenario.with_overrides(overrides) if overrides else scenario
    if text is not None:
        # The text is a scenario of its own name (`custom` unless given); it may extend
        # shipped scenarios.
        name = "custom" if scenario is None else str(scenario)
        if not isinstance(text, str):
            raise ValueError(f"text: a TOML text (str), not {type(text).__name__}")
        return Scenario(name, {name: text}, overrides)
    name = os.fspath("baseline" if scenario is None else scenario)
    if not isinstance(name, str):
        raise ValueError(f"scenario: a name or path (str), not {type(scenario).__name__}")
    pairs = list(_override_pairs(overrides))
    # Load once from the file system, so that errors read exactly as the CLI's.
    _natosim.load_scenario(name, {}, pairs, True)
    texts = _natosim.file_bundle(name) if os.path.exists(name) else {}
    return Scenario(name, texts, pairs)


def _scenario(scenario: ScenarioLike, overrides: Optional[Mapping[str, Value]]) -> Scenario:
    return load_scenario(scenario, overrides=overrides)


def _count(name: str, value: Optional[int], default: int, minimum: int = 1) -> int:
    v = default if value is None else value
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
        raise ValueError(f"{name}: an integer, not {v!r}")
    if v < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {v}")
    return int(v)


def _seed(seed: Optional[int], s: Scenario) -> int:
    if seed is None:
        return s.seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0 or seed >= 2**64:
        raise ValueError(f"seed: an integer in 0 … 2^64 − 1, not {seed!r}")
    return int(seed)


def _model(model: str, s: Scenario) -> str:
    if not isinstance(model, str):
        raise ValueError(f"model: a model id (str), not {model!r}")
    return model


def _f64(buf: bytes, cols: int) -> np.ndarray:
    a = np.frombuffer(buf, dtype="<f8")
    return a.reshape(-1, cols) if cols else a.reshape(0, 0)


def scenarios() -> pd.DataFrame:
    """The shipped scenarios: ``name``, ``title``, ``description`` (``natosim scenarios``)."""
    return pd.DataFrame(json.loads(_natosim.scenarios_json()))


def metrics() -> pd.DataFrame:
    """Every outcome metric: ``name``, ``unit``, ``min``, ``max``, ``definition`` (``natosim metrics``)."""
    return pd.DataFrame(json.loads(_natosim.metrics_json()))


def parameters() -> pd.DataFrame:
    """Every parameter path pattern of the registry (``*`` a model id, ``[]`` an index) with kind, range, unit."""
    return pd.DataFrame(json.loads(_natosim.parameters_json()))


def set_threads(threads: int) -> None:
    """Fixes the number of threads the engine uses in this process (before the first run).

    By default the engine uses every core; several worker processes on one machine (Dask,
    EMA's multiprocessing evaluator) should each use fewer. ``RAYON_NUM_THREADS`` in the
    environment does the same.
    """
    _natosim.set_threads(_count("threads", threads, 1))


def compare(
    scenario: ScenarioLike = "baseline",
    *,
    runs: Optional[int] = None,
    seed: Optional[int] = None,
    models: Optional[Sequence[str]] = None,
    uncertainty: Optional[str] = None,
    overrides: Optional[Mapping[str, Value]] = None,
) -> pd.DataFrame:
    """The models side by side on common random numbers (``natosim compare``).

    Returns one row per model × metric with ``mean``, ``p05``, ``p50``, ``p95``, ``n`` and
    ``uncertainty`` (``aleatory`` or ``combined``); with ``uncertainty="split"`` also the
    aleatory-only summary and ``parameter_share``. ``uncertainty`` defaults as on the
    command line: ``combined`` where the scenario declares uncertain parameters, else
    ``aleatory``. The full result (as the CLI's JSON) is in ``df.attrs["result"]``.

    Example::

        >>> df = natosim.compare(scenario="baseline", runs=1000, seed=7)
        >>> df.set_index(["model", "metric"]).loc[("toolkit", "p_paralysis"), "mean"]  # doctest: +SKIP
    """
    s = _scenario(scenario, overrides)
    n = _count("runs", runs, s.default_runs)
    if models is not None:
        if isinstance(models, str):
            models = [models]
        models = [_model(m, s) for m in models]
    if uncertainty is not None and uncertainty not in ("aleatory", "combined", "split"):
        raise ValueError(f"uncertainty: `{uncertainty}` is not one of aleatory, combined, split")
    result = json.loads(
        _natosim.compare_json(s._load(), None if models is None else list(models), n, _seed(seed, s), uncertainty)
    )
    mode = result["uncertainty"]["mode"]
    kind = "aleatory" if mode == "aleatory" else "combined"
    rows = []
    for m in result["models"]:
        split = dict(_pairs(m.get("split")))
        for name, summary in _pairs(m["metrics"]):
            row = {"model": m["id"], "label": m["label"], "metric": name}
            row.update({k: _num(summary[k]) for k in ("mean", "p05", "p50", "p95")})
            row["n"] = int(summary["n"])
            row["uncertainty"] = kind
            if mode == "split" and name in split:
                sp = split[name]
                for k in ("mean", "p05", "p50", "p95"):
                    row[f"aleatory_{k}"] = _num(sp["aleatory"][k])
                row["parameter_share"] = _num(sp["parameter_share"])
            rows.append(row)
    df = pd.DataFrame(rows)
    df.attrs.update(
        scenario=result["scenario"], seed=result["seed"], runs=result["runs"], uncertainty=mode, result=result
    )
    return df


def _pairs(x: Any) -> List[Tuple[str, Any]]:
    """A JSON map (object, or list of [key, value] pairs) as pairs."""
    if x is None:
        return []
    if isinstance(x, dict):
        return list(x.items())
    return [(k, v) for k, v in x]


def _num(x: Any) -> float:
    return float("nan") if x is None else float(x)


def runs(
    scenario: ScenarioLike = "baseline",
    model: str = "status-quo",
    *,
    runs: Optional[int] = None,
    seed: Optional[int] = None,
    start: int = 0,
    overrides: Optional[Mapping[str, Value]] = None,
) -> pd.DataFrame:
    """One row per run with every metric (index ``run``; NaN where a metric is undefined).

    Runs ``start … start + runs − 1`` of ``model``, each ``engine.run(seed, run)``: any split
    of a range gives the rows of the whole range, and the rows are exactly the runs that
    :func:`run` and ``natosim run`` summarise (parameters at their nominal values).

    Example::

        >>> df = natosim.runs("baseline", "toolkit", runs=100, seed=7)
        >>> len(df), df.index.name
        (100, 'run')
    """
    s = _scenario(scenario, overrides)
    n = _count("runs", runs, s.default_runs)
    first = _count("start", start, 0, minimum=0)
    names = _natosim.metric_names()
    index, buf = _natosim.run_rows(s._load(), _model(model, s), _seed(seed, s), first, first + n)
    df = pd.DataFrame(_f64(buf, len(names)), columns=names, index=pd.Index(np.asarray(index, dtype=np.uint64), name="run"))
    df.attrs.update(scenario=s.title, model=model, seed=_seed(seed, s))
    return df


class RunResult(NamedTuple):
    """An ensemble of one model (``natosim run``): the summary and the monthly series."""

    #: One row per metric (index ``metric``): ``mean``, ``p05``, ``p50``, ``p95``, ``n`` (summary.json).
    summary: pd.DataFrame
    #: Long format, one row per month × field: ``month``, ``field``, ``mean``, ``p05`` … ``p95`` (series.csv).
    series: pd.DataFrame

    def series_xarray(self) -> Any:
        """The monthly series as an ``xarray.Dataset`` (dims ``month``; one variable per field × statistic); needs xarray."""
        import xarray  # noqa: F401  (the error says what is missing)

        wide = self.series.set_index(["month", "field"]).unstack("field")
        wide.columns = [f"{field}_{stat}" for stat, field in wide.columns]
        return wide.to_xarray()


def run(
    scenario: ScenarioLike = "baseline",
    model: str = "status-quo",
    *,
    runs: Optional[int] = None,
    seed: Optional[int] = None,
    overrides: Optional[Mapping[str, Value]] = None,
) -> RunResult:
    """An ensemble of one model: its metric summaries and monthly series (``natosim run``).

    Example::

        >>> r = natosim.run("baseline", "european-defence-union", runs=100, seed=7)
        >>> r.summary.loc["p_paralysis", "mean"]  # doctest: +SKIP
    """
    s = _scenario(scenario, overrides)
    n = _count("runs", runs, s.default_runs)
    out = json.loads(_natosim.run_json(s._load(), _model(model, s), n, _seed(seed, s)))
    summary = pd.DataFrame(
        [{"metric": k, **{f: _num(v[f]) for f in ("mean", "p05", "p50", "p95")}, "n": int(v["n"])} for k, v in _pairs(out["metrics"])]
    ).set_index("metric")
    order = _natosim.metric_names()
    summary = summary.loc[[m for m in order if m in summary.index]]
    series = pd.DataFrame(out["series"])
    for d in (summary, series):
        d.attrs.update(scenario=out["scenario"], model=out["model"], label=out["label"], seed=out["seed"], runs=out["runs"])
    return RunResult(summary, series)


def trace(
    scenario: ScenarioLike = "baseline",
    model: str = "status-quo",
    *,
    run: int = 0,
    seed: Optional[int] = None,
    overrides: Optional[Mapping[str, Value]] = None,
) -> pd.DataFrame:
    """One run month by month: every state variable the engine records (``natosim run --trace``)."""
    s = _scenario(scenario, overrides)
    r = _count("run", run, 0, minimum=0)
    return pd.DataFrame(json.loads(_natosim.trace_json(s._load(), _model(model, s), _seed(seed, s), r)))


def members(
    scenario: ScenarioLike = "baseline",
    model: str = "status-quo",
    *,
    runs: Optional[int] = None,
    seed: Optional[int] = None,
    overrides: Optional[Mapping[str, Value]] = None,
) -> pd.DataFrame:
    """Each ally's path by year with intervals (``natosim members``): one row per ally × year × quantity.

    The full result (allies, years, quantities) is in ``df.attrs["result"]``.
    """
    s = _scenario(scenario, overrides)
    n = _count("runs", runs, s.default_runs)
    result = json.loads(_natosim.members_json(s._load(), _model(model, s), n, _seed(seed, s)))
    df = pd.DataFrame(result["rows"])
    df.attrs.update(result={k: v for k, v in result.items() if k != "rows"}, scenario=result["scenario"])
    return df


def _problem_scenario(scenario: ScenarioLike, overrides: Optional[Mapping[str, Value]]) -> Scenario:
    s = _scenario(scenario, overrides)
    if not s.uncertainties:
        raise AnalysisError(
            f"{s.title}: declares no uncertainties; add [uncertainties.\"PATH\"] tables (docs/ANALYSIS.md) "
            "or use scenario=\"uncertain-baseline\"",
            "no-uncertainties",
        )
    return s


def experiment(
    scenario: ScenarioLike = "uncertain-baseline",
    model: str = "status-quo",
    *,
    design: str = "lhs",
    samples: int = 100,
    replications: int = 1,
    levels: int = 3,
    seed: Optional[int] = None,
    scramble: bool = False,
    start: int = 0,
    end: Optional[int] = None,
    overrides: Optional[Mapping[str, Value]] = None,
) -> pd.DataFrame:
    """A design over the declared uncertainties × every lever combination (``natosim experiment``).

    One row per run, the columns of the CLI's CSV: ``experiment``, ``replication``, ``model``,
    ``seed``, ``run``, one per uncertain parameter, one per lever (its value), one per
    outcome. ``design`` is ``lhs``, ``mc``, ``sobol`` or ``factorial`` (``levels`` per
    continuous uncertainty). ``start``/``end`` select rows of the table: row ``i`` is the
    same whatever range computes it (the basis of :mod:`natosim.dask`).
    """
    s = _problem_scenario(scenario, overrides)
    if design not in ("lhs", "mc", "sobol", "factorial", "latin-hypercube", "monte-carlo"):
        raise ValueError(f"design: `{design}` is not one of lhs, mc, sobol, factorial")
    args = (
        s._load(),
        _model(model, s),
        design,
        _count("levels", levels, 3),
        _count("samples", samples, 100),
        _count("replications", replications, 1),
        _seed(seed, s),
        bool(scramble),
    )
    first = _count("start", start, 0, minimum=0)
    last = 2**63 - 1 if end is None else _count("end", end, 0, minimum=first)
    table_json, exps, reps, run_idx, lever_idx, values, outcomes = _natosim.experiment_rows(*args, first, last)
    return _experiment_frame(s, json.loads(table_json), exps, reps, run_idx, lever_idx, values, outcomes)


def _experiment_frame(
    s: Scenario,
    table: Dict[str, Any],
    exps: List[int],
    reps: List[int],
    run_idx: List[int],
    lever_idx: List[int],
    values: bytes,
    outcomes: bytes,
) -> pd.DataFrame:
    n = len(exps)
    params, levers, outs = table["parameters"], table["levers"], table["outcomes"]
    cols: Dict[str, Any] = {
        "experiment": np.asarray(exps, dtype=np.int64),
        "replication": np.asarray(reps, dtype=np.int64),
        "model": pd.Series([table["model"]] * n, dtype=object),
        "seed": np.full(n, table["seed"], dtype=np.uint64),
        "run": np.asarray(run_idx, dtype=np.uint64),
    }
    v = _f64(values, len(params)) if params else np.empty((n, 0))
    for j, p in enumerate(params):
        cols[p] = v[:, j]
    li = np.asarray(lever_idx, dtype=np.int64).reshape(n, len(levers)) if levers else np.empty((n, 0), dtype=np.int64)
    declared = {lv["path"]: lv["levels"] for lv in s.levers}
    for j, lever in enumerate(levers):
        lv = declared[lever]
        cols[lever] = pd.Series([lv[i] for i in li[:, j]], dtype=object if any(isinstance(x, str) for x in lv) else None)
    o = _f64(outcomes, len(outs)) if outs else np.empty((n, 0))
    for j, name in enumerate(outs):
        cols[name] = o[:, j]
    df = pd.DataFrame(cols)
    df.attrs.update(table=table, scenario=s.title)
    return df


class Sensitivity(NamedTuple):
    """A sensitivity analysis (``natosim sensitivity``)."""

    #: One row per parameter (and group, ``kind == "group"``), as the CLI's results.csv.
    indices: pd.DataFrame
    #: The design's parameter values, one row per evaluation.
    samples: pd.DataFrame
    #: The metric in each evaluation.
    outputs: pd.Series
    #: The full result as the CLI's results.json.
    result: Dict[str, Any]


def sensitivity(
    scenario: ScenarioLike = "uncertain-baseline",
    model: str = "status-quo",
    *,
    metric: str = "p_paralysis",
    method: str = "sobol",
    samples: Optional[int] = None,
    levels: int = 4,
    bootstrap: int = 200,
    seed: Optional[int] = None,
    scramble: bool = False,
    overrides: Optional[Mapping[str, Value]] = None,
) -> Sensitivity:
    """Sobol' indices (``method="sobol"``) or Morris elementary effects of one metric.

    Example::

        >>> r = natosim.sensitivity("uncertain-baseline", "european-defence-union",
        ...                         metric="p_paralysis", samples=64, seed=1)  # doctest: +SKIP
        >>> r.indices.sort_values("st", ascending=False).head()  # doctest: +SKIP
    """
    s = _problem_scenario(scenario, overrides)
    if method not in ("sobol", "morris"):
        raise ValueError(f"method: `{method}` is not one of sobol, morris")
    n = None if samples is None else _count("samples", samples, 1)
    res_json, sbuf, obuf = _natosim.sensitivity_json(
        s._load(), _model(model, s), metric, method, n, _count("levels", levels, 2), _count("bootstrap", bootstrap, 1, 0), _seed(seed, s), bool(scramble)
    )
    result = json.loads(res_json)
    names = [u["path"] for u in s.uncertainties]
    keys = ["s1", "s1_conf", "st", "st_conf"] if method == "sobol" else ["mu_star", "mu_star_conf", "mu", "sigma"]
    rows = []
    for p in result["parameters"]:
        # The measures are flattened into the parameter's object (the CLI's JSON).
        rows.append({"kind": "parameter", "name": p["name"], "group": p.get("group") or "", **{k: _num(p.get(k)) for k in keys}})
    for g in result.get("groups", []):
        inner = g.get("indices", g)
        rows.append({"kind": "group", "name": g["name"], "group": "", **{k: _num(inner.get(k)) for k in keys}})
    indices = pd.DataFrame(rows, columns=["kind", "name", "group", *keys])
    samples_df = pd.DataFrame(_f64(sbuf, len(names)), columns=names)
    outputs = pd.Series(np.frombuffer(obuf, dtype="<f8"), name=metric)
    return Sensitivity(indices, samples_df, outputs, result)


class Discovery(NamedTuple):
    """A scenario discovery (``natosim discover``): where in the uncertainties a condition holds."""

    #: The chosen box: one row per uncertain parameter with ``low``, ``high``, ``restricted``.
    box: pd.DataFrame
    #: The peeling trajectory: ``coverage``, ``density``, ``mass``, ``n`` per step.
    trajectory: pd.DataFrame
    #: Feature scores: ``name``, ``ks`` and the means inside and outside the cases of interest.
    feature_scores: pd.DataFrame
    #: The experiments: parameter values, the metric, and ``interest`` (the condition holds).
    experiments: pd.DataFrame
    #: The full result as the CLI's JSON.
    result: Dict[str, Any]


def discover(
    scenario: ScenarioLike = "uncertain-baseline",
    model: str = "toolkit",
    *,
    condition: str = "p_paralysis > 0.5",
    samples: int = 1000,
    seed: Optional[int] = None,
    alpha: Optional[float] = None,
    min_mass: Optional[float] = None,
    min_coverage: Optional[float] = None,
    paste: Optional[bool] = None,
    overrides: Optional[Mapping[str, Value]] = None,
) -> Discovery:
    """PRIM boxes and feature scores for ``condition`` (e.g. ``"p_paralysis > 0.5"``).

    Example::

        >>> d = natosim.discover("uncertain-baseline", "toolkit",
        ...                      condition="p_paralysis > 0.3", samples=400, seed=1)  # doctest: +SKIP
        >>> d.box[d.box.restricted]  # doctest: +SKIP
    """
    s = _problem_scenario(scenario, overrides)
    if not isinstance(condition, str):
        raise ValueError(f"condition: a string like \"p_paralysis > 0.5\", not {condition!r}")
    res_json, sbuf, obuf, interest = _natosim.discover_json(
        s._load(), _model(model, s), condition, _count("samples", samples, 1000), _seed(seed, s), alpha, min_mass, min_coverage, paste
    )
    result = json.loads(res_json)
    names = [u["path"] for u in s.uncertainties]
    exps = pd.DataFrame(_f64(sbuf, len(names)), columns=names)
    metric = condition.split()[0] if condition.split() else "metric"
    exps[metric] = np.frombuffer(obuf, dtype="<f8")
    exps["interest"] = np.asarray(interest, dtype=bool)
    box = pd.DataFrame(result["box"]["limits"])
    trajectory = pd.DataFrame(result["trajectory"])
    scores = pd.DataFrame(result["feature_scores"])
    return Discovery(box, trajectory, scores, exps, result)
