#!/usr/bin/env bash
# Install the portal with its test extras in a virtualenv and run the whole test suite.
# Uses SQLite unless DATABASE_URL is set; CI sets it to PostgreSQL (see .ci/run).
# Extra arguments go to pytest, e.g. scripts/test.sh -k consultations
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "The Compact Portal needs Python 3.11 or newer (set PYTHON=...)." >&2; exit 1; }
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
echo "Installing the portal and its test extras into .venv …"
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
exec .venv/bin/python -m pytest "$@"
