#!/usr/bin/env bash
# Install warlog into ./.venv (Python 3.11+) and build the web app's vendor files from the npm lockfile.
# With --dev: also test tools and the system packages the tests drive for real (a PostgreSQL server,
# Debian's chromium for the browser tests, Node.js when missing). Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
apt_install() {  # Debian packages, only when some are missing
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}

# The web app's libraries (Leaflet, markercluster, the Natural Earth basemap, Cytoscape) come from the
# npm registry through web/package-lock.json and are copied into src/warlog/web/static/vendor/.
build_web() {
  (cd web && npm ci --no-audit --no-fund --loglevel=error && node build.mjs)
}

if [ "${1:-}" = "--dev" ]; then
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  [ -x /usr/bin/chromium ] || apt_install chromium
  build_web || { echo "install.sh: building the web app's vendor files failed (npm ci in web/)" >&2; exit 1; }
  need_pg=1
  { command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; } && need_pg=0
  if [ "$need_pg" = 1 ]; then apt_install postgresql; fi
  .venv/bin/python -m pip install --quiet -e ".[dev]"
else
  if command -v npm >/dev/null 2>&1; then
    build_web || echo "install.sh: warning: the web app's vendor files were not built; 'warlog serve' shows no map" >&2
  else
    echo "install.sh: warning: npm not found; 'warlog serve' runs without the web app's map libraries" >&2
  fi
  .venv/bin/python -m pip install --quiet -e .
fi

# Build the caches every later run reuses (the gazetteer's name index, the language identifier) now,
# once, so that the first real command does not pay for them (about 12 s).
echo "A drone struck a car near Raqqa on Monday." | .venv/bin/warlog extract --published 2024-01-02 - >/dev/null
