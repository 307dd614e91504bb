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
.venv/bin/warlog incidents 2>/dev/null || true
echo "Browse them: .venv/bin/warlog serve --db $WARLOG_DB  (then open http://127.0.0.1:8000/)"
exit "$status"
