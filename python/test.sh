#!/usr/bin/env bash
# The Python part of the project's tests (tools/test runs it after the Rust tests).
#
#   1. a virtual environment in target/python-venv (made once, reused);
#   2. the test requirements pinned in python/requirements-test.txt;
#   3. the package built from this repository (`pip install ./python`: maturin compiles
#      crates/natosim-python into an abi3 wheel);
#   4. the CLI binary built from this repository, for the equality tests;
#   5. pytest (python/tests), then the analyst notebook executed with nbclient.
#
# With CI=true a missing python3 (or venv module) is a failure; otherwise it is a skip.
# NATOSIM_PYTHON names another interpreter (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv="$root/target/python-venv"
py="${NATOSIM_PYTHON:-python3}"

if ! command -v "$py" > /dev/null 2>&1 || ! "$py" -c 'import venv, ensurepip' > /dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "python/test.sh: $py with the venv module is required (CI=true): install python3 and python3-venv" >&2
    exit 1
  fi
  echo "python/test.sh: no $py with venv; skipping the Python tests (CI would fail)" >&2
  exit 0
fi

start=$(date +%s)
if [ ! -x "$venv/bin/python" ]; then
  echo "== creating $venv"
  "$py" -m venv "$venv"
fi
# The venv's tools (maturin, which pip's build hook calls by name) come first.
export PATH="$venv/bin:$PATH"
pip() { "$venv/bin/python" -m pip --disable-pip-version-check -q "$@"; }
echo "== installing the test requirements (python/requirements-test.txt)"
pip install -r python/requirements-test.txt
echo "== building and installing the package (pip install ./python)"
# Reinstall every time: the extension must be the one built from this tree.
# maturin is pinned in the requirements: build with it rather than fetching another into an
# isolated build environment.
pip install --force-reinstall --no-deps --no-build-isolation ./python
echo "== building the CLI for the equality tests"
cargo build --release --locked -p natosim-cli
export NATOSIM_BIN="$root/target/release/natosim"

echo "== pytest"
cd "$root/python"
# Not `python -m pytest`: that puts python/ on sys.path, and the source tree (without
# the compiled extension) would shadow the installed package.
"$venv/bin/pytest" -q -p no:cacheprovider tests

echo "== the analyst notebook (examples/analyst.ipynb, nbclient)"
cd "$root"
"$venv/bin/python" - <<'PY'
import sys, time
import nbformat
from nbclient import NotebookClient

path = "examples/analyst.ipynb"
nb = nbformat.read(path, as_version=4)
t = time.perf_counter()
# Executed in memory; outputs are not written back (the repository keeps the notebook clean).
NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": "examples"}}).execute()
errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
if errors:
    sys.exit(f"{path}: {len(errors)} cell(s) failed")
print(f"{path}: {sum(c.cell_type == 'code' for c in nb.cells)} code cells ran in {time.perf_counter() - t:.1f} s")
PY
echo "python/test.sh: all Python tests passed in $(( $(date +%s) - start )) s"
