"""Shared fixtures: the natosim binary built from this repository (for CLI equality)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, List

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def natosim_bin() -> Path:
    """The CLI binary: $NATOSIM_BIN, else target/release/natosim (python/test.sh builds it)."""
    path = Path(os.environ.get("NATOSIM_BIN", REPO / "target" / "release" / "natosim"))
    if not path.is_file():
        pytest.fail(f"{path}: no natosim binary; run `cargo build --release -p natosim-cli` (python/test.sh does)")
    return path


@pytest.fixture(scope="session")
def cli(natosim_bin: Path):
    """Runs the CLI with arguments; returns stdout (text). Fails the test on a non-zero exit."""

    def run(*args: Any, cwd: Any = None) -> str:
        p = subprocess.run([str(natosim_bin), *map(str, args)], capture_output=True, text=True, cwd=cwd)
        if p.returncode != 0:
            raise AssertionError(f"natosim {' '.join(map(str, args))} exited {p.returncode}: {p.stderr}")
        return p.stdout

    return run


@pytest.fixture(scope="session")
def cli_json(cli):
    def run(*args: Any) -> Any:
        return json.loads(cli(*args, "--format", "json"))

    return run


def cli_error(natosim_bin: Path, *args: Any) -> str:
    """The CLI's stderr for bad input (exit code 2)."""
    p = subprocess.run([str(natosim_bin), *map(str, args)], capture_output=True, text=True)
    assert p.returncode == 2, (p.returncode, p.stderr)
    return p.stderr


def columns(df) -> List[str]:
    return [str(c) for c in df.columns]
