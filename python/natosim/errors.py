"""The typed exceptions of natosim.

Every error natosim raises on purpose is a :class:`NatosimError`:

* :class:`ScenarioError` — a scenario (a file, a text, an override) is wrong. It carries
  the first problem's ``file``, field ``path``, ``line``, ``column``, ``allowed`` values and
  ``hint`` as attributes, all problems in ``diagnostics``, and the command line's text as
  its message. It is also a :class:`ValueError`: bad input.
* :class:`AnalysisError` — a workflow cannot run as asked (a condition no experiment meets,
  a metric undefined in some run, a scenario without uncertainties); ``kind`` names which.

Bad arguments to a function (a negative number of runs, an unknown design name) raise a
plain :class:`ValueError`. Ctrl-C during a run raises :class:`KeyboardInterrupt` within one
chunk of runs.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

__all__ = ["NatosimError", "ScenarioError", "AnalysisError"]


class NatosimError(Exception):
    """The base of natosim's exceptions."""


class ScenarioError(NatosimError, ValueError):
    """A scenario, its file, a text or an override is not valid.

    Attributes describe the first problem (``diagnostics`` has them all, as dicts with
    ``kind``, ``message``, ``file``, ``path``, ``line``, ``column``, ``allowed``, ``hint`` and
    ``text``, the one-line rendering).

    Example::

        >>> import natosim
        >>> try:
        ...     natosim.load_scenario("baseline", overrides={"russia.concentraton": 0.5})
        ... except natosim.ScenarioError as e:
        ...     print(e.path, e.hint)
        russia.concentraton did you mean `concentration`?
    """

    file: Optional[str]
    path: Optional[str]
    line: Optional[int]
    column: Optional[int]
    allowed: List[str]
    hint: Optional[str]
    kind: Optional[str]
    diagnostics: List[Dict[str, Any]]

    def __init__(self, message: str, diagnostics: Sequence[Dict[str, Any]] = ()) -> None:
        super().__init__(message, list(diagnostics))
        self.message = message
        self.diagnostics = [dict(d) for d in diagnostics]
        first: Dict[str, Any] = self.diagnostics[0] if self.diagnostics else {}
        self.kind = first.get("kind")
        self.file = first.get("file")
        self.path = first.get("path")
        self.line = first.get("line")
        self.column = first.get("column")
        self.allowed = list(first.get("allowed") or [])
        self.hint = first.get("hint")

    def __str__(self) -> str:
        return self.message


class AnalysisError(NatosimError):
    """A workflow cannot run with these settings on this scenario.

    ``kind`` is one of ``unknown-metric``, ``no-uncertainties``, ``invalid-setting``,
    ``invalid-scenario``, ``undefined-metric``, ``degenerate-condition``, ``design``,
    ``limit-exceeded`` (a resource limit, docs/RELIABILITY.md), ``sink`` or ``other``.
    """

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message, kind)
        self.message = message
        self.kind = kind

    def __str__(self) -> str:
        return self.message
