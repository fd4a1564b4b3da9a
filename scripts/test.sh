#!/usr/bin/env bash
# The full check, as CI runs it: system packages, virtual environment, lint, types, tests.
# Extra arguments go to pytest (e.g. scripts/test.sh -k bank).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
install_system_packages "${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_venv "[dev,packaging]"
cd "$ROOT"
echo "== ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
echo "== mypy"
"$VENV/bin/mypy"
echo "== pytest"
"$VENV/bin/python" -m pytest "$@"
