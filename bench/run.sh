#!/usr/bin/env bash
# The benchmark: national-scale data in PostgreSQL, gunicorn with production settings, wrk over
# loopback for a bounded time per page, and the reminder sweep over the whole data.
# Usage: bash bench/run.sh   (BENCH_SECONDS=8 BENCH_CONNECTIONS=8 BENCH_RESEED=1 to change)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[ -x .venv/bin/python ] || { python3 -m venv .venv && .venv/bin/pip install -q -e ".[test]"; }
exec .venv/bin/python bench/bench.py "$@"
