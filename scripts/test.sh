#!/usr/bin/env bash
# Install everything (dev tools, a PostgreSQL server) and run the whole test suite,
# PostgreSQL tests included against a real throwaway server started here; then the quality gate on
# real reports (scripts/quality-gate.sh) and the user-install check (scripts/user-install-check.sh).
# WARLOG_SKIP_USER_INSTALL=1 skips that last step.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --dev
WARLOG_TEST_PG_URL="$(bash scripts/pg-server.sh start)"
export WARLOG_TEST_PG_URL
trap 'bash scripts/pg-server.sh stop >/dev/null 2>&1 || true' EXIT
.venv/bin/python -m pytest -q "$@"
# The quality gate on real reports (floors in eval/real/floors.yaml).
bash scripts/quality-gate.sh
# Then install as a new user does (fresh venv, `pip install .`, no npm) and use that install.
[ "${WARLOG_SKIP_USER_INSTALL:-}" = 1 ] || bash scripts/user-install-check.sh
