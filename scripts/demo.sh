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
# Say how to reach this store again: later commands without --db read the user data directory's store.
case "$WARLOG_DB" in
  *://*) db="$WARLOG_DB" ;;                 # a SQLAlchemy URL, as given
  *) db="$(realpath -m -- "$WARLOG_DB")" ;;  # a file: its absolute path, valid from any folder
esac
echo
echo "The demo store is $db. From $PWD, read it again with:"
printf '  .venv/bin/warlog events --db %q\n' "$db"
printf '  .venv/bin/warlog incidents --db %q\n' "$db"
printf '  .venv/bin/warlog serve --db %q    (then open http://127.0.0.1:8000/)\n' "$db"
echo "or export WARLOG_DB=$(printf %q "$db") once for this shell."
exit "$status"
