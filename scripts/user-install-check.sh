#!/usr/bin/env bash
# Install warlog as a new user does and use it: a fresh venv, `pip install .` (not editable, no extras)
# with npm and node taken off PATH, then tests/project/test_user_install.py drives that venv's `warlog`:
# ingest an HTML file and a JSONL line with `html`, poll a loopback feed, serve, and check the page in
# headless Chromium (Playwright from the development venv). Run by scripts/test.sh after the suite;
# needs `bash scripts/install.sh --dev` first (pytest, Playwright, Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d -t warlog-user-XXXXXX)"
trap 'rm -rf "$work"' EXIT

# A PATH on which npm and node do not exist: shims that fail, ahead of the real ones.
mkdir -p "$work/no-node"
for tool in npm npx node; do
  printf '#!/bin/sh\necho "%s is not available in the user-install check" >&2\nexit 127\n' "$tool" > "$work/no-node/$tool"
  chmod +x "$work/no-node/$tool"
done
user_path="$work/no-node:$PATH"

python=${PYTHON:-python3}
PATH="$user_path" "$python" -m venv "$work/venv"
PATH="$user_path" "$work/venv/bin/python" -m pip install --quiet --upgrade pip
# A copy of the tree, so no build output of the development checkout (egg-info, build/) can help.
git ls-files -z | tar --null -T - -cf - | (mkdir -p "$work/src" && cd "$work/src" && tar -xf -)
(cd "$work/src" && PATH="$user_path" "$work/venv/bin/python" -m pip install --quiet .)
echo "user-install-check: installed $("$work/venv/bin/warlog" --version 2>/dev/null || echo warlog) into a fresh venv"

WARLOG_USER_VENV="$work/venv" WARLOG_USER_PATH="$user_path" PATH="$user_path" \
  .venv/bin/python -m pytest -q -p no:cacheprovider tests/project/test_user_install.py
