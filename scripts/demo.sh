#!/usr/bin/env bash
# Install the portal in a virtualenv, load the demo data and serve it at http://127.0.0.1:8000
# on the embedded defaults (SQLite, tasks in-process, emails printed here). Needs Python 3.11+.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "The Compact Portal needs Python 3.11 or newer (set PYTHON=...)." >&2; exit 1; }
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
echo "Installing the portal into .venv …"
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py seed_demo
echo "Serving the Compact Portal at http://127.0.0.1:8000 (Ctrl+C to stop)"
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
