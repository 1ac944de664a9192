# Type stubs of the natosim package (the implementation is __init__.py over the Rust
# extension natosim._natosim). Docstrings live in the implementation.
from os import PathLike
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

import pandas as pd

from .errors import AnalysisError as AnalysisError
from .errors import NatosimError as NatosimError
from .errors import ScenarioError as ScenarioError

__version__: str

Value = Union[bool, int, float, str]
ScenarioLike = Union[str, PathLike[str], Scenario]

class Scenario:
    name: str
    texts: Dict[str, str]
    overrides: Tuple[Tuple[str, Value], ...]
    def __init__(
        self,
        name: str,
        texts: Optional[Mapping[str, str]] = ...,
        overrides: Union[Mapping[str, Value], Iterable[Tuple[str, Value]], None] = ...,
    ) -> None: ...
    @property
    def info(self) -> Dict[str, Any]: ...
    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def seed(self) -> int: ...
    @property
    def default_runs(self) -> int: ...
    @property
    def models(self) -> List[str]: ...
    @property
    def uncertainties(self) -> List[Dict[str, Any]]: ...
    @property
    def levers(self) -> List[Dict[str, Any]]: ...
    @property
    def outcomes(self) -> List[str]: ...
    def get(self, path: str) -> Any: ...
    def with_overrides(self, overrides: Mapping[str, Value]) -> Scenario: ...
    def to_toml(self) -> str: ...

class RunResult(NamedTuple):
    summary: pd.DataFrame
    series: pd.DataFrame
    def series_xarray(self) -> Any: ...

class Sensitivity(NamedTuple):
    indices: pd.DataFrame
    samples: pd.DataFrame
    outputs: pd.Series
    result: Dict[str, Any]

class Discovery(NamedTuple):
    box: pd.DataFrame
    trajectory: pd.DataFrame
    feature_scores: pd.DataFrame
    experiments: pd.DataFrame
    result: Dict[str, Any]

def load_scenario(
    scenario: Optional[ScenarioLike] = ..., *, overrides: Optional[Mapping[str, Value]] = ..., text: Optional[str] = ...
) -> Scenario: ...
def scenarios() -> pd.DataFrame: ...
def metrics() -> pd.DataFrame: ...
def parameters() -> pd.DataFrame: ...
def set_threads(threads: int) -> None: ...
def compare(
    scenario: ScenarioLike = ...,
    *,
    runs: Optional[int] = ...,
    seed: Optional[int] = ...,
    models: Optional[Sequence[str]] = ...,
    uncertainty: Optional[str] = ...,
    overrides: Optional[Mapping[str, Value]] = ...,
) -> pd.DataFrame: ...
def runs(
    scenario: ScenarioLike = ...,
    model: str = ...,
    *,
    runs: Optional[int] = ...,
    seed: Optional[int] = ...,
    start: int = ...,
    overrides: Optional[Mapping[str, Value]] = ...,
) -> pd.DataFrame: ...
def run(
    scenario: ScenarioLike = ...,
    model: str = ...,
    *,
    runs: Optional[int] = ...,
    seed: Optional[int] = ...,
    overrides: Optional[Mapping[str, Value]] = ...,
) -> RunResult: ...
def trace(
    scenario: ScenarioLike = ...,
    model: str = ...,
    *,
    run: int = ...,
    seed: Optional[int] = ...,
    overrides: Optional[Mapping[str, Value]] = ...,
) -> pd.DataFrame: ...
def members(
    scenario: ScenarioLike = ...,
    model: str = ...,
    *,
    runs: Optional[int] = ...,
    seed: Optional[int] = ...,
    overrides: Optional[Mapping[str, Value]] = ...,
) -> pd.DataFrame: ...
def experiment(
    scenario: ScenarioLike = ...,
    model: str = ...,
    *,
    design: str = ...,
    samples: int = ...,
    replications: int = ...,
    levels: int = ...,
    seed: Optional[int] = ...,
    scramble: bool = ...,
    start: int = ...,
    end: Optional[int] = ...,
    overrides: Optional[Mapping[str, Value]] = ...,
) -> pd.DataFrame: ...
def sensitivity(
    scenario: ScenarioLike = ...,
    model: str = ...,
    *,
    metric: str = ...,
    method: str = ...,
    samples: Optional[int] = ...,
    levels: int = ...,
    bootstrap: int = ...,
    seed: Optional[int] = ...,
    scramble: bool = ...,
    overrides: Optional[Mapping[str, Value]] = ...,
) -> Sensitivity: ...
def discover(
    scenario: ScenarioLike = ...,
    model: str = ...,
    *,
    condition: str = ...,
    samples: int = ...,
    seed: Optional[int] = ...,
    alpha: Optional[float] = ...,
    min_mass: Optional[float] = ...,
    min_coverage: Optional[float] = ...,
    paste: Optional[bool] = ...,
    overrides: Optional[Mapping[str, Value]] = ...,
) -> Discovery: ...
