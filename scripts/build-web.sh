#!/usr/bin/env bash
# Rebuild the web app's committed vendor files (src/warlog/web/static/vendor/) from web/package-lock.json.
# Only needed when a browser library changes: users and CI get the committed files with the package.
set -euo pipefail
cd "$(dirname "$0")/../web"
npm ci --no-audit --no-fund --loglevel=error
node build.mjs
