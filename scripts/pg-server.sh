#!/usr/bin/env bash
# Throwaway PostgreSQL server for warlog's tests: a private cluster, trust auth, database warlog_test.
#
#   scripts/pg-server.sh start     # create the cluster if needed, start it, print the URL
#   scripts/pg-server.sh url       # print the URL of the running cluster
#   scripts/pg-server.sh stop      # stop it (data kept)
#   scripts/pg-server.sh destroy   # stop it and delete the cluster directory
#
#   export WARLOG_TEST_PG_URL="$(scripts/pg-server.sh start)"
#
# Needs the binaries of Debian's `postgresql` package (/usr/lib/postgresql/*/bin, or initdb/pg_ctl
# on PATH). Settings: WARLOG_PG_DIR (cluster directory, default <repo>/.pg), WARLOG_PG_PORT
# (default 54329; the next free port is used if it is taken by something else).
# initdb refuses to run as root, so as root the server runs as the `postgres` user, which must be
# able to reach WARLOG_PG_DIR (use e.g. WARLOG_PG_DIR=/tmp/warlog-pg if the repo is under /root).
# The cluster trusts every local connection and runs with fsync off: it is for tests only.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_DIR="${WARLOG_PG_DIR:-$REPO_ROOT/.pg}"
DATA_DIR="$PG_DIR/data"
SOCKET_DIR="$PG_DIR/socket"
PORT_FILE="$PG_DIR/port"
LOG_FILE="$PG_DIR/server.log"
DEFAULT_PORT="${WARLOG_PG_PORT:-54329}"
DATABASE="warlog_test"

die() { echo "pg-server.sh: $*" >&2; exit 1; }

find_bindir() {
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return
    fi
    local newest
    newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$newest" ] || die "no PostgreSQL binaries found (install Debian's postgresql package)"
    echo "$newest"
}

BIN="$(find_bindir)"

# Run a command as the cluster's owner: postgres when we are root, ourselves otherwise.
as_owner() {
    if [ "$(id -u)" -ne 0 ]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u postgres -- "$@"
    else
        su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

is_running() {
    [ -f "$DATA_DIR/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1
}

print_url() {
    [ -f "$PORT_FILE" ] || die "no cluster has been started in $PG_DIR"
    echo "postgresql://postgres@127.0.0.1:$(cat "$PORT_FILE")/$DATABASE"
}

init_cluster() {
    mkdir -p "$PG_DIR"
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to own the cluster"
        chown postgres: "$PG_DIR"
        as_owner test -w "$PG_DIR" || die "user postgres cannot write $PG_DIR; set WARLOG_PG_DIR (e.g. /tmp/warlog-pg)"
    fi
    as_owner mkdir -p "$SOCKET_DIR"
    if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
        as_owner "$BIN/initdb" -D "$DATA_DIR" -U postgres --auth=trust --encoding=UTF8 --no-locale \
            >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
    fi
}

choose_port() {
    local port="$DEFAULT_PORT"
    while port_in_use "$port"; do
        port=$((port + 1))
        [ "$port" -lt $((DEFAULT_PORT + 100)) ] || die "no free port in $DEFAULT_PORT..$port"
    done
    echo "$port"
}

start() {
    init_cluster
    if ! is_running; then
        local port
        port="$(choose_port)"
        as_owner touch "$LOG_FILE" 2>/dev/null || true
        as_owner "$BIN/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 \
            -o "-p $port -k $SOCKET_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
            start >/dev/null || { tail -n 20 "$LOG_FILE" >&2; die "the server did not start"; }
        echo "$port" >"$PORT_FILE"
    fi
    local port psql
    port="$(cat "$PORT_FILE")"
    psql=("$BIN/psql" -h "$SOCKET_DIR" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq)
    if [ "$(as_owner "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]; then
        as_owner "${psql[@]}" -c "CREATE DATABASE $DATABASE" >/dev/null
    fi
    print_url
}

stop() {
    if is_running; then
        as_owner "$BIN/pg_ctl" -D "$DATA_DIR" -m fast -w stop >/dev/null
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) print_url ;;
    destroy) stop; rm -rf "$PG_DIR" ;;
    *) echo "usage: $0 start|stop|url|destroy" >&2; exit 2 ;;
esac
