#!/usr/bin/env bash
# Install warlog into ./.venv (Python 3.11+).
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

# The web app's libraries (Leaflet, markercluster, the Natural Earth basemap, Cytoscape) are committed
# in src/warlog/web/static/vendor/ (built by web/build.mjs from web/package-lock.json) and ship inside
# the package: a user's install needs no Node. --dev installs web/node_modules from the lockfile so
# that tests/web/test_web_vendor.py can check the committed files against a fresh build.
if [ "${1:-}" = "--dev" ]; then
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  [ -x /usr/bin/chromium ] || apt_install chromium
  (cd web && npm ci --no-audit --no-fund --loglevel=error) \
    || { echo "install.sh: npm ci in web/ failed (needed by the vendor-files test)" >&2; exit 1; }
  need_pg=1
  { command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; } && need_pg=0
  if [ "$need_pg" = 1 ]; then apt_install postgresql; fi
  .venv/bin/python -m pip install --quiet -e ".[dev]"
else
  .venv/bin/python -m pip install --quiet -e .
fi

# Build the caches every later run reuses (the gazetteer's name index, the language identifier) now,
# once, so that the first real command does not pay for them (about 12 s).
echo "A drone struck a car near Raqqa on Monday." | .venv/bin/warlog extract --published 2024-01-02 - >/dev/null
