#!/usr/bin/env bash
# Install warlog and run the main job: ingest the example reports shipped in examples/reports
# into the embedded SQLite store (./warlog-demo.db), then show what was stored.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export WARLOG_DB="${WARLOG_DB:-$PWD/warlog-demo.db}"
status=0
.venv/bin/warlog ingest examples/reports || status=$?
.venv/bin/warlog documents
.venv/bin/warlog events 2>/dev/null || true
exit "$status"
