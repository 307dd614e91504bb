#!/usr/bin/env bash
# The quality gate on real reports: the real-report benchmark's test split must reach the floors in
# eval/real/floors.yaml (extraction per field, sentence typing on both labelled sentence sets, then
# report-pair grouping). Needs the evaluation corpus
# (../shared/corpus/real, or $WARLOG_SHARED); without it the gate says so and passes (CI has it).
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${WARLOG_SHARED:-../shared}"
if [ ! -f "$shared/corpus/real/reports.jsonl" ]; then
  echo "quality gate: skipped, $shared/corpus/real/reports.jsonl not found"
  exit 0
fi
.venv/bin/warlog eval eval/real/gold.jsonl --corpus "$shared/corpus/real/reports.jsonl" --split test \
  --floors eval/real/floors.yaml --errors 0
for sentences in sentences_real sentences_event_location; do
  .venv/bin/warlog eval "eval/real/$sentences.jsonl" --corpus "$shared" --split test \
    --floors eval/real/floors.yaml --floors-section "$sentences" --errors 0 > /dev/null
done
.venv/bin/python bench/bench_real_incidents.py --corpus "$shared/corpus/real" --split test \
  --floors eval/real/floors.yaml
